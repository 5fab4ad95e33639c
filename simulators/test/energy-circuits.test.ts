// A building's electric circuits add up to its `total` meter, in power and in energy, and the `heat` meter
// is district heating (a thermal meter), not part of the electric total (issue 16, item 8).
import { smallRegistry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { collect, continueMeters, createDistrict } from '../src/index.ts';

const HOUR = 3_600_000;
const ELECTRIC = ['hvac', 'lighting', 'elevator', 'plug'] as const;
// A January week (heating season: the heat meter is busy) and a July week (electric cooling).
const WINTER = Date.UTC(2025, 0, 13, 0, 0);
const SUMMER = Date.UTC(2025, 6, 14, 0, 0);

interface Sample {
  power: Record<string, number>;
  energy: Record<string, number>;
}

/** Each energy report instant per building: circuit -> power and counter. */
function samples(start: number, hours: number): Map<string, Sample[]> {
  const district = createDistrict({ registry: smallRegistry(), seed: 7, start });
  const byKey = new Map<string, Sample>();
  for (const m of collect(district, start, start + hours * HOUR, 60_000)) {
    const [, , building, kind] = m.topic.split('/');
    if (kind !== 'energy') continue;
    const p = JSON.parse(m.payload.toString()) as {
      ts: number;
      power_kw: number;
      energy_kwh: number;
      circuit: string;
    };
    const key = `${building}@${p.ts}`;
    const s = byKey.get(key) ?? { power: {}, energy: {} };
    s.power[p.circuit] = p.power_kw;
    s.energy[p.circuit] = p.energy_kwh;
    byKey.set(key, s);
  }
  const out = new Map<string, Sample[]>();
  for (const [key, s] of byKey) {
    const building = key.split('@')[0]!;
    out.set(building, [...(out.get(building) ?? []), s]);
  }
  return out;
}

const electricSum = (r: Record<string, number>) => ELECTRIC.reduce((a, c) => a + r[c]!, 0);

describe("a building's meters", () => {
  for (const [season, start] of [
    ['winter', WINTER],
    ['summer', SUMMER],
  ] as const) {
    it(`sum their electric circuits to the total at every instant, heat apart (${season})`, () => {
      const all = samples(start, 48);
      expect(all.size).toBeGreaterThan(0);
      let instants = 0;
      let heatSeen = 0;
      for (const [building, list] of all) {
        for (const s of list) {
          expect(Object.keys(s.power).sort(), building).toEqual([
            'elevator',
            'heat',
            'hvac',
            'lighting',
            'plug',
            'total',
          ]);
          const total = s.power.total!;
          expect(total, building).toBeGreaterThan(0);
          // Within 1 % (each reading is rounded to 0.1 kW).
          expect(Math.abs(electricSum(s.power) - total) / total, building).toBeLessThan(0.01);
          if (s.power.heat! > 0) {
            heatSeen++;
            // Heat would throw the sum off by far more than the rounding: it is not in the total.
            expect(Math.abs(electricSum(s.power) + s.power.heat! - total) / total).toBeGreaterThan(0.01);
          }
          instants++;
        }
        // Energy: what the circuits' counters advanced adds up to what the total's advanced.
        const first = list[0]!;
        const last = list.at(-1)!;
        const totalDelta = last.energy.total! - first.energy.total!;
        const circuitsDelta = electricSum(last.energy) - electricSum(first.energy);
        expect(totalDelta, building).toBeGreaterThan(0);
        expect(Math.abs(circuitsDelta - totalDelta), building).toBeLessThan(Math.max(1, totalDelta * 0.001));
      }
      expect(instants).toBeGreaterThan(100);
      if (season === 'winter') expect(heatSeen).toBeGreaterThan(0);
      else expect(heatSeen).toBe(0);
    });
  }

  it('keep the circuits and the total advancing together after continuing from stored readings', () => {
    const start = WINTER;
    const district = createDistrict({ registry: smallRegistry(), seed: 7, start });
    const id = smallRegistry().buildings[0]!.id;
    continueMeters(district, {
      [id]: {
        'meter-total': 500_000,
        'meter-hvac': 120_000,
        'meter-lighting': 80_000,
        'meter-plug': 90_000,
        'meter-elevator': 10_000,
        'meter-heat': 2_000_000,
      },
    });
    const readings = (ts: number) =>
      Object.fromEntries(
        district
          .model(id)
          .meters.report(ts)
          .map((r) => [r.payload.circuit, r.payload.energy_kwh]),
      );
    const before = readings(start);
    collect(district, start, start + 6 * HOUR, 60_000);
    const after = readings(start + 6 * HOUR);
    const totalDelta = after.total! - before.total!;
    const circuitsDelta = electricSum(after) - electricSum(before);
    expect(totalDelta).toBeGreaterThan(0);
    expect(Math.abs(circuitsDelta - totalDelta)).toBeLessThan(1);
    expect(after.heat! - before.heat!).toBeGreaterThan(0);
  });
});
