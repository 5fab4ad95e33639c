import { smallRegistry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { collect, createDistrict, type SimMessage } from '../src/index.ts';
import { shanghaiMidnight, WEDNESDAY } from './fixtures.ts';
import { body, of } from './helpers.ts';

const day = shanghaiMidnight(WEDNESDAY);

interface Parking {
  ts: number;
  occupied: number;
  capacity: number;
  queue: number;
  entries: number;
  exits: number;
}

/** Minutes in which the entry level of `building` reported a queue. */
function queuedMinutes(messages: SimMessage[], building: string): number {
  const entry = of(messages, building, 'parking').filter((m) => m.topic.endsWith('/level-b1'));
  return new Set(
    entry.filter((m) => body<Parking>(m).queue > 0).map((m) => Math.floor(body<Parking>(m).ts / 60_000)),
  ).size;
}

describe('parking', () => {
  const run = (scenario: 'normal' | 'parking-crunch', seed: number) => {
    const district = createDistrict({
      registry: smallRegistry(),
      seed,
      start: day + 6 * 3_600_000,
      scenario,
      buildings: ['healthy', 'short-parking'],
    });
    return collect(district, day + 7 * 3_600_000, day + 12 * 3_600_000, 1_800_000);
  };

  it('fills a building short of spaces and queues at its entry for over 30 minutes at peak', () => {
    for (const seed of [1, 2, 3]) {
      const morning = run('normal', seed);
      const levels = of(morning, 'short-parking', 'parking').map((m) => body<Parking>(m));
      const full = levels.filter((p) => p.occupied === p.capacity);
      expect(full.length).toBeGreaterThan(0);
      expect(queuedMinutes(morning, 'short-parking')).toBeGreaterThanOrEqual(30);
      // The healthy building queues for a few minutes at most: well short of the rule's 30.
      expect(queuedMinutes(morning, 'healthy')).toBeLessThan(10);
    }
  });

  it('counts entries and exits between reports and never parks more cars than spaces', () => {
    const morning = run('normal', 1);
    const levels = of(morning, 'healthy', 'parking').map((m) => body<Parking>(m));
    expect(levels.reduce((n, p) => n + p.entries, 0)).toBeGreaterThan(40);
    for (const p of levels) expect(p.occupied).toBeLessThanOrEqual(p.capacity);
  });

  it('queues at a healthy building too in the parking-crunch scenario', () => {
    expect(queuedMinutes(run('parking-crunch', 1), 'healthy')).toBeGreaterThan(0);
  });
});
