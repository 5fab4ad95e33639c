import { describe, expect, it } from 'vitest';
import { evaluateShortfalls, findingKey, shortfallConfig, trackSince } from '../src/rules/index.ts';
import type { ShortfallFinding, ShortfallInput } from '../src/rules/index.ts';

const DAY = 86_400_000;
const input: ShortfallInput = {
  building: {
    id: 'b1',
    gross_floor_area_m2: 30_000,
    leasable_area_m2: 30_000,
    parking_spaces: 50,
    passenger_elevators: 4,
  },
  parking: { occupied: 50, capacity: 50 },
  morningPeakMeanWaitS: 55,
  cars: [
    { device: 'car-2', availability: 0.8 },
    { device: 'car-1', availability: 0.7 },
  ],
  energy: { consumptionKwh: 100_000, spanMs: 7 * DAY },
  tenancy: { leasedM2: 20_000, leasableM2: 30_000 },
};

describe('evaluateShortfalls', () => {
  it('combines every rule family in a stable order', () => {
    const findings = evaluateShortfalls(input);
    expect(findings.map((f) => `${f.rule}${f.subject === null ? '' : `:${f.subject}`}`)).toEqual([
      'parking.occupancy',
      'parking.space_ratio',
      'elevator.peak_wait',
      'elevator.car_availability:car-1',
      'elevator.car_availability:car-2',
      'elevator.area_per_car',
      'energy.intensity',
      'idle.key_idle',
    ]);
    for (const f of findings) {
      expect(f.building).toBe('b1');
      expect(f.since).toBeNull();
      expect(typeof f.detail).toBe('string');
    }
  });

  it('finds nothing for a well-served building', () => {
    expect(
      evaluateShortfalls({
        building: {
          id: 'b2',
          gross_floor_area_m2: 30_000,
          leasable_area_m2: 20_000,
          parking_spaces: 150,
          passenger_elevators: 8,
        },
        parking: { occupied: 60, capacity: 150 },
        morningPeakMeanWaitS: 25,
        cars: [{ device: 'car-1', availability: 1 }],
        energy: { consumptionKwh: 20_000, spanMs: 7 * DAY },
        tenancy: { leasedM2: 19_000, leasableM2: 20_000 },
      }),
    ).toEqual([]);
  });

  it('takes operator overrides', () => {
    const rules = evaluateShortfalls(input, {
      elevatorPeakWaitMaxS: 60,
      energyBenchmarkKwhPerM2Year: 200,
    }).map((f) => f.rule);
    expect(rules).not.toContain('elevator.peak_wait');
    expect(rules).not.toContain('energy.intensity');
  });
});

describe('shortfall configuration', () => {
  it('names the option that is wrong', () => {
    expect(() => shortfallConfig({ parkingFullRatio: 1.5 })).toThrow(/"parkingFullRatio"/);
    expect(() => shortfallConfig({ elevatorMaxM2PerCar: -1 })).toThrow(
      /"elevatorMaxM2PerCar" must be a positive/,
    );
    expect(() => shortfallConfig({ parkingQueueDaysWindow: 2 })).toThrow(/"parkingQueueDaysRequired"/);
    expect(() => shortfallConfig({ energyBenchmarkKwhPerM2Year: Number.NaN })).toThrow(/energyBenchmark/);
    expect(() => shortfallConfig({ nope: 1 } as never)).toThrow(/unknown shortfall option "nope"/);
  });
});

describe('trackSince', () => {
  const finding = (
    rule: ShortfallFinding['rule'],
    subject: string | null,
    since: number | null,
  ): ShortfallFinding => ({
    building: 'b1',
    kind: rule.startsWith('parking') ? 'parking' : 'elevator',
    rule,
    subject,
    measured: 1,
    threshold: 1,
    unit: 'x',
    since,
    detail: '',
  });

  it('keeps the earlier since of a finding that persists and starts new ones now', () => {
    const previous = [
      finding('parking.occupancy', null, 1_000),
      finding('elevator.car_availability', 'car-1', 2_000),
    ];
    const current = [
      finding('parking.occupancy', null, null),
      finding('elevator.car_availability', 'car-2', null),
    ];
    const tracked = trackSince(previous, current, 9_000);
    expect(tracked.map((f) => [f.rule, f.subject, f.since])).toEqual([
      ['parking.occupancy', null, 1_000],
      ['elevator.car_availability', 'car-2', 9_000],
    ]);
  });

  it('restarts since when a finding went away and came back', () => {
    const first = trackSince([], [finding('parking.occupancy', null, null)], 1_000);
    const gone = trackSince(first, [], 2_000);
    const back = trackSince(gone, [finding('parking.occupancy', null, null)], 3_000);
    expect(back[0]?.since).toBe(3_000);
  });

  it('keys findings by building, rule and subject', () => {
    expect(findingKey(finding('elevator.car_availability', 'car-1', null))).not.toBe(
      findingKey(finding('elevator.car_availability', 'car-2', null)),
    );
  });
});
