import type { CounterSample } from '@louyu/core';
import {
  bucketStart,
  MAX_POINTS_LIMIT,
  type DeviceSeries,
  type SeriesFilter,
  type TelemetryPoint,
  type TelemetryStore,
} from '@louyu/store';
import { BASELINE_LOOKBACK_MS, CLOSING_LOOKAHEAD_MS, toSamples } from './meter-readings.ts';

const HOUR = 3_600_000;
const FIELD = 'energy_kwh';

/** One meter: a building's device of kind `energy`. */
export interface MeterRef {
  building: string;
  device: string;
}

/** The district's meters as one filter: any of its buildings, any of its meter ids. */
interface DistrictFilter extends SeriesFilter {
  building: readonly string[];
  device: readonly string[];
}

const keyOf = (building: string, device: string): string => `${building}\u0000${device}`;

/** A meter's key in the map {@link districtMeterSamples} returns. */
export const meterKey = (meter: MeterRef): string => keyOf(meter.building, meter.device);

/**
 * Every raw point matching `filter` in [start, end), newest first: read in pages of the store's largest
 * answer, each page ending where the one before it stopped (a page's oldest instant is read again whole,
 * as the store may have cut it).
 */
async function allPoints(
  store: TelemetryStore,
  filter: DistrictFilter,
  start: number,
  end: number,
): Promise<TelemetryPoint[]> {
  const found: TelemetryPoint[] = [];
  let until = end;
  while (until > start) {
    const page = await store.points(filter, start, until, MAX_POINTS_LIMIT);
    if (page.length < MAX_POINTS_LIMIT) return found.concat(page);
    const oldest = page.at(-1)!.ts;
    if (oldest === page[0]!.ts) {
      // A whole page at one instant (a district far larger than a page): split it by building instead.
      const half = Math.ceil(filter.building.length / 2);
      if (half === filter.building.length)
        throw new Error(`more than ${MAX_POINTS_LIMIT} points at one instant`);
      const parts = await Promise.all([
        allPoints(store, { ...filter, building: filter.building.slice(0, half) }, start, until),
        allPoints(store, { ...filter, building: filter.building.slice(half) }, start, until),
      ]);
      return found.concat(parts.flat().sort((a, b) => b.ts - a.ts));
    }
    for (const p of page) if (p.ts > oldest) found.push(p);
    until = oldest + 1;
  }
  return found;
}

/** Points by meter, each meter's newest `MAX_POINTS_LIMIT` (what a per-meter read would have returned). */
function byMeter(points: readonly TelemetryPoint[]): Map<string, CounterSample[]> {
  const newestFirst = new Map<string, TelemetryPoint[]>();
  for (const p of points) {
    const key = keyOf(p.tags.building ?? '', p.tags.device ?? '');
    const list = newestFirst.get(key);
    if (!list) newestFirst.set(key, [p]);
    else if (list.length < MAX_POINTS_LIMIT) list.push(p);
  }
  return new Map([...newestFirst].map(([key, list]) => [key, toSamples(list)]));
}

/** Hour buckets by meter. */
function hoursByMeter(all: readonly DeviceSeries[]): Map<string, Map<number, number>> {
  return new Map(
    all.map((s) => [keyOf(s.building, s.device), new Map(s.points.map((p) => [p.ts, p.value]))]),
  );
}

/**
 * `meterSamples` (meter-readings.ts) for many meters at once, the same samples for each: one query per kind of read for
 * the whole district (the opening readings, the raw first and last partial hours, the hour summaries)
 * rather than seven per meter, one meter after another. Hours whose counter went down are read raw, per
 * meter, as meterSamples does. Keyed by {@link meterKey}; meters without samples are left out.
 */
export async function districtMeterSamples(
  store: TelemetryStore,
  meters: readonly MeterRef[],
  from: number,
  until: number,
): Promise<Map<string, CounterSample[]>> {
  const result = new Map<string, CounterSample[]>();
  if (!(until > from) || meters.length === 0) return result;
  const filter: DistrictFilter = {
    measurement: 'energy',
    building: [...new Set(meters.map((m) => m.building))],
    device: [...new Set(meters.map((m) => m.device))],
  };
  const firstHourEnd = Math.min(until, bucketStart(from, HOUR) + HOUR);
  const lastHourStart = Math.max(firstHourEnd, bucketStart(until, HOUR));
  const openingFrom = Math.max(0, from - BASELINE_LOOKBACK_MS);
  const hourly = (agg: 'min' | 'max' | 'last'): Promise<Map<string, Map<number, number>>> =>
    lastHourStart > firstHourEnd
      ? store.seriesByDevice(filter, firstHourEnd, lastHourStart, HOUR, agg, FIELD).then(hoursByMeter)
      : Promise.resolve(new Map<string, Map<number, number>>());
  const [opening, head, lows, highs, lasts, tail, after] = await Promise.all([
    from > openingFrom ? store.latest(filter, { from: openingFrom, to: from }) : Promise.resolve([]),
    allPoints(store, filter, from, firstHourEnd).then(byMeter),
    hourly('min'),
    hourly('max'),
    hourly('last'),
    allPoints(store, filter, lastHourStart, until).then(byMeter),
    allPoints(store, filter, until, until + CLOSING_LOOKAHEAD_MS).then(byMeter),
  ]);
  // The newest point before the period of each meter (a meter may have more than one series), if it holds
  // a reading of the counter: what a read of the meter's newest point there gives.
  const newestBefore = new Map<string, TelemetryPoint>();
  for (const p of opening) {
    const key = keyOf(p.tags.building ?? '', p.tags.device ?? '');
    if (!(p.ts <= (newestBefore.get(key)?.ts ?? -1))) newestBefore.set(key, p);
  }
  const openings = new Map<string, CounterSample>();
  for (const [key, p] of newestBefore) {
    const [sample] = toSamples([p]);
    if (sample) openings.set(key, sample);
  }
  await Promise.all(
    meters.map(async (meter) => {
      const key = meterKey(meter);
      if (result.has(key)) return;
      const open = openings.get(key);
      const first = [...(open ? [open] : []), ...(head.get(key) ?? [])];
      const highsOf = highs.get(key);
      const lowsOf = lows.get(key);
      let previous = first.at(-1)?.value;
      const middle = await Promise.all(
        [...(lasts.get(key) ?? [])].map(async ([ts, last]): Promise<CounterSample[]> => {
          const min = lowsOf?.get(ts) ?? last;
          const max = highsOf?.get(ts) ?? last;
          const dropped = (previous !== undefined && min < previous) || max > last;
          previous = last;
          if (!dropped) return [{ ts: ts + HOUR - 1, value: last }];
          const raw = await store.points(
            { measurement: 'energy', building: meter.building, device: meter.device },
            ts,
            ts + HOUR,
            MAX_POINTS_LIMIT,
          );
          return toSamples(raw);
        }),
      );
      const closingOf = after.get(key) ?? [];
      const closing = closingOf.length > 0 && closingOf.length < MAX_POINTS_LIMIT ? [closingOf[0]!] : [];
      const samples = [...first, ...middle.flat(), ...(tail.get(key) ?? []), ...closing];
      if (samples.length > 0) result.set(key, samples);
    }),
  );
  return result;
}
