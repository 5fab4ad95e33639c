// The alarm lifecycle over InfluxDB (a real influxd): an elevator fault raises one alarm, its
// acknowledgement is stored as an event, and a new dashboard over the same database shows both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRegistry, type AlarmList, type Reading } from '@louyu/core';
import { createStore, type TelemetryStore } from '@louyu/store';
import { buildApp, createUserRecord, InProcessSource, UserDirectory } from '@louyu/dashboard-server';
import type { FastifyInstance } from 'fastify';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import { stopAll } from './harness/stop-all.ts';

const registry = smallRegistry();

describe('alarms over InfluxDB survive a restart', () => {
  let influxd: InfluxdHandle;
  let users: UserDirectory;
  // Near the real time: InfluxDB drops points older than its retention policy's window.
  const clock = { now: Math.floor(Date.now() / 1000) * 1000 };
  const open: { app: FastifyInstance; store: TelemetryStore }[] = [];

  beforeAll(async () => {
    influxd = await startInfluxd();
    users = new UserDirectory([
      await createUserRecord({ username: 'staff', password: 'district-staff-pw', role: 'district' }),
    ]);
  });
  afterAll(() =>
    stopAll(...open.flatMap(({ app, store }) => [() => app.close(), () => store.close()]), () =>
      influxd?.dispose(),
    ),
  );

  async function start(source = new InProcessSource()) {
    const store = await createStore({
      kind: 'influx',
      url: influxd.url,
      database: 'dashboard_alarms',
      timeoutMs: 5_000,
    });
    const app = await buildApp({
      registry,
      store,
      users,
      jwtSecret: 'y'.repeat(40),
      source,
      options: { now: () => clock.now },
    });
    await app.ready();
    open.push({ app, store });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'staff', password: 'district-staff-pw' },
    });
    const token = login.json<{ token: string }>().token;
    const list = async (): Promise<AlarmList> =>
      (
        await app.inject({ url: '/api/alarms', headers: { authorization: `Bearer ${token}` } })
      ).json<AlarmList>();
    return { app, source, token, list };
  }

  const fault = (ts: number): Reading => ({
    building: 'short-elevators',
    kind: 'elevator',
    device: 'car-2',
    ts,
    data: { state: 'fault', floor: 1, load_pct: 0, trips: 0, door_cycles: 0, wait_s: 0, fault: 'DOOR' },
  });

  it('keeps the raised alarm and its acknowledgement', async () => {
    const first = await start();
    for (let i = 0; i <= 4; i++) {
      first.source.push(fault(clock.now));
      clock.now += 10_000;
    }
    expect((await first.list()).active).toHaveLength(1);
    const ack = await first.app.inject({
      method: 'POST',
      url: `/api/alarms/${encodeURIComponent('short-elevators/car-2/elevator_fault')}/ack`,
      headers: { authorization: `Bearer ${first.token}` },
    });
    expect(ack.statusCode).toBe(200);
    const ackedAt = clock.now;

    const second = await start();
    expect((await second.list()).active).toEqual([
      expect.objectContaining({
        id: 'short-elevators/car-2/elevator_fault',
        state: 'acknowledged',
        acknowledged_by: 'staff',
        acknowledged_at: ackedAt,
      }),
    ]);
    // The history comes back from the stored events (the store's points query), newest first.
    expect((await second.list()).history.map((h) => [h.event, h.by])).toEqual([
      ['acknowledged', 'staff'],
      ['raised', null],
    ]);
  });
});
