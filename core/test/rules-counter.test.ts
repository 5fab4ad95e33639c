import { describe, expect, it } from 'vitest';
import { counterIncrease } from '../src/rules/index.ts';

describe('energy consumption from a cumulative counter (like Prometheus increase())', () => {
  it('is last minus first for a counter that only grows', () => {
    const r = counterIncrease([
      { ts: 0, value: 1000 },
      { ts: 60_000, value: 1010 },
      { ts: 120_000, value: 1025.5 },
    ]);
    expect(r).toEqual({ increase: 25.5, resets: 0, glitches: 0, from: 0, to: 120_000, spanMs: 120_000 });
  });

  it('counts the value after a reset (meter replaced) as growth from 0', () => {
    const r = counterIncrease([
      { ts: 0, value: 5000 },
      { ts: 1, value: 5020 },
      { ts: 2, value: 3 }, // new meter, already at 3 kWh
      { ts: 3, value: 10 },
    ]);
    expect(r.increase).toBe(20 + 3 + 7);
    expect(r.resets).toBe(1);
  });

  it('sorts samples that arrive out of order', () => {
    expect(
      counterIncrease([
        { ts: 2, value: 30 },
        { ts: 0, value: 10 },
        { ts: 1, value: 20 },
      ]).increase,
    ).toBe(20);
  });

  it('is 0 over fewer than two samples', () => {
    expect(counterIncrease([])).toEqual({
      increase: 0,
      resets: 0,
      glitches: 0,
      from: null,
      to: null,
      spanMs: 0,
    });
    expect(counterIncrease([{ ts: 5, value: 9 }])).toMatchObject({ increase: 0, spanMs: 0 });
  });
});
