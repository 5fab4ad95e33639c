import { describe, expect, it } from 'vitest';
import {
  alarmConditions,
  deviceOfflineCondition,
  gatewayOfflineCondition,
  spoolFullCondition,
} from '../src/rules/index.ts';
import type { Reading } from '../src/reading.ts';

const at = { building: 'b1', ts: 1_000 };
const fa = (alarms: number, faults: number, drill?: boolean): Reading => ({
  ...at,
  kind: 'fa',
  device: 'fa-panel',
  data: {
    devices_total: 300,
    devices_online: 300,
    alarms,
    faults,
    ...(drill === undefined ? {} : { drill }),
  },
});
const active = (r: Reading): string[] =>
  alarmConditions(r)
    .filter((c) => c.active)
    .map((c) => c.type);

describe('alarm conditions a reading implies', () => {
  it('elevator in state fault -> elevator_fault, with the fault code', () => {
    const r: Reading = {
      ...at,
      kind: 'elevator',
      device: 'car-3',
      data: { state: 'fault', floor: 12, load_pct: 0, trips: 0, door_cycles: 0, wait_s: 0, fault: 'E21' },
    };
    expect(alarmConditions(r)).toEqual([
      {
        building: 'b1',
        device: 'car-3',
        type: 'elevator_fault',
        active: true,
        detail: 'fault E21 at floor 12',
      },
    ]);
    expect(active({ ...r, data: { ...r.data, state: 'moving' } })).toEqual([]);
  });

  it('fire alarms -> fire_alarm, but not during a drill', () => {
    expect(active(fa(1, 0))).toEqual(['fire_alarm']);
    expect(active(fa(1, 0, true))).toEqual([]);
    expect(active(fa(0, 0))).toEqual([]);
  });

  it('fire faults -> fire_fault, drill or not', () => {
    expect(active(fa(0, 1))).toEqual(['fire_fault']);
    expect(active(fa(2, 1, true))).toEqual(['fire_fault']);
  });

  it('reports a condition as inactive so its alarm can clear', () => {
    expect(alarmConditions(fa(0, 0)).map((c) => [c.type, c.active])).toEqual([
      ['fire_alarm', false],
      ['fire_fault', false],
    ]);
  });

  it('intrusions -> intrusion', () => {
    const sa = (intrusions?: number): Reading => ({
      ...at,
      kind: 'sa',
      device: 'sa-head',
      data: {
        devices_total: 50,
        devices_online: 50,
        alarms: 0,
        faults: 0,
        ...(intrusions === undefined ? {} : { intrusions }),
      },
    });
    expect(active(sa(1))).toEqual(['intrusion']);
    expect(active(sa(0))).toEqual([]);
    expect(active(sa())).toEqual([]);
  });

  it('parking occupied at capacity -> parking_full, not one space below', () => {
    const parking = (occupied: number): Reading => ({
      ...at,
      kind: 'parking',
      device: 'b1-level',
      data: { occupied, capacity: 200, queue: 0, entries: 0, exits: 0 },
    });
    expect(active(parking(200))).toEqual(['parking_full']);
    expect(active(parking(199))).toEqual([]);
  });

  it('other kinds imply no alarm condition', () => {
    const r: Reading = { ...at, kind: 'occupancy', device: 'f1', data: { people: 10, capacity: 100 } };
    expect(alarmConditions(r)).toEqual([]);
  });

  it('offline and spool conditions come from freshness, gateway status and the spool quota', () => {
    expect(deviceOfflineCondition('b1', 'car-1', 'offline')).toMatchObject({
      type: 'device_offline',
      active: true,
    });
    expect(deviceOfflineCondition('b1', 'car-1', 'stale').active).toBe(false);
    expect(gatewayOfflineCondition('b1', 'offline')).toMatchObject({ device: '_gateway', active: true });
    expect(gatewayOfflineCondition('b1', undefined).active).toBe(false);
    expect(spoolFullCondition('ingest-0', 100, 100)).toMatchObject({ building: '_louyu', active: true });
    expect(spoolFullCondition('ingest-0', 99, 100).active).toBe(false);
  });
});
