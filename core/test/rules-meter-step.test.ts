// How a cumulative meter's reading that goes down is counted (issue 16, item 2): a drop to near zero is a
// reset or a replaced meter (a new segment counted from 0); any other drop is a glitch or a restarted
// gateway or simulator (the backwards reading counts nothing and the counter is rebased on it).
import { describe, expect, it } from 'vitest';
import { METER_RESET_MAX_RATIO, METER_RESET_NEAR_ZERO_KWH } from '../src/constants.ts';
import { counterIncrease, counterIncreaseBetween, meterStep } from '../src/rules/index.ts';

describe('meterStep: one step of a cumulative meter', () => {
  it('counts growth as it is, and a reading that stays as nothing', () => {
    expect(meterStep(1_000, 1_012.5)).toEqual({ kind: 'growth', increase: 12.5 });
    expect(meterStep(1_000, 1_000)).toEqual({ kind: 'growth', increase: 0 });
  });

  it('takes a drop to near zero as a reset: a new segment counted from 0', () => {
    expect(meterStep(1_803_152, 0)).toEqual({ kind: 'reset', increase: 0 });
    expect(meterStep(1_803_152, 3.5)).toEqual({ kind: 'reset', increase: 3.5 });
    // A register that rolls over (999,999.9 -> 0.4) is a reset too.
    expect(meterStep(999_999.9, 0.4)).toEqual({ kind: 'reset', increase: 0.4 });
  });

  it('takes a drop to a value small relative to the previous reading as a reset (a meter replaced)', () => {
    const previous = 50_000;
    expect(meterStep(previous, previous * METER_RESET_MAX_RATIO)).toEqual({
      kind: 'reset',
      increase: previous * METER_RESET_MAX_RATIO,
    });
    expect(meterStep(previous, 120)).toEqual({ kind: 'reset', increase: 120 });
  });

  it('takes a young counter that drops to near zero as a reset', () => {
    expect(meterStep(4, METER_RESET_NEAR_ZERO_KWH)).toEqual({
      kind: 'reset',
      increase: METER_RESET_NEAR_ZERO_KWH,
    });
  });

  it('takes any other drop as a glitch: nothing counted, not the whole counter', () => {
    // The case: a simulator restarted from its seeded reading, below the stored one.
    expect(meterStep(1_803_552, 1_803_152)).toEqual({ kind: 'glitch', increase: 0 });
    expect(meterStep(1_000, 999.9)).toEqual({ kind: 'glitch', increase: 0 });
    const previous = 50_000;
    expect(meterStep(previous, previous * METER_RESET_MAX_RATIO + 1)).toEqual({
      kind: 'glitch',
      increase: 0,
    });
  });

  it('has thresholds that make sense', () => {
    expect(METER_RESET_MAX_RATIO).toBeGreaterThan(0);
    expect(METER_RESET_MAX_RATIO).toBeLessThan(0.5);
    expect(METER_RESET_NEAR_ZERO_KWH).toBeGreaterThanOrEqual(0);
  });
});

describe('counterIncrease with resets and glitches', () => {
  it('rebases on a backwards reading and counts the growth after it, not the whole counter', () => {
    const r = counterIncrease([
      { ts: 0, value: 1_803_000 },
      { ts: 1, value: 1_803_400 }, // +400
      { ts: 2, value: 1_803_152 }, // simulator restarted from its seed: glitch
      { ts: 3, value: 1_803_212 }, // +60
    ]);
    expect(r).toMatchObject({ increase: 460, resets: 0, glitches: 1 });
  });

  it('counts a replaced meter from 0 and a glitch after it as nothing', () => {
    const r = counterIncrease([
      { ts: 0, value: 5_000 },
      { ts: 1, value: 5_020 }, // +20
      { ts: 2, value: 3 }, // new meter: +3
      { ts: 3, value: 10 }, // +7
      { ts: 4, value: 9.5 }, // glitch
      { ts: 5, value: 12 }, // +2.5
    ]);
    expect(r).toMatchObject({ increase: 32.5, resets: 1, glitches: 1 });
  });
});

describe('counterIncreaseBetween: consumption inside a window [from, to)', () => {
  const hour = 3_600_000;

  it('counts what grew inside the window, spreading a step that straddles an edge over its time', () => {
    const samples = [
      { ts: -30 * 60_000, value: 100 }, // before the window: the baseline
      { ts: 30 * 60_000, value: 160 }, // 60 over an hour, half of it inside
      { ts: hour, value: 200 }, // +40
      { ts: 2 * hour, value: 260 }, // +60, half of it after `to`
    ];
    expect(counterIncreaseBetween(samples, 0, 1.5 * hour)).toMatchObject({ increase: 30 + 40 + 30 });
  });

  it('counts the first partial hour and a window that has just started', () => {
    const samples = [
      { ts: -60_000, value: 1_000 },
      { ts: 0, value: 1_001 },
      { ts: 60_000, value: 1_002 },
      { ts: 120_000, value: 1_003 },
    ];
    expect(counterIncreaseBetween(samples, 0, 120_000).increase).toBe(2);
    expect(counterIncreaseBetween(samples, 30_000, 90_000).increase).toBeCloseTo(1, 10);
  });

  it('applies the reset and glitch rule inside the window', () => {
    const samples = [
      { ts: 0, value: 1_800_000 },
      { ts: 60_000, value: 1_800_001 },
      { ts: 120_000, value: 1_799_600 }, // restarted simulator: glitch
      { ts: 180_000, value: 1_799_601 },
      { ts: 240_000, value: 0.5 }, // meter replaced
      { ts: 300_000, value: 1.5 },
    ];
    expect(counterIncreaseBetween(samples, 0, 300_000)).toMatchObject({
      increase: 1 + 0 + 1 + 0.5 + 1,
      resets: 1,
      glitches: 1,
    });
  });

  it('sums consecutive windows to the whole, and is 0 for an empty or backward window', () => {
    const samples = [
      { ts: -7 * 60_000, value: 10 },
      { ts: 13 * 60_000, value: 30 },
      { ts: 50 * 60_000, value: 31 },
      { ts: 95 * 60_000, value: 70 },
    ];
    const whole = counterIncreaseBetween(samples, 0, 90 * 60_000).increase;
    const parts =
      counterIncreaseBetween(samples, 0, 20 * 60_000).increase +
      counterIncreaseBetween(samples, 20 * 60_000, 90 * 60_000).increase;
    expect(parts).toBeCloseTo(whole, 9);
    expect(counterIncreaseBetween(samples, 60_000, 60_000).increase).toBe(0);
    expect(counterIncreaseBetween(samples, 60_000, 0).increase).toBe(0);
    expect(counterIncreaseBetween([], 0, hour).increase).toBe(0);
  });

  it('sorts samples that arrive out of order', () => {
    const samples = [
      { ts: 120_000, value: 3 },
      { ts: 0, value: 1 },
      { ts: 60_000, value: 2 },
    ];
    expect(counterIncreaseBetween(samples, 0, 120_000).increase).toBe(2);
  });
});
