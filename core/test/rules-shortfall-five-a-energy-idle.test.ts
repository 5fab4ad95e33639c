import { describe, expect, it } from 'vitest';
import {
  energyIntensity,
  energyShortfall,
  fiveA,
  fiveAShortfalls,
  idleShortfall,
} from '../src/rules/index.ts';
import type { ShortfallBuilding, SubsystemReading } from '../src/rules/index.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2025-03-12T02:00:00Z');
const building: ShortfallBuilding = {
  id: 'b1',
  gross_floor_area_m2: 36_500,
  leasable_area_m2: 30_000,
  parking_spaces: 200,
  passenger_elevators: 8,
};
const reading = (online: number, faults = 0, age = 10_000): SubsystemReading => ({
  ts: NOW - age,
  data: { devices_total: 100, devices_online: online, faults, alarms: 0 },
});

describe('5A gap shortfall', () => {
  it('finds a missing subsystem and one below 80, but not one at 80', () => {
    const result = fiveA(
      {
        building: 'b1',
        inventory: { ba: 10, ca: 10, oa: 0, fa: 10, sa: 10 },
        latest: { ba: reading(80), ca: reading(100, 5), fa: reading(100), sa: reading(100, 0, 3_600_000) },
      },
      NOW,
    );
    const findings = fiveAShortfalls(result);
    expect(findings.map((f) => [f.subject, f.rule, f.measured])).toEqual([
      ['ca', 'five_a.below_min', 75],
      ['oa', 'five_a.missing', 0],
      ['sa', 'five_a.below_min', 0],
    ]);
    expect(findings[1]?.detail).toBe('OA not installed');
    expect(findings[2]?.detail).toContain('offline');
  });

  it('finds a subsystem that never reported as missing', () => {
    const result = fiveA(
      {
        building: 'b1',
        inventory: { ba: 10, ca: 10, oa: 10, fa: 10, sa: 10 },
        latest: { ba: reading(100), ca: reading(100), oa: reading(100), fa: reading(100) },
      },
      NOW,
    );
    expect(fiveAShortfalls(result)).toEqual([
      expect.objectContaining({ subject: 'sa', rule: 'five_a.missing' }),
    ]);
  });
});

describe('energy intensity shortfall', () => {
  it('annualises consumption over the span per m2 of gross floor area', () => {
    // 36,500 m2 using 8,000 kWh a day = 80 kWh/m2 a year.
    expect(energyIntensity({ consumptionKwh: 56_000, spanMs: 7 * DAY }, 36_500)).toBeCloseTo(80, 10);
  });

  it('is found above the benchmark and not at or below it', () => {
    expect(energyShortfall(building, { consumptionKwh: 56_000, spanMs: 7 * DAY })).toBeNull();
    expect(energyShortfall(building, { consumptionKwh: 55_900, spanMs: 7 * DAY })).toBeNull();
    expect(energyShortfall(building, { consumptionKwh: 56_100, spanMs: 7 * DAY })).toMatchObject({
      rule: 'energy.intensity',
      kind: 'energy',
      measured: 80.1,
      threshold: 80,
      unit: 'kWh/m2/a',
    });
  });

  it('does not judge a span shorter than a week', () => {
    expect(energyShortfall(building, { consumptionKwh: 1e9, spanMs: 7 * DAY - 1 })).toBeNull();
  });
});

describe('key idle building shortfall', () => {
  it('is found at 3,000 m2 vacant and above, not just below', () => {
    expect(idleShortfall('b1', { leasedM2: 27_000, leasableM2: 30_000 })).toMatchObject({
      rule: 'idle.key_idle',
      kind: 'idle',
      measured: 3000,
      threshold: 3000,
      unit: 'm2',
    });
    expect(idleShortfall('b1', { leasedM2: 26_000, leasableM2: 30_000 })?.measured).toBe(4000);
    expect(idleShortfall('b1', { leasedM2: 27_001, leasableM2: 30_000 })).toBeNull();
  });
});
