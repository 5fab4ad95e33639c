import { describe, expect, it } from 'vitest';
import { carAvailability, longestRunMs, morningPeakMeanWait, peakQueueDays } from '../src/rules/index.ts';
import { wallTimeToUtc } from '../src/time/index.ts';

const MIN = 60_000;
/** A Shanghai wall time in October 2025 (1-8 Oct off, Sat 11 Oct a make-up workday). */
const oct = (d: number, h: number, m: number): number => wallTimeToUtc('Asia/Shanghai', 2025, 10, d, h, m);

describe('longest unbroken run of a condition', () => {
  it('lasts from the first to the last active sample; an inactive sample ends it', () => {
    const samples = [0, 1, 2, 3, 4, 5].map((i) => ({ ts: i * MIN, active: i !== 3 }));
    expect(longestRunMs(samples, 2 * MIN)).toBe(2 * MIN);
  });

  it('is broken by a gap in the data longer than allowed', () => {
    const samples = [0, 1, 10, 11].map((i) => ({ ts: i * MIN, active: true }));
    expect(longestRunMs(samples, 2 * MIN)).toBe(MIN);
    expect(longestRunMs(samples, 10 * MIN)).toBe(11 * MIN);
  });
});

describe('per-workday longest peak queue', () => {
  it('counts only morning-peak samples on workdays, by local date', () => {
    const samples = [
      // 8 Oct: holiday, ignored however long the queue.
      ...Array.from({ length: 61 }, (_, i) => ({ ts: oct(8, 7, 45) + i * MIN, queue: 3 })),
      // 9 Oct: queue from 07:40 to 08:20 (40 min), then gone; a queue at 10:00 is outside the peak.
      ...Array.from({ length: 41 }, (_, i) => ({ ts: oct(9, 7, 40) + i * MIN, queue: 2 })),
      { ts: oct(9, 8, 21), queue: 0 },
      ...Array.from({ length: 60 }, (_, i) => ({ ts: oct(9, 10, 0) + i * MIN, queue: 5 })),
      // Sat 11 Oct, a make-up workday: 20 min.
      ...Array.from({ length: 21 }, (_, i) => ({ ts: oct(11, 8, 0) + i * MIN, queue: 1 })),
    ];
    expect(peakQueueDays(samples, 2 * MIN)).toEqual([
      { date: '2025-10-09', longestQueueMs: 40 * MIN },
      { date: '2025-10-11', longestQueueMs: 20 * MIN },
    ]);
  });
});

describe('car availability over a window', () => {
  it('is the share of the window spent in service', () => {
    const samples = [
      { ts: 0, state: 'idle' as const },
      { ts: 50 * MIN, state: 'fault' as const },
      { ts: 60 * MIN, state: 'moving' as const },
    ];
    expect(carAvailability(samples, 0, 100 * MIN, 60 * MIN)).toBeCloseTo(0.9, 10);
  });

  it('counts silence beyond the offline threshold as out of service', () => {
    expect(carAvailability([{ ts: 0, state: 'idle' }], 0, 100 * MIN, 10 * MIN)).toBeCloseTo(0.1, 10);
  });

  it('counts maintenance as out of service and clips to the window', () => {
    const samples = [
      { ts: -30 * MIN, state: 'door' as const },
      { ts: 20 * MIN, state: 'maintenance' as const },
      { ts: 40 * MIN, state: 'idle' as const },
    ];
    expect(carAvailability(samples, 0, 100 * MIN, 200 * MIN)).toBeCloseTo(0.8, 10);
  });

  it('refuses an empty window', () => {
    expect(() => carAvailability([], 5, 5, MIN)).toThrow(/to > from/);
  });
});

describe('morning-peak mean hall-call wait', () => {
  it('weights by trips and skips samples outside workday peaks', () => {
    const wait = morningPeakMeanWait([
      { ts: oct(9, 8, 0), wait_s: 30, trips: 10 },
      { ts: oct(9, 8, 30), wait_s: 60, trips: 30 },
      { ts: oct(9, 10, 0), wait_s: 200, trips: 10 },
      { ts: oct(8, 8, 0), wait_s: 500, trips: 10 },
    ]);
    expect(wait).toBe(52.5);
  });

  it('is null without peak samples', () => {
    expect(morningPeakMeanWait([{ ts: oct(9, 12, 0), wait_s: 30, trips: 1 }])).toBeNull();
  });
});
