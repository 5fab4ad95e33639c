import { smallRegistry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { collect, createDistrict } from '../src/index.ts';
import { shanghaiMidnight, WEDNESDAY } from './fixtures.ts';
import { body, of } from './helpers.ts';

describe('fire drill scenario', () => {
  it('raises FA alarms with drill=true in the target at 10:00 and clears the floors', () => {
    const day = shanghaiMidnight(WEDNESDAY);
    const district = createDistrict({
      registry: smallRegistry(),
      seed: 1,
      start: day + 9 * 3_600_000,
      scenario: 'fire-drill',
      buildings: ['healthy', 'missing-oa'],
      target: 'healthy',
    });
    const messages = collect(district, district.now, day + 11 * 3_600_000, 600_000);
    const fa = of(messages, 'healthy', 'fa').map((m) =>
      body<{ ts: number; drill: boolean; alarms: number }>(m),
    );
    const drill = fa.filter((p) => p.drill);
    expect(drill.length).toBeGreaterThan(10);
    for (const p of drill) {
      expect(p.alarms).toBeGreaterThan(0);
      const hour = (p.ts - day) / 3_600_000;
      expect(hour).toBeGreaterThan(10);
      expect(hour).toBeLessThanOrEqual(10 + 20 / 60);
    }
    expect(of(messages, 'missing-oa', 'fa').some((m) => body<{ drill: boolean }>(m).drill)).toBe(false);
    const during = of(messages, 'healthy', 'occupancy').filter((m) => {
      const ts = body<{ ts: number }>(m).ts;
      return ts > day + 10.1 * 3_600_000 && ts < day + 10.3 * 3_600_000;
    });
    expect(during.length).toBeGreaterThan(0);
    for (const m of during) expect(body<{ people: number }>(m).people).toBe(0);
  });
});
