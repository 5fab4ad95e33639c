import { describe, expect, it } from 'vitest';
import {
  areaWeightedOccupancy,
  districtFigures,
  meanOccupancy,
  meanOccupancyOfAreas,
} from '../src/district/index.ts';
import { hepingRegistry } from '../src/registry/index.ts';

// Issue 16, item 4: the plan's 平均入驻率 is the mean of the buildings' rates; leased / leasable area is
// another figure (area-weighted) and must never be shown under the plan's words.
describe('the two occupancy rates', () => {
  // A 100,000 m2 tower half let and four small buildings fully let.
  const buildings = [
    { leased_m2: 50_000, leasable_m2: 100_000 },
    ...Array.from({ length: 4 }, () => ({ leased_m2: 10_000, leasable_m2: 10_000 })),
  ];

  it('averages the buildings, each counting once: (0.5 + 4 x 1) / 5 = 90 %', () => {
    expect(meanOccupancyOfAreas(buildings)).toBeCloseTo(0.9, 12);
    expect(meanOccupancy([0.5, 1, 1, 1, 1])).toBeCloseTo(0.9, 12);
  });

  it('weights by area: 90,000 of 140,000 m2 = 64.3 %', () => {
    expect(areaWeightedOccupancy(buildings)).toBeCloseTo(90_000 / 140_000, 12);
  });

  it('leaves out buildings without a rate, and has no figure for no buildings', () => {
    expect(meanOccupancy([0.8, null, undefined, Number.NaN, 0.6])).toBeCloseTo(0.7, 12);
    expect(meanOccupancy([])).toBeNull();
    expect(meanOccupancyOfAreas([{ leased_m2: 0, leasable_m2: 0 }])).toBeNull();
    expect(areaWeightedOccupancy([])).toBeNull();
    expect(areaWeightedOccupancy([{ leased_m2: 5, leasable_m2: 0 }])).toBeNull();
  });

  it('caps a building that reports more leased than leasable area at full, in both figures', () => {
    const over = [
      { leased_m2: 12_000, leasable_m2: 10_000 },
      { leased_m2: 0, leasable_m2: 10_000 },
    ];
    expect(meanOccupancyOfAreas(over)).toBeCloseTo(0.5, 12);
    expect(areaWeightedOccupancy(over)).toBeCloseTo(0.5, 12);
  });

  it("gives Heping the plan's mean (85 % or more) and a lower area-weighted rate", () => {
    const f = districtFigures(hepingRegistry());
    const rates = hepingRegistry().buildings.map((b) => b.tenancy.leased_m2 / b.leasable_area_m2);
    expect(f.mean_occupancy).toBeCloseTo(rates.reduce((a, r) => a + r, 0) / rates.length, 12);
    expect(f.mean_occupancy).toBeGreaterThanOrEqual(hepingRegistry().district.plan!.mean_occupancy!.base!);
    expect(f.area_weighted_occupancy).toBeCloseTo(1 - f.vacancy_rate, 12);
    expect(f.area_weighted_occupancy).toBeLessThan(f.mean_occupancy);
  });
});
