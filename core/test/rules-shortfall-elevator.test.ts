import { describe, expect, it } from 'vitest';
import {
  elevatorAreaShortfall,
  elevatorAvailabilityShortfalls,
  elevatorWaitShortfall,
} from '../src/rules/index.ts';
import type { ShortfallBuilding } from '../src/rules/index.ts';

const building: ShortfallBuilding = {
  id: 'b1',
  gross_floor_area_m2: 30_000,
  leasable_area_m2: 25_000,
  parking_spaces: 100,
  passenger_elevators: 5,
};

describe('elevator shortfall: morning-peak wait', () => {
  it('is found above 40 s and not at or below it', () => {
    expect(elevatorWaitShortfall('b1', 40)).toBeNull();
    expect(elevatorWaitShortfall('b1', 39.9)).toBeNull();
    expect(elevatorWaitShortfall('b1', 40.1)).toMatchObject({
      rule: 'elevator.peak_wait',
      kind: 'elevator',
      measured: 40.1,
      threshold: 40,
      unit: 's',
    });
  });

  it('is not judged without a measurement', () => {
    expect(elevatorWaitShortfall('b1', undefined)).toBeNull();
  });
});

describe('elevator shortfall: car availability over 7 days', () => {
  it('is found per car below 95 %, not at 95 % or above', () => {
    const findings = elevatorAvailabilityShortfalls('b1', [
      { device: 'car-1', availability: 0.95 },
      { device: 'car-2', availability: 0.9499 },
      { device: 'car-3', availability: 0.99 },
      { device: 'car-4', availability: 0.5 },
    ]);
    expect(findings.map((f) => [f.subject, f.measured])).toEqual([
      ['car-2', 94.99],
      ['car-4', 50],
    ]);
    expect(findings[0]).toMatchObject({ rule: 'elevator.car_availability', threshold: 95, unit: '%' });
  });
});

describe('elevator shortfall: leasable area per passenger car', () => {
  it('is found above 5,000 m2 per car, not at it', () => {
    expect(elevatorAreaShortfall(building)).toBeNull(); // exactly 5,000
    expect(elevatorAreaShortfall({ ...building, leasable_area_m2: 24_995 })).toBeNull();
    expect(elevatorAreaShortfall({ ...building, leasable_area_m2: 25_005 })).toMatchObject({
      rule: 'elevator.area_per_car',
      measured: 5001,
      threshold: 5000,
      unit: 'm2 per car',
    });
  });

  it('is found for a building with leasable area and no passenger car', () => {
    const f = elevatorAreaShortfall({ ...building, passenger_elevators: 0, leasable_area_m2: 6_000 });
    expect(f).toMatchObject({ measured: 6000 });
    expect(f?.detail).toContain('no passenger car');
  });
});
