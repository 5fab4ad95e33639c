import { smallRegistry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { collect, createDistrict } from '../src/index.ts';
import { shanghaiMidnight, WEDNESDAY } from './fixtures.ts';
import { meanWait } from './helpers.ts';

const day = shanghaiMidnight(WEDNESDAY);
const peakFrom = day + 8.5 * 3_600_000;
const peakTo = day + 9.25 * 3_600_000;

describe('elevator waits', () => {
  it('are longer at the morning peak in a building short of lifts than in a healthy one', () => {
    for (const seed of [1, 2]) {
      const district = createDistrict({
        registry: smallRegistry(),
        seed,
        start: day + 6 * 3_600_000,
        buildings: ['healthy', 'short-elevators'],
      });
      district.step(peakFrom - district.now);
      const peak = collect(district, peakFrom, peakTo, 600_000);
      const healthy = meanWait(peak, 'healthy');
      const short = meanWait(peak, 'short-elevators');
      expect(short).toBeGreaterThan(2 * healthy);
      // Above the 40 s the elevator-capacity rule looks for; the healthy building stays under it.
      expect(short).toBeGreaterThan(40);
      expect(healthy).toBeLessThan(40);
    }
  });

  it('grow at the morning peak compared with mid-afternoon', () => {
    const district = createDistrict({
      registry: smallRegistry(),
      seed: 5,
      start: day + 6 * 3_600_000,
      buildings: ['short-elevators'],
    });
    district.step(peakFrom - district.now);
    const peak = collect(district, peakFrom, peakTo, 600_000);
    const afternoon = collect(district, day + 15 * 3_600_000, day + 15.75 * 3_600_000, 600_000);
    expect(meanWait(peak, 'short-elevators')).toBeGreaterThan(2 * meanWait(afternoon, 'short-elevators'));
  });

  it('soar in the elevator-outage scenario, with the cars in fault reporting a fault code', () => {
    const district = createDistrict({
      registry: smallRegistry(),
      seed: 1,
      start: day + 6 * 3_600_000,
      scenario: 'elevator-outage',
      buildings: ['healthy', 'missing-oa'],
      target: 'healthy',
    });
    district.step(peakFrom - district.now);
    const peak = collect(district, peakFrom, peakTo, 600_000);
    const cars = peak.filter((m) => m.topic.startsWith('louyu/v1/healthy/elevator/')).slice(-5);
    const states = cars.map((m) => JSON.parse(m.payload.toString()) as { state: string; fault?: string });
    expect(states.filter((s) => s.state === 'fault')).toHaveLength(4);
    for (const s of states.filter((s) => s.state === 'fault')) expect(s.fault).toMatch(/^E/);
    expect(meanWait(peak, 'healthy')).toBeGreaterThan(3 * meanWait(peak, 'missing-oa'));
  });
});
