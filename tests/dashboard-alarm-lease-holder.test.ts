// Issue 17 item 5: two dashboards disagreed on 43 of 89 buildings after a broker kill and nothing told the
// operator. Each node now says which node holds the alarm-writer lease (the one writing alarm transitions
// to the store), on /readyz and as louyu_dashboard_alarm_lease_holder{node}; both nodes name the same
// one, and the other one once the holder stops.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessSource } from '@louyu/dashboard-server';
import { startTestApp, type TestApp } from '../dashboard/server/test/helpers/app.ts';
import { startRedis, type RedisHarness } from './harness/redis.ts';
import { stopAll } from './harness/stop-all.ts';
import { until } from './harness/until.ts';

interface Lease {
  node: string;
  holder: string | null;
  held: boolean;
  checked_at: number | null;
}

describe('which dashboard node holds the alarm lease', () => {
  let redis: RedisHarness;
  let a: TestApp;
  let b: TestApp;
  const stopped = new Set<TestApp>();

  const start = () =>
    startTestApp({ redis: redis.url, alarmWriterLeaseMs: 600 }, { source: new InProcessSource() });

  beforeAll(async () => {
    redis = await startRedis();
    a = await start();
    b = await start();
  });
  afterAll(() =>
    stopAll(
      () => (stopped.has(a) ? undefined : a?.dispose()),
      () => (stopped.has(b) ? undefined : b?.dispose()),
      () => redis?.stop(),
    ),
  );

  const lease = async (node: TestApp): Promise<Lease> =>
    (await node.app.inject({ url: '/readyz' })).json<{ alarm_lease: Lease }>().alarm_lease;
  const holderMetric = async (node: TestApp): Promise<string[]> => {
    const text = (await node.app.inject({ url: '/metrics' })).body;
    return [...text.matchAll(/^louyu_dashboard_alarm_lease_holder\{node="([^"]+)"\} 1$/gm)].map((m) => m[1]!);
  };

  it('is the same node on both, on /readyz and /metrics', async () => {
    const [onA, onB] = [await lease(a), await lease(b)];
    expect(onA.node).not.toBe(onB.node);
    expect(onA.holder).toBe(onB.holder);
    expect([onA.node, onB.node]).toContain(onA.holder);
    expect([onA.held, onB.held].filter(Boolean)).toHaveLength(1);
    expect(onA.checked_at).toBeTypeOf('number');
    expect(await holderMetric(a)).toEqual([onA.holder]);
    expect(await holderMetric(b)).toEqual([onA.holder]);
  });

  it('moves to the other node when the holder stops, and both say so', async () => {
    const before = (await lease(a)).holder;
    const [holder, other] = before === (await lease(a)).node ? [a, b] : [b, a];
    const otherId = (await lease(other)).node;
    stopped.add(holder);
    await holder.dispose();
    await until(async () => (await lease(other)).holder === otherId, 'the other node to take the lease');
    expect((await lease(other)).held).toBe(true);
    expect(await holderMetric(other)).toEqual([otherId]);
  });
});
