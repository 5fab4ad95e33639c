import { DEFAULT_TIME_ZONE, MORNING_PEAK_MINUTES } from '../../constants.ts';
import { localDateKey, localMinuteOfDay } from '../../time/dates.ts';
import { CN_HOLIDAY_CALENDAR, dayInfo } from '../../time/workday.ts';
import type { HolidayCalendar } from '../../time/workday.ts';
import type { ElevatorState } from '../../kinds.ts';
import type { WorkdayPeakQueue } from './types.ts';

/** A sample of a condition over time. */
export interface ConditionSample {
  ts: number;
  active: boolean;
}

/**
 * The longest time (ms) a condition held without a break, from sorted samples: a run starts at its first
 * active sample and lasts to its last; an inactive sample or a gap longer than `maxGapMs` (missing data
 * proves nothing) ends it. Conservative: the unobserved time after the last active sample is not counted.
 */
export function longestRunMs(samples: readonly ConditionSample[], maxGapMs: number): number {
  let longest = 0;
  let start: number | null = null;
  let last: number | null = null;
  for (const s of samples) {
    if (s.active && start !== null && last !== null && s.ts - last <= maxGapMs) {
      last = s.ts;
    } else if (s.active) {
      start = s.ts;
      last = s.ts;
    } else {
      start = null;
      last = null;
    }
    if (start !== null && last !== null) longest = Math.max(longest, last - start);
  }
  return longest;
}

/** One parking reading's queue at the entry. */
export interface QueueSample {
  ts: number;
  queue: number;
}

/**
 * Per local workday, the longest unbroken entry queue (queue > 0) during the morning peak: the input of
 * the parking queue rule. Samples may come from several days, in time order.
 */
export function peakQueueDays(
  samples: readonly QueueSample[],
  maxGapMs: number,
  timeZone: string = DEFAULT_TIME_ZONE,
  calendar: HolidayCalendar = CN_HOLIDAY_CALENDAR,
): WorkdayPeakQueue[] {
  const byDay = new Map<string, ConditionSample[]>();
  for (const s of samples) {
    const minute = localMinuteOfDay(s.ts, timeZone);
    if (minute < MORNING_PEAK_MINUTES.start || minute >= MORNING_PEAK_MINUTES.end) continue;
    const date = localDateKey(s.ts, timeZone);
    if (!dayInfo(date, calendar).workday) continue;
    let day = byDay.get(date);
    if (day === undefined) byDay.set(date, (day = []));
    day.push({ ts: s.ts, active: s.queue > 0 });
  }
  return [...byDay.entries()]
    .map(([date, day]) => ({ date, longestQueueMs: longestRunMs(day, maxGapMs) }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** States in which a car is not serving passengers. */
export const OUT_OF_SERVICE_STATES: ReadonlySet<ElevatorState> = new Set(['fault', 'maintenance', 'offline']);

/** One elevator reading's state. */
export interface StateSample {
  ts: number;
  state: ElevatorState;
}

/**
 * A car's availability over [from, to): the share of the window it was in service. Each sample's state
 * holds until the next sample, but for at most `silenceMs` (after that the car counts as offline, as
 * freshness would call it); time before the first sample in the window takes the state of the last sample
 * before `from` if given, else counts as out of service.
 */
export function carAvailability(
  samples: readonly StateSample[],
  from: number,
  to: number,
  silenceMs: number,
): number {
  if (!(to > from)) throw new RangeError(`availability window must have to > from (from ${from}, to ${to})`);
  let inService = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    if (OUT_OF_SERVICE_STATES.has(s.state)) continue;
    const next = samples[i + 1]?.ts ?? to;
    const start = Math.max(from, s.ts);
    const end = Math.min(to, next, s.ts + silenceMs);
    if (end > start) inService += end - start;
  }
  return inService / (to - from);
}

/** One elevator reading's mean hall-call wait since the previous one, with the trips it covers. */
export interface WaitSample {
  ts: number;
  wait_s: number;
  trips: number;
}

/**
 * Mean hall-call wait (s) over the workday morning peaks among the samples, weighted by trips (a busy
 * interval says more than an idle one); null when no sample falls in a morning peak.
 */
export function morningPeakMeanWait(
  samples: readonly WaitSample[],
  timeZone: string = DEFAULT_TIME_ZONE,
  calendar: HolidayCalendar = CN_HOLIDAY_CALENDAR,
): number | null {
  let weighted = 0;
  let weights = 0;
  let plain = 0;
  let count = 0;
  for (const s of samples) {
    const minute = localMinuteOfDay(s.ts, timeZone);
    if (minute < MORNING_PEAK_MINUTES.start || minute >= MORNING_PEAK_MINUTES.end) continue;
    if (!dayInfo(localDateKey(s.ts, timeZone), calendar).workday) continue;
    weighted += s.wait_s * s.trips;
    weights += s.trips;
    plain += s.wait_s;
    count++;
  }
  if (count === 0) return null;
  return weights > 0 ? weighted / weights : plain / count;
}
