// Today's energy per meter (issue 16, item 2): a restarted simulator's lower reading counts nothing (it used
// to add the whole counter), a replaced meter counts from 0, and the step across midnight counts for its
// share of time after it.
import { describe, expect, it } from 'vitest';
import { EnergyToday } from '../src/live/energy-today.ts';

const MIN = 60_000;
// Wednesday 2025-03-12 00:00 in Shenyang.
const MIDNIGHT = Date.UTC(2025, 2, 11, 16, 0);

describe("today's energy of a meter", () => {
  it('counts nothing for a reading that went back, and goes on from it', () => {
    const e = new EnergyToday('Asia/Shanghai');
    e.add('b/m', MIDNIGHT + MIN, 1_803_000);
    e.add('b/m', MIDNIGHT + 2 * MIN, 1_803_400);
    e.add('b/m', MIDNIGHT + 3 * MIN, 1_803_152); // the simulator restarted from its seed
    e.add('b/m', MIDNIGHT + 4 * MIN, 1_803_212);
    expect(e.kwh('b/m', MIDNIGHT + 5 * MIN)).toBe(400 + 60);
  });

  it('counts a replaced meter from 0', () => {
    const e = new EnergyToday('Asia/Shanghai');
    e.add('b/m', MIDNIGHT + MIN, 5_000);
    e.add('b/m', MIDNIGHT + 2 * MIN, 5_020);
    e.add('b/m', MIDNIGHT + 3 * MIN, 3);
    e.add('b/m', MIDNIGHT + 4 * MIN, 10);
    expect(e.kwh('b/m', MIDNIGHT + 5 * MIN)).toBe(20 + 3 + 7);
  });

  it('gives today the share after midnight of the step across it, and is 0 once the day turns', () => {
    const e = new EnergyToday('Asia/Shanghai');
    e.add('b/m', MIDNIGHT - 2 * MIN, 100);
    e.add('b/m', MIDNIGHT + 3 * MIN, 105);
    expect(e.kwh('b/m', MIDNIGHT + 3 * MIN)).toBeCloseTo(3, 10);
    expect(e.kwh('b/m', MIDNIGHT + 24 * 60 * MIN)).toBe(0);
    expect(e.kwh('b/other', MIDNIGHT)).toBeNull();
  });
});
