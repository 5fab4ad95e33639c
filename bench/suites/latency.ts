// Suite 3, latency: how old the newest reading is when a dashboard client gets it. Gateways publish energy
// readings stamped with their publish time through Louyu's broker; the dashboard server (subscribed over
// MQTT, as `louyu dashboard` runs) pushes coalesced socket.io deltas (a building room at most 4 Hz). The
// baseline is the same publish measured at a plain MQTT subscriber of the same broker.
import { hepingRegistry } from '@louyu/core';
import { benchAccounts } from '../lib/accounts.ts';
import { forkChild } from '../lib/child.ts';
import type { PublisherClient } from '../lib/children/publisher.ts';
import type { ReadResult } from '../lib/children/subscriber.ts';
import { ProcSampler } from '../lib/proc.ts';
import { compared, type Figure, type Suite, type SuiteContext } from '../lib/result.ts';
import { latencySummary, sleep } from '../lib/stats.ts';

const BUILDINGS = 20;

async function run(ctx: SuiteContext): Promise<Figure[]> {
  const registry = hepingRegistry();
  const buildings = registry.buildings.slice(0, BUILDINGS).map((b) => b.id);
  const accounts = benchAccounts(buildings);
  const [stack, client, subscriber, pool] = await Promise.all([
    forkChild('live-stack'),
    forkChild('live-client'),
    ctx.children.subscriber(),
    ctx.children.generators(),
  ]);
  const figures: Figure[] = [];
  try {
    const { mqttPort, httpPort, token } = await stack.call<{
      mqttPort: number;
      httpPort: number;
      token: string;
    }>('start', { credentials: accounts.document, service: accounts.service });
    const mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
    await client.call('connect', { url: `http://127.0.0.1:${httpPort}`, token, buildings });
    await subscriber.call('connect', {
      url: mqttUrl,
      topic: 'louyu/v1/#',
      qos: 0,
      noDelay: true,
      ...accounts.service,
    });
    const clients = buildings.map((b): PublisherClient => ({
      clientId: `bench-${b}`,
      topic: `louyu/v1/${b}/energy/meter1`,
      ...accounts.gateway(b),
    }));
    await pool.connect(mqttUrl, clients, { noDelay: true });
    const rates = ctx.quick ? [1000, 5000] : [1000, 5000, 20_000];
    const durationMs = ctx.quick ? 2000 : 6000;
    for (const rate of rates) {
      ctx.log(`latency: ${rate} msg/s`);
      const sampler = new ProcSampler({ stack: stack.pid });
      const running = pool.run({ qos: 0, payload: 'energy-now', durationMs, rate, window: 1000 });
      await sleep(500);
      await client.call('reset');
      await subscriber.call('reset', { latency: true });
      sampler.start();
      await sleep(durationMs - 700);
      const live = await client.call<{ latencies: number[]; deltas: number; cpuPct: number }>('read');
      const mqtt = await subscriber.call<ReadResult>('read');
      const usage = sampler.stop();
      const gen = await running;
      await subscriber.call('settle', { quietMs: 300, maxMs: 10_000 });
      const ws = latencySummary(live.latencies);
      const base = latencySummary(mqtt.latencies);
      const achieved = Math.round((gen.acked * 1000) / gen.elapsedMs);
      for (const p of ['p50', 'p95', 'p99'] as const) {
        const baseline: Figure = {
          suite: 'latency',
          case: `${rate} msg/s`,
          subject: 'mqtt subscriber',
          metric: `publish -> MQTT ${p}`,
          value: base[p],
          unit: 'ms',
          note: p === 'p50' ? `n=${base.n}` : undefined,
        };
        figures.push(
          compared(
            {
              suite: 'latency',
              case: `${rate} msg/s`,
              subject: 'louyu dashboard',
              metric: `publish -> socket.io ${p}`,
              value: ws[p],
              unit: 'ms',
              generatorCpuPct: gen.cpuPct,
              note:
                p === 'p50'
                  ? `${live.deltas} deltas (20 building rooms, <= 4 Hz each), published ${achieved}/s, broker+dashboard CPU ${Math.round(usage.stack?.cpuPct ?? 0)}%`
                  : undefined,
            },
            baseline,
          ),
          baseline,
        );
      }
    }
  } finally {
    await pool.disconnect();
    await subscriber.call('disconnect');
    await client.close();
    await stack.close();
  }
  return figures;
}

export const latencySuite: Suite = {
  name: 'latency',
  description:
    'publish -> socket.io client p50/p95/p99 through broker and dashboard server (coalesced deltas), beside publish -> MQTT subscriber',
  run,
};
