import { counterIncreaseBetween, type CounterSample } from '@louyu/core';
import { bucketStart, MAX_POINTS_LIMIT, type TelemetryPoint, type TelemetryStore } from '@louyu/store';

const HOUR = 3_600_000;

/**
 * How far back the reading a period starts from may lie: a meter silent for longer than this before a
 * period has its consumption counted from its first reading inside the period.
 */
export const BASELINE_LOOKBACK_MS = 7 * 24 * HOUR;

/** How far after a period its closing reading may lie (the step that straddles the period's end). */
export const CLOSING_LOOKAHEAD_MS = HOUR;

const FIELD = 'energy_kwh';

/**
 * The readings of one meter's cumulative counter that tell its consumption in [from, until): the last
 * reading before `from` (the period's opening reading), every reading of the first and the last partial
 * hour, each whole hour in between as its last reading (from the hour rollups), and the first reading at
 * or after `until`. An hour whose rollup shows the counter going down inside it (its lowest reading below
 * the reading before it, or its last below its highest) is read raw, so a reset or a restart inside an
 * hour is counted as core's `meterStep` counts it live. Samples of whole hours are placed at the hour's
 * end (only steps that straddle the period's edges are split by time, and those come from raw readings).
 * Oldest first.
 */
export async function meterSamples(
  store: TelemetryStore,
  building: string,
  device: string,
  from: number,
  until: number,
): Promise<CounterSample[]> {
  if (!(until > from)) return [];
  const filter = { measurement: 'energy', building, device };
  const raw = async (start: number, end: number, limit = MAX_POINTS_LIMIT): Promise<CounterSample[]> =>
    end > start ? toSamples(await store.points(filter, Math.max(0, start), end, limit)) : [];
  const firstHourEnd = Math.min(until, bucketStart(from, HOUR) + HOUR);
  const lastHourStart = Math.max(firstHourEnd, bucketStart(until, HOUR));

  const [opening, head, hours, tail, after] = await Promise.all([
    raw(from - BASELINE_LOOKBACK_MS, from, 1),
    raw(from, firstHourEnd),
    hourSummaries(store, filter, firstHourEnd, lastHourStart),
    raw(lastHourStart, until),
    raw(until, until + CLOSING_LOOKAHEAD_MS),
  ]);
  let previous = [...opening, ...head].at(-1)?.value;
  const middle = await Promise.all(
    hours.map(async (hour): Promise<CounterSample[]> => {
      const dropped = (previous !== undefined && hour.min < previous) || hour.max > hour.last;
      previous = hour.last;
      return dropped ? raw(hour.ts, hour.ts + HOUR) : [{ ts: hour.ts + HOUR - 1, value: hour.last }];
    }),
  );
  // The closing reading is the oldest after `until` (known only when the hour held fewer than the limit).
  const closing = after.length > 0 && after.length < MAX_POINTS_LIMIT ? [after[0]!] : [];
  return [...opening, ...head, ...middle.flat(), ...tail, ...closing];
}

/** One meter's consumption in [from, until), kWh, resets and glitches as core's `meterStep` decides. */
export async function meterConsumption(
  store: TelemetryStore,
  building: string,
  device: string,
  from: number,
  until: number,
): Promise<number> {
  const samples = await meterSamples(store, building, device, from, until);
  return counterIncreaseBetween(samples, from, until).increase;
}

interface HourSummary {
  ts: number;
  min: number;
  max: number;
  last: number;
}

/** The whole hours in [from, to) that hold readings, with their lowest, highest and last reading. */
async function hourSummaries(
  store: TelemetryStore,
  filter: { measurement: string; building: string; device: string },
  from: number,
  to: number,
): Promise<HourSummary[]> {
  if (!(to > from)) return [];
  const [lowest, highest, last] = await Promise.all([
    store.series(filter, from, to, HOUR, 'min', FIELD),
    store.series(filter, from, to, HOUR, 'max', FIELD),
    store.series(filter, from, to, HOUR, 'last', FIELD),
  ]);
  const lows = new Map(lowest.map((p) => [p.ts, p.value]));
  const highs = new Map(highest.map((p) => [p.ts, p.value]));
  return last.map((p) => ({
    ts: p.ts,
    min: lows.get(p.ts) ?? p.value,
    max: highs.get(p.ts) ?? p.value,
    last: p.value,
  }));
}

/** Raw points (newest first) as counter samples, oldest first. */
export function toSamples(points: readonly TelemetryPoint[]): CounterSample[] {
  const samples: CounterSample[] = [];
  for (const p of points) {
    const value = p.fields[FIELD];
    if (typeof value === 'number' && Number.isFinite(value)) samples.push({ ts: p.ts, value });
  }
  return samples.sort((a, b) => a.ts - b.ts);
}
