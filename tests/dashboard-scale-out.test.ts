// Two dashboard nodes on one machine joined through a real redis-server (socket.io's Redis adapter): a
// reading fed to node A only (the in-process source of the all-in-one mode) reaches a browser connected to
// node B as one clean sequence of deltas, and alarm commands given to one node hold on both.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmList, BuildingRoomState, DeltaMessage, Reading } from '@louyu/core';
import { InProcessSource } from '@louyu/dashboard-server';
import { startTestApp, type TestApp } from '../dashboard/server/test/helpers/app.ts';
import { openSocket, type TestSocket } from '../dashboard/server/test/helpers/sockets.ts';
import { startRedis, type RedisHarness } from './harness/redis.ts';
import { stopAll } from './harness/stop-all.ts';
import { until } from './harness/until.ts';

describe('two dashboard nodes sharing socket.io through Redis', () => {
  const sourceA = new InProcessSource();
  const sockets: TestSocket[] = [];
  let redis: RedisHarness;
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;

  const start = async (source: InProcessSource): Promise<[TestApp, string]> => {
    const node = await startTestApp(
      { redis: redis.url, buildingIntervalMs: 20, districtIntervalMs: 50, alarmWriterLeaseMs: 600 },
      { source },
    );
    await node.app.listen({ port: 0, host: '127.0.0.1' });
    return [node, `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`];
  };

  beforeAll(async () => {
    redis = await startRedis();
    [a, urlA] = await start(sourceA);
    [b, urlB] = await start(new InProcessSource());
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await stopAll(
      () => a?.dispose(),
      () => b?.dispose(),
      () => redis?.stop(),
    );
  });

  const open = async (url: string, token: string) => {
    const opened = await openSocket(url, token);
    sockets.push(opened.socket);
    return opened;
  };

  const floor = (people: number): Reading => ({
    building: 'healthy',
    kind: 'occupancy',
    device: 'floor-05',
    ts: (a.clock.now += 1000),
    data: { people, capacity: 150 },
  });
  const hasPeople =
    (people: number) =>
    (d: DeltaMessage): boolean =>
      d.room === 'building:healthy' &&
      (d.changes as Partial<BuildingRoomState>).detail?.floors.some(
        (f) => f.device === 'floor-05' && f.people === people,
      ) === true;

  it('delivers to a client on node B the delta of a reading fed to node A', async () => {
    const onB = await open(urlB, await b.token('manager'));
    const onA = await open(urlA, await a.token('manager'));
    expect(onB.seen.rooms).toEqual(['building:healthy']);

    sourceA.push(floor(61));
    await until(() => onB.seen.deltas.some(hasPeople(61)), 'node B to send the delta');
    await until(() => onA.seen.deltas.some(hasPeople(61)), 'node A to send the delta');
    sourceA.push(floor(62));
    await until(() => onB.seen.deltas.some(hasPeople(62)), 'the second delta on node B');

    // Node B's client hears node B only: one sequence, no message twice (node A's deltas stay on node A).
    const seqs = onB.seen.deltas.filter((d) => d.room === 'building:healthy').map((d) => d.seq);
    expect(seqs[0]).toBe(onB.seen.snapshots[0]!.seq + 1);
    seqs.forEach((s, i) => i > 0 && expect(s).toBe(seqs[i - 1]! + 1));
    expect(onB.seen.deltas.filter(hasPeople(61))).toHaveLength(1);
  });

  it('holds an alarm command given to one node on the other', async () => {
    const list = async (node: TestApp): Promise<AlarmList> =>
      (
        await node.app.inject({
          url: '/api/alarms',
          headers: { authorization: `Bearer ${await node.token('district')}` },
        })
      ).json<AlarmList>();
    // The nodes' clocks agree, as NTP keeps real ones.
    b.clock.now = a.clock.now;
    a.app.louyu.alarms.spoolFull(true, 'spool full on node A');
    await until(() => b.app.louyu.alarms.get('_louyu/ingest/spool_full') !== undefined, 'node B to raise it');
    expect((await list(b)).active).toEqual([
      expect.objectContaining({ id: '_louyu/ingest/spool_full', detail: 'spool full on node A' }),
    ]);
    a.clock.now = b.clock.now += 5_000;
    const ack = await b.app.inject({
      method: 'POST',
      url: `/api/alarms/${encodeURIComponent('_louyu/ingest/spool_full')}/ack`,
      headers: { authorization: `Bearer ${await b.token('district')}` },
    });
    expect(ack.statusCode).toBe(200);
    await until(
      () => a.app.louyu.alarms.get('_louyu/ingest/spool_full')?.state === 'acknowledged',
      'node A to record the acknowledgement',
    );
    const onA = (await list(a)).active[0]!;
    expect(onA).toMatchObject({ acknowledged_by: 'district', acknowledged_at: b.clock.now });
  });

  it('stores each alarm transition once, from the lease holder, and hands writing over when it stops', async () => {
    const stored = async (node: TestApp): Promise<string[]> => {
      await node.app.louyu.alarms.flush();
      const events = await node.store.points({ measurement: 'alarm_event' }, 0, node.clock.now + 60_000, 100);
      return events.map((p) => String(p.fields.event));
    };
    // Node A started first and holds the lease: the raise on A and the acknowledgement given on B are both
    // written by A; node B, which applied both too, wrote neither.
    expect(a.app.louyu.peers.writesAlarms()).toBe(true);
    expect(b.app.louyu.peers.writesAlarms()).toBe(false);
    expect(await stored(a)).toEqual(['acknowledged', 'raised']);
    expect(await stored(b)).toEqual([]);

    await a.app.close();
    await until(() => b.app.louyu.peers.writesAlarms(), 'node B to take the lease');
    b.app.louyu.alarms.spoolFull(false);
    b.clock.now += 61_000;
    b.app.louyu.alarms.tick();
    expect(await stored(b)).toEqual(['cleared']);
  });
});
