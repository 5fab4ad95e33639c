import { afterEach, describe, expect, it } from 'vitest';
import type { Reading } from '@louyu/core';
import { InProcessSource } from '../src/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

const BUILDING = 'healthy';
const CARS = ['car-01', 'car-02', 'car-03', 'car-04', 'car-05'];
const MINUTE = 60_000;

/** What one gateway of `healthy` sends in the 10 s ending at `ts`: every car, and each minute the rest. */
function readingsAt(ts: number, cars: readonly string[]): Reading[] {
  const out: Reading[] = cars.map((device) => ({
    building: BUILDING,
    kind: 'elevator',
    device,
    ts,
    data: { state: 'moving', floor: 3, load_pct: 20, trips: 1, door_cycles: 2, wait_s: 12 },
  }));
  if (ts % MINUTE === 0) {
    for (let f = 1; f <= 16; f++)
      out.push({
        building: BUILDING,
        kind: 'occupancy',
        device: `floor-${String(f).padStart(2, '0')}`,
        ts,
        data: { people: 50, capacity: 150 },
      });
    out.push({
      building: BUILDING,
      kind: 'energy',
      device: 'meter-total',
      ts,
      data: { power_kw: 300, energy_kwh: 1_000 + ts / 3_600_000, circuit: 'total' },
    });
    for (const [kind, total] of [
      ['ba', 24],
      ['ca', 14],
      ['oa', 10],
      ['fa', 45],
      ['sa', 20],
    ] as const)
      out.push({
        building: BUILDING,
        kind,
        device: 'head-end',
        ts,
        data: { devices_total: total, devices_online: total, alarms: 0, faults: 0 },
      });
  }
  return out;
}

interface Run {
  t: TestApp;
  /** device_offline transitions recorded so far. */
  offline(): { device: string; event: string }[];
  /** Advances the wall clock by 10 s; the gateway sends what was due `lagMs` ago (from `cars`). */
  step(lagMs: number, cars?: readonly string[] | null): void;
}

describe('device freshness is judged against its gateway, not only the wall clock', () => {
  const source = new InProcessSource();
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.dispose();
    t = undefined;
  });

  async function start(): Promise<Run> {
    t = await startTestApp({}, { source });
    const app = t;
    // A whole minute, so the first step sends every kind.
    app.clock.now = Math.floor(app.clock.now / MINUTE) * MINUTE;
    return {
      t: app,
      offline: () =>
        app.app.louyu.alarms
          .list(() => true, 1_000)
          .history.filter((h) => h.type === 'device_offline')
          .map((h) => ({ device: h.device, event: h.event })),
      step(lagMs, cars = CARS) {
        app.clock.now += 10_000;
        if (cars) for (const r of readingsAt(app.clock.now - lagMs, cars)) source.push(r);
        app.app.louyu.alarms.tick();
      },
    };
  }

  it('raises no device_offline and keeps every device fresh with readings 5 min behind, in order', async () => {
    const run = await start();
    for (let i = 0; i < 90; i++) run.step(5 * MINUTE); // 15 minutes
    expect(run.offline()).toEqual([]);
    const summary = run.t.app.louyu.live.summary(BUILDING);
    expect(summary?.freshness).toMatchObject({ stale: 0, offline: 0 });
    expect(summary?.freshness.fresh).toBe(5 + 16 + 1 + 5);
  });

  it('raises no device_offline for a replay a day behind', async () => {
    const run = await start();
    for (let i = 0; i < 90; i++) run.step(24 * 60 * MINUTE);
    expect(run.offline()).toEqual([]);
    expect(run.t.app.louyu.live.summary(BUILDING)?.freshness).toMatchObject({ stale: 0, offline: 0 });
    // It shows as a replay: the building and the district say how far behind their data is.
    expect(run.t.app.louyu.live.summary(BUILDING)?.behind_ms).toBe(24 * 60 * MINUTE);
    expect(run.t.app.louyu.live.district().behind_ms).toBe(24 * 60 * MINUTE);
    // Its 5A subsystems report, so it has no 5A gap (stale subsystems made false 5A findings).
    const token = await run.t.token('district');
    const reply = await run.t.app.inject({
      url: '/api/shortfalls',
      headers: { authorization: `Bearer ${token}` },
    });
    const findings = reply.json<{ findings: { building: string; kind: string }[] }>().findings;
    expect(findings.filter((f) => f.building === BUILDING && f.kind === 'five_a')).toEqual([]);
  });

  it('says a gateway in step with the wall clock is not behind', async () => {
    const run = await start();
    for (let i = 0; i < 6; i++) run.step(0);
    expect(run.t.app.louyu.live.summary(BUILDING)?.behind_ms).toBe(0);
    expect(run.t.app.louyu.live.district().behind_ms).toBe(0);
    expect(run.t.app.louyu.live.summary('short-parking')?.behind_ms).toBeNull();
  });

  it('still takes offline a car that stops while its siblings go on (once, not a flood)', async () => {
    const run = await start();
    for (let i = 0; i < 12; i++) run.step(5 * MINUTE);
    for (let i = 0; i < 78; i++) run.step(5 * MINUTE, CARS.slice(0, 4));
    expect(run.offline()).toEqual([{ device: 'car-05', event: 'raised' }]);
    expect(run.t.app.louyu.live.summary(BUILDING)?.freshness.offline).toBe(1);
  });

  it('takes every device offline when the whole gateway falls silent for 10 min of wall time', async () => {
    const run = await start();
    for (let i = 0; i < 18; i++) run.step(5 * MINUTE);
    expect(run.offline()).toEqual([]);
    for (let i = 0; i < 66; i++) run.step(5 * MINUTE, null);
    const raised = new Set(
      run
        .offline()
        .filter((o) => o.event === 'raised')
        .map((o) => o.device),
    );
    for (const car of CARS) expect(raised.has(car)).toBe(true);
    expect(run.t.app.louyu.live.summary(BUILDING)?.freshness.fresh).toBe(0);
  });
});
