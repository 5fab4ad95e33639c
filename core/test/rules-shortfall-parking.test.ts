import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SHORTFALL_CONFIG,
  parkingOccupancyShortfall,
  parkingQueueShortfall,
  parkingRatioShortfall,
} from '../src/rules/index.ts';
import type { ShortfallBuilding, WorkdayPeakQueue } from '../src/rules/index.ts';

const building: ShortfallBuilding = {
  id: 'b1',
  gross_floor_area_m2: 30_000,
  leasable_area_m2: 24_000,
  parking_spaces: 100,
  passenger_elevators: 6,
};
const MIN = 60_000;

describe('parking shortfall: occupancy now', () => {
  it('is found at exactly 95 % of capacity', () => {
    expect(parkingOccupancyShortfall('b1', { occupied: 95, capacity: 100 })).toMatchObject({
      rule: 'parking.occupancy',
      kind: 'parking',
      measured: 95,
      threshold: 95,
      unit: '%',
    });
  });

  it('is found above it and not just below it', () => {
    expect(parkingOccupancyShortfall('b1', { occupied: 96, capacity: 100 })?.measured).toBe(96);
    expect(parkingOccupancyShortfall('b1', { occupied: 94, capacity: 100 })).toBeNull();
    expect(parkingOccupancyShortfall('b1', { occupied: 189, capacity: 200 })).toBeNull(); // 94.5 %
  });

  it("follows an operator's threshold", () => {
    const config = { ...DEFAULT_SHORTFALL_CONFIG, parkingFullRatio: 0.9 };
    expect(parkingOccupancyShortfall('b1', { occupied: 90, capacity: 100 }, config)).not.toBeNull();
  });
});

describe('parking shortfall: peak entry queue', () => {
  const day = (date: string, minutes: number): WorkdayPeakQueue => ({ date, longestQueueMs: minutes * MIN });

  it('is found on 3 of the last 5 workdays with a 30 min queue', () => {
    const f = parkingQueueShortfall('b1', [
      day('2025-03-10', 30),
      day('2025-03-11', 0),
      day('2025-03-12', 45),
      day('2025-03-13', 10),
      day('2025-03-14', 31),
    ]);
    expect(f).toMatchObject({ rule: 'parking.peak_queue', measured: 3, threshold: 3 });
    expect(f?.detail).toContain('2025-03-10, 2025-03-12, 2025-03-14');
  });

  it('is not found on 2 of 5, nor when a queue falls just short of 30 min', () => {
    expect(
      parkingQueueShortfall('b1', [day('2025-03-10', 30), day('2025-03-12', 45), day('2025-03-14', 0)]),
    ).toBeNull();
    expect(
      parkingQueueShortfall('b1', [
        { date: '2025-03-10', longestQueueMs: 30 * MIN - 1 },
        day('2025-03-12', 45),
        day('2025-03-14', 40),
      ]),
    ).toBeNull();
  });

  it('looks only at the last 5 workdays given', () => {
    // Three long queues, but the oldest is the 6th workday back.
    const days = [
      day('2025-03-07', 60),
      day('2025-03-10', 0),
      day('2025-03-11', 0),
      day('2025-03-12', 60),
      day('2025-03-13', 0),
      day('2025-03-14', 60),
    ];
    expect(parkingQueueShortfall('b1', days)).toBeNull();
    expect(parkingQueueShortfall('b1', [...days, day('2025-03-17', 60)])).toMatchObject({ measured: 3 });
  });
});

describe('parking shortfall: spaces per floor area', () => {
  it('is found below 1 space per 300 m2 and not at or above it', () => {
    // 100 spaces for 30,000 m2 = exactly 1 per 300 m2.
    expect(parkingRatioShortfall(building)).toBeNull();
    expect(parkingRatioShortfall({ ...building, parking_spaces: 101 })).toBeNull();
    expect(parkingRatioShortfall({ ...building, parking_spaces: 99 })).toMatchObject({
      rule: 'parking.space_ratio',
      measured: 0.33,
      threshold: 0.333,
      unit: 'spaces per 100 m2',
    });
  });
});
