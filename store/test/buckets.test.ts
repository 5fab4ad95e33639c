import { describe, expect, it } from 'vitest';
import { alignedRange, bucketCount, stepFor } from '../src/index.ts';

describe('buckets', () => {
  it('counts the buckets a range touches and widens it to whole buckets', () => {
    expect(bucketCount(0, 60_000, 60_000)).toBe(1);
    expect(bucketCount(1, 60_001, 60_000)).toBe(2);
    expect(alignedRange(90_000, 150_000, 60_000)).toEqual({ start: 60_000, end: 180_000 });
  });

  it('picks a readable step that fits the chart width, reaching the rollups for long ranges', () => {
    const day = 86_400_000;
    for (const [from, to, width] of [
      [123, 3_600_000, 60],
      [5_000, 7 * day + 17, 300],
      [0, 400 * day, 100],
      [1_000, 1_001, 1],
    ] as const) {
      expect(bucketCount(from, to, stepFor(from, to, width))).toBeLessThanOrEqual(width);
    }
    expect(stepFor(0, 30 * day, 720) % 3_600_000).toBe(0);
  });
});
