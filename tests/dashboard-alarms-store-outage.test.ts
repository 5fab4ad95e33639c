// No lost transitions (issue 19, item 4): influxd is stopped while alarms are raised, acknowledged and
// cleared, and the dashboard is even restarted before it comes back. Every transition waits in the alarm
// spool and is in the stored history afterwards, exactly once each; /metrics counts the transitions and
// the standing alarms as they are.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_POLICIES, smallRegistry, type AlarmList, type Reading } from '@louyu/core';
import { createStore, type TelemetryStore } from '@louyu/store';
import { buildApp, createUserRecord, InProcessSource, UserDirectory } from '@louyu/dashboard-server';
import type { FastifyInstance } from 'fastify';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import { stopAll } from './harness/stop-all.ts';
import { until } from './harness/until.ts';

const registry = smallRegistry();
const POLICY = ALARM_POLICIES.elevator_fault;

describe('alarm transitions during a store outage', () => {
  let influxd: InfluxdHandle;
  let users: UserDirectory;
  let spoolDir: string;
  // Near the real time: InfluxDB drops points older than its retention policy's window.
  const clock = { now: Math.floor(Date.now() / 1000) * 1000 };
  const open: { app: FastifyInstance; store: TelemetryStore; closed: boolean }[] = [];

  beforeAll(async () => {
    influxd = await startInfluxd();
    spoolDir = await mkdtemp(join(tmpdir(), 'louyu-alarm-spool-'));
    users = new UserDirectory([
      await createUserRecord({ username: 'staff', password: 'district-staff-pw', role: 'district' }),
    ]);
  });
  afterAll(() =>
    stopAll(
      ...open.flatMap((o) => [() => (o.closed ? Promise.resolve() : o.app.close()), () => o.store.close()]),
      () => influxd?.dispose(),
      () => rm(spoolDir, { recursive: true, force: true }),
    ),
  );

  async function start(withSpool: boolean) {
    const store = await createStore({
      kind: 'influx',
      url: influxd.url,
      database: 'alarm_outage',
      timeoutMs: 2_000,
    });
    const source = new InProcessSource();
    const app = await buildApp({
      registry,
      store,
      users,
      jwtSecret: 'y'.repeat(40),
      source,
      options: { now: () => clock.now, ...(withSpool ? { alarmSpoolDir: spoolDir } : {}) },
    });
    await app.ready();
    const handle = { app, store, closed: false };
    open.push(handle);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'staff', password: 'district-staff-pw' },
    });
    const auth = { authorization: `Bearer ${login.json<{ token: string }>().token}` };
    const list = async (): Promise<AlarmList> =>
      (await app.inject({ url: '/api/alarms?limit=1000', headers: auth })).json<AlarmList>();
    const close = async () => {
      handle.closed = true;
      await app.close();
    };
    return { app, source, auth, list, close };
  }

  const car = (device: string, fault: boolean): Reading => ({
    building: 'short-elevators',
    kind: 'elevator',
    device,
    ts: clock.now,
    data: {
      state: fault ? 'fault' : 'idle',
      floor: 1,
      load_pct: 0,
      trips: 0,
      door_cycles: 0,
      wait_s: 0,
      ...(fault ? { fault: 'DOOR' } : {}),
    },
  });
  /** Feeds the cars' readings until `ms` have passed on the clock, every 10 s. */
  const feed = (source: InProcessSource, cars: Record<string, boolean>, ms: number) => {
    for (const end = clock.now + ms; clock.now <= end; clock.now += 10_000)
      for (const [device, fault] of Object.entries(cars)) source.push(car(device, fault));
  };
  const metric = (text: string, name: string, label: string): number =>
    Number(new RegExp(`^${name}\\{${label}\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

  it('keeps every one in the spool and stores it once the store is back, across a restart', async () => {
    const first = await start(true);
    feed(first.source, { 'car-1': true, 'car-2': false }, POLICY.raiseAfterMs);
    expect((await first.list()).active.map((a) => a.id)).toEqual(['short-elevators/car-1/elevator_fault']);
    await until(() => first.app.louyu.alarms.unstored === 0, 'the first raise stored');

    await influxd.stop();
    // During the outage: car-2 faults, car-1 is acknowledged and then clears; car-3 faults too.
    feed(first.source, { 'car-1': true, 'car-2': true, 'car-3': true }, POLICY.raiseAfterMs);
    const ack = await first.app.inject({
      method: 'POST',
      url: `/api/alarms/${encodeURIComponent('short-elevators/car-1/elevator_fault')}/ack`,
      headers: first.auth,
    });
    expect(ack.statusCode).toBe(200); // answered although the store is down: the transition is spooled
    feed(first.source, { 'car-1': false, 'car-2': true, 'car-3': true }, POLICY.clearAfterMs);
    const history = (await first.list()).history;
    expect(history.map((h) => `${h.alarm.split('/')[1]} ${h.event}`).sort()).toEqual([
      'car-1 acknowledged',
      'car-1 cleared',
      'car-1 raised',
      'car-2 raised',
      'car-3 raised',
    ]);
    expect(first.app.louyu.alarms.unstored).toBeGreaterThanOrEqual(4);

    // /metrics tells the truth: 3 raised, 1 acknowledged, 1 cleared; 2 standing (elevator faults are major).
    const metrics = (await first.app.inject({ url: '/metrics' })).body;
    expect(metric(metrics, 'louyu_dashboard_alarm_transitions_total', 'state="raised"')).toBe(3);
    expect(metric(metrics, 'louyu_dashboard_alarm_transitions_total', 'state="acknowledged"')).toBe(1);
    expect(metric(metrics, 'louyu_dashboard_alarm_transitions_total', 'state="cleared"')).toBe(1);
    expect(metric(metrics, 'louyu_dashboard_alarms_active', `severity="${POLICY.severity}"`)).toBe(2);

    // The dashboard stops before the store is back: the spool keeps what the store did not take.
    await first.close();
    await influxd.restart();

    // The next start drains the spool into the store ...
    const second = await start(true);
    await until(() => second.app.louyu.alarms.unstored === 0, 'the spooled transitions stored');
    await second.close();

    // ... and a dashboard over the store alone finds every transition, once each.
    const third = await start(false);
    const stored = (await third.list()).history;
    const key = (h: AlarmList['history'][number]) => `${h.alarm} ${h.event} ${h.at} ${h.by ?? ''}`;
    expect(stored.map(key).sort()).toEqual(history.map(key).sort());
    expect(stored).toHaveLength(5);
  });
});
