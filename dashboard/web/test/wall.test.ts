import { describe, expect, it } from 'vitest';
import { WALL_DEFAULT_SECONDS, wallSeconds, wallSlideName, wallSlides } from '../src/lib/wall.ts';

describe('the wall display rotation', () => {
  it('shows the district, each cluster in order, then the alarms', () => {
    expect(wallSlides(['taiyuan', 'beishichang']).map(wallSlideName)).toEqual([
      'overview',
      'cluster:taiyuan',
      'cluster:beishichang',
      'alarms',
    ]);
    expect(wallSlides([]).map(wallSlideName)).toEqual(['overview', 'alarms']);
  });

  it('reads ?every= seconds, clamped, with the default when absent or not a number', () => {
    expect(wallSeconds('2')).toBe(2);
    expect(wallSeconds('0.2')).toBe(1);
    expect(wallSeconds('99999')).toBe(3600);
    expect(wallSeconds(null)).toBe(WALL_DEFAULT_SECONDS);
    expect(wallSeconds('soon')).toBe(WALL_DEFAULT_SECONDS);
  });
});
