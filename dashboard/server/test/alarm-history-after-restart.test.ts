// The alarm history of GET /api/alarms after a restart: every stored transition comes back, newest first,
// not only the latest state of each alarm (a car that faulted twice shows both faults and who acknowledged).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmList, Reading, Report } from '@louyu/core';
import { InProcessSource } from '../src/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

function car(ts: number, state: 'moving' | 'fault'): Reading {
  return {
    building: 'healthy',
    kind: 'elevator',
    device: 'car-1',
    ts,
    data: {
      state,
      floor: 3,
      load_pct: 20,
      trips: 2,
      door_cycles: 2,
      wait_s: 12,
      ...(state === 'fault' ? { fault: 'E42' } : {}),
    },
  };
}

describe('alarm history after a restart', () => {
  const source = new InProcessSource();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, { source });
  });
  afterAll(() => t.dispose());

  const history = async (username: string, query = ''): Promise<AlarmList['history']> =>
    (
      await t.app.inject({
        url: `/api/alarms${query}`,
        headers: { authorization: `Bearer ${await t.token(username)}` },
      })
    ).json<AlarmList>().history;

  /** Holds a state for `ms`, one reading every 10 s (past the raise and clear debounces). */
  const hold = (state: 'moving' | 'fault', ms: number): void => {
    for (let waited = 0; waited <= ms; waited += 10_000) {
      source.push(car(t.clock.now, state));
      t.clock.now += 10_000;
    }
  };

  it('shows every past transition of an alarm that was raised, acknowledged and cleared twice', async () => {
    for (let round = 0; round < 2; round++) {
      hold('fault', 40_000);
      // A manager acknowledges the alarms of their own buildings only (docs/dashboard.md, 告警 Alarms).
      const elsewhere = await t.app.inject({
        method: 'POST',
        url: `/api/alarms/${encodeURIComponent('healthy/car-1/elevator_fault')}/ack`,
        headers: { authorization: `Bearer ${await t.token('manager-sp')}` },
      });
      expect(elsewhere.statusCode).toBe(403);
      const ack = await t.app.inject({
        method: 'POST',
        url: `/api/alarms/${encodeURIComponent('healthy/car-1/elevator_fault')}/ack`,
        headers: { authorization: `Bearer ${await t.token(round === 0 ? 'district' : 'manager')}` },
      });
      expect(ack.statusCode).toBe(200);
      t.clock.now += 10_000;
      hold('moving', 70_000);
    }
    await t.app.louyu.alarms.flush();
    const before = await history('district');
    expect(before.map((h) => h.event)).toEqual([
      'cleared',
      'acknowledged',
      'raised',
      'cleared',
      'acknowledged',
      'raised',
    ]);

    await t.restart();
    const after = await history('district');
    expect(after.map((h) => [h.alarm, h.event, h.at, h.by])).toEqual(
      before.map((h) => [h.alarm, h.event, h.at, h.by]),
    );
    expect(after.filter((h) => h.event === 'acknowledged').map((h) => h.by)).toEqual(['manager', 'district']);
    // The history stays limited to what the user may see, and to the limit asked for.
    expect(await history('manager-sp')).toEqual([]);
    expect(await history('manager', '?limit=2')).toHaveLength(2);

    // The weekly report counts the raises from the store too.
    const report = await t.app.inject({
      url: '/api/reports/weekly',
      headers: { authorization: `Bearer ${await t.token('district')}` },
    });
    const rows = report.json<Report>().rows;
    expect(rows.find((r) => r.building === 'healthy')?.alarms_raised).toBe(2);
    expect(rows.filter((r) => r.building !== 'healthy').every((r) => r.alarms_raised === 0)).toBe(true);
  });
});
