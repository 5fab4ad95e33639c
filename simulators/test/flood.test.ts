import { smallRegistry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { createDistrict } from '../src/index.ts';

describe('flood scenario', () => {
  it('makes every device report every simulated second', () => {
    const district = createDistrict({
      registry: smallRegistry(),
      seed: 1,
      start: 1_760_000_000_000,
      scenario: 'flood',
      buildings: 1,
    });
    const first = district.step(1_000);
    const devices = new Set(first.map((m) => m.topic));
    expect(devices.size).toBe(first.length);
    const next = district.step(5_000);
    expect(next).toHaveLength(5 * devices.size);
    expect(new Set(next.map((m) => m.topic))).toEqual(devices);
  });
});
