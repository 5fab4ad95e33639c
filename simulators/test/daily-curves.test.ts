import { smallRegistry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { createDistrict } from '../src/index.ts';
import { NATIONAL_DAY, SATURDAY, shanghaiMidnight, WEDNESDAY } from './fixtures.ts';

/** People on the healthy building's floors, summed from its occupancy messages, at each local hour. */
function peopleByHour(date: string): number[] {
  const district = createDistrict({
    registry: smallRegistry(),
    seed: 3,
    start: shanghaiMidnight(date),
    buildings: ['healthy'],
  });
  const hours: number[] = [];
  for (let h = 0; h < 24; h++) {
    const messages = district.step(3_600_000).filter((m) => m.topic.includes('/occupancy/'));
    // The last report of the hour: one message per floor.
    const last = messages.slice(-16);
    hours.push(last.reduce((n, m) => n + (JSON.parse(m.payload.toString()) as { people: number }).people, 0));
  }
  return hours;
}

describe('daily curves', () => {
  const workday = peopleByHour(WEDNESDAY);

  it('fills a building on a workday morning and empties it at night', () => {
    const at = (hour: number) => workday[hour - 1] ?? NaN; // index h-1 = the reading at hh:00
    expect(at(10)).toBeGreaterThan(20 * at(4));
    expect(at(11)).toBeGreaterThan(800);
    expect(at(23)).toBeLessThan(0.05 * at(11));
    // The morning peak: most people arrive between 08:00 and 10:00.
    expect(at(10) - at(8)).toBeGreaterThan(0.6 * at(10));
  });

  it('shows the lunch dip', () => {
    const lunch = (workday[11] ?? 0) + 0; // 12:00-13:00 reading at 13:00 is index 12; 12:00 is index 11
    expect(workday[12] ?? NaN).toBeLessThan(0.9 * (workday[10] ?? 0));
    expect(lunch).toBeGreaterThan(0);
  });

  it('keeps weekends and public holidays low', () => {
    const peak = Math.max(...workday);
    expect(Math.max(...peopleByHour(SATURDAY))).toBeLessThan(0.2 * peak);
    expect(Math.max(...peopleByHour(NATIONAL_DAY))).toBeLessThan(0.2 * peak);
  });
});
