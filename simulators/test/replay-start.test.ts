import { describe, expect, it } from 'vitest';
import { replayStart } from '../src/index.ts';

const TZ = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(`${iso}+08:00`);
const HOUR = 3_600_000;

describe('where a faster-than-real-time run starts', () => {
  it('replays the morning rush of today when it is a workday and the rush has begun', () => {
    // Monday 2025-03-10, 11:13.
    expect(replayStart(at('2025-03-10T11:13:00'), 'morning-rush', TZ)).toBe(at('2025-03-10T07:00:00'));
  });

  it('replays the last workday morning, never a Sunday, before the rush or at a weekend', () => {
    expect(replayStart(at('2025-03-10T05:00:00'), 'morning-rush', TZ)).toBe(at('2025-03-07T07:00:00'));
    expect(replayStart(at('2025-03-16T15:00:00'), 'morning-rush', TZ)).toBe(at('2025-03-14T07:00:00'));
  });

  it('replays a workday before the fire drill', () => {
    expect(replayStart(at('2025-03-12T16:00:00'), 'fire-drill', TZ)).toBe(at('2025-03-12T09:30:00'));
  });

  it('replays the last day for other scenarios, inside the 7 days ingest takes', () => {
    const now = at('2025-03-10T11:13:00');
    expect(replayStart(now, 'normal', TZ)).toBe(now - 24 * HOUR);
    // After National Day's week of holidays, the last workday is more than 7 days back: a day back instead.
    const afterHolidays = at('2025-10-08T06:00:00');
    const start = replayStart(afterHolidays, 'morning-rush', TZ);
    expect(afterHolidays - start).toBeLessThan(7 * 24 * HOUR);
  });

  it('does not replay over what the store already holds', () => {
    const now = at('2025-03-10T11:13:00');
    const stored = at('2025-03-10T10:40:00');
    expect(replayStart(now, 'morning-rush', TZ, stored)).toBe(stored);
    expect(replayStart(now, 'morning-rush', TZ, at('2025-03-09T10:00:00'))).toBe(at('2025-03-10T07:00:00'));
    expect(replayStart(now, 'normal', TZ, now + 60_000)).toBe(now);
  });
});
