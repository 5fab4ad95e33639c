import { describe, expect, it } from 'vitest';
import { localParts, zoneOffsetMs } from '../src/time/index.ts';

/** Local parts straight from Intl, with no cache: the reference. */
function reference(ts: number, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  });
  const get = (type: string): string => f.formatToParts(ts).find((p) => p.type === type)?.value ?? '';
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: weekdays.indexOf(get('weekday')) + 1,
  };
}

describe('cached zone offsets agree with Intl', () => {
  it("across a transition that is not on a 15-minute boundary (St. John's, 00:01 local, 2010)", () => {
    // Newfoundland switched to daylight time at 00:01 NST on 14 March 2010 = 03:31 UTC.
    const start = Date.parse('2010-03-14T03:00:00Z');
    for (let ts = start; ts < start + 60 * 60_000; ts += 30_000) {
      expect(localParts(ts, 'America/St_Johns'), new Date(ts).toISOString()).toEqual(
        reference(ts, 'America/St_Johns'),
      );
    }
    expect(zoneOffsetMs(Date.parse('2010-03-14T03:30:59Z'), 'America/St_Johns')).toBe(-3.5 * 3600_000);
    expect(zoneOffsetMs(Date.parse('2010-03-14T03:31:00Z'), 'America/St_Johns')).toBe(-2.5 * 3600_000);
  });

  it('for instants spread over years in several zones', () => {
    const zones = [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/Berlin',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
    ];
    // A fixed pseudo-random walk, so the test is the same on every run.
    let ts = Date.parse('2019-01-01T00:00:00Z');
    for (let i = 0; i < 400; i++) {
      ts += ((i * 7_919_993) % 97_000_000) + 1_234;
      const zone = zones[i % zones.length]!;
      expect(localParts(ts, zone), `${zone} ${new Date(ts).toISOString()}`).toEqual(reference(ts, zone));
    }
  });
});
