import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmList, AlarmView, Reading } from '@louyu/core';
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

describe('an elevator fault alarm', () => {
  const source = new InProcessSource();
  let t: TestApp;
  let district: string;
  beforeAll(async () => {
    t = await startTestApp({}, { source });
    district = await t.token('district');
  });
  afterAll(() => t.dispose());

  const alarms = async (): Promise<AlarmList> =>
    (
      await t.app.inject({ url: '/api/alarms', headers: { authorization: `Bearer ${district}` } })
    ).json<AlarmList>();

  it('is raised once, after its debounce, however many fault readings arrive', async () => {
    source.push(car(t.clock.now, 'fault'));
    expect((await alarms()).active).toHaveLength(0); // still in the 30 s raise debounce
    for (let i = 1; i <= 6; i++) {
      t.clock.now += 10_000;
      source.push(car(t.clock.now, 'fault'));
    }
    const list = await alarms();
    expect(list.active).toHaveLength(1);
    expect(list.active[0]).toMatchObject({
      id: 'healthy/car-1/elevator_fault',
      state: 'active',
      severity: 'major',
      building: 'healthy',
    });
    expect(list.active[0]!.detail).toContain('E42');
    expect(list.rollup).toEqual([
      expect.objectContaining({ building: 'healthy', total: 1, unacknowledged: 1 }),
    ]);
    expect(list.history.filter((h) => h.event === 'raised')).toHaveLength(1);
    const building = await t.app.inject({
      url: '/api/buildings/healthy',
      headers: { authorization: `Bearer ${district}` },
    });
    expect(
      building.json<{ live: { summary: { alarms: { major: number } } } }>().live.summary.alarms.major,
    ).toBe(1);
  });

  it('records who acknowledged it and when', async () => {
    t.clock.now += 5_000;
    const reply = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${encodeURIComponent('healthy/car-1/elevator_fault')}/ack`,
      headers: { authorization: `Bearer ${district}` },
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json<AlarmView>()).toMatchObject({
      state: 'acknowledged',
      acknowledged_by: 'district',
      acknowledged_at: t.clock.now,
    });
    const missing = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${encodeURIComponent('healthy/car-9/elevator_fault')}/ack`,
      headers: { authorization: `Bearer ${district}` },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('is still there, acknowledged, after a restart over the same store', async () => {
    const ackedAt = t.clock.now;
    await t.restart();
    district = await t.token('district');
    const list = await alarms();
    expect(list.active).toEqual([
      expect.objectContaining({
        id: 'healthy/car-1/elevator_fault',
        state: 'acknowledged',
        acknowledged_by: 'district',
        acknowledged_at: ackedAt,
      }),
    ]);
    expect(list.history.map((h) => h.event).sort()).toEqual(['acknowledged', 'raised']);
  });

  it('clears once the car is back in service past the clear debounce', async () => {
    source.push(car(t.clock.now, 'moving'));
    t.clock.now += 61_000;
    source.push(car(t.clock.now, 'moving'));
    const list = await alarms();
    expect(list.active).toHaveLength(0);
    expect(list.history[0]).toMatchObject({ event: 'cleared', alarm: 'healthy/car-1/elevator_fault' });
  });
});
