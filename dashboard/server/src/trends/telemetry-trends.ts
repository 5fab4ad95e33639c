// The district's telemetry over time, per cluster: each device's buckets from ONE store query per kind of
// series (every floor's counter, every main meter, ...), added up by cluster here with the registry's
// clusters, so a district of a thousand buildings costs the same few queries as one building.
import type { DistrictMeasure } from '@louyu/core';
import type { DeviceSeries, SeriesFilter, TelemetryStore } from '@louyu/store';

/** A measure the store holds as device series (active alarms come from the alarm journal instead). */
export type TelemetryMeasure = Exclude<DistrictMeasure, 'active_alarms'>;

/** One kind of series a measure reads: its mean per device and bucket, then added up over devices. */
interface SeriesSpec {
  filter: Omit<SeriesFilter, 'building'>;
  field: string;
}

/**
 * What each measure reads. Free parking needs two (capacity and occupied of every car park); the others one.
 * Power counts the `total` (main) meters only, as the building explorer does: circuits are parts of it.
 */
const SPECS: Readonly<Record<TelemetryMeasure, readonly SeriesSpec[]>> = {
  people: [{ filter: { measurement: 'occupancy' }, field: 'people' }],
  power_kw: [{ filter: { measurement: 'energy', tags: { circuit: 'total' } }, field: 'power_kw' }],
  free_parking: [
    { filter: { measurement: 'parking' }, field: 'capacity' },
    { filter: { measurement: 'parking' }, field: 'occupied' },
  ],
  // `in_service` is 0 or 1 per reading (core's readingToPoints): a car's mean over a bucket is the share of
  // it in service, so the sum over cars is the cars in service, on average, in that bucket.
  lifts_in_service: [{ filter: { measurement: 'elevator' }, field: 'in_service' }],
};

/** Each device's value per bucket, keyed by building and device. */
type DeviceBuckets = Map<string, { building: string; values: Map<number, number> }>;

function byDevice(series: readonly DeviceSeries[]): DeviceBuckets {
  const out: DeviceBuckets = new Map();
  for (const { building, device, points } of series)
    out.set(`${building}/${device}`, { building, values: new Map(points.map((p) => [p.ts, p.value])) });
  return out;
}

/**
 * A car park's free spaces per bucket: its capacity less its occupied spaces where both were reported, never
 * below zero (a counter that drifted past the capacity has no space free, as the live figures say).
 */
function freeSpaces(capacity: DeviceBuckets, occupied: DeviceBuckets): DeviceBuckets {
  const out: DeviceBuckets = new Map();
  for (const [key, cap] of capacity) {
    const occ = occupied.get(key);
    if (!occ) continue;
    const values = new Map<number, number>();
    for (const [ts, total] of cap.values) {
      const used = occ.values.get(ts);
      if (used !== undefined) values.set(ts, Math.max(0, total - used));
    }
    out.set(key, { building: cap.building, values });
  }
  return out;
}

/**
 * The measure per cluster, bucket by bucket: `[ts, value]` in time order, for each cluster of `clusterOf`
 * (buildings outside it are ignored). A device silent in a bucket adds nothing to it, as on the building
 * chart; a bucket nobody reported in is left out.
 */
export async function telemetryByCluster(
  store: TelemetryStore,
  measure: TelemetryMeasure,
  clusterOf: ReadonlyMap<string, string>,
  range: { from: number; to: number; stepMs: number; buildings?: readonly string[] },
): Promise<Map<string, [number, number][]>> {
  const results = await Promise.all(
    SPECS[measure].map(async ({ filter, field }) =>
      byDevice(
        await store.seriesByDevice(
          { ...filter, ...(range.buildings ? { building: range.buildings } : {}) },
          range.from,
          range.to,
          range.stepMs,
          'mean',
          field,
        ),
      ),
    ),
  );
  const devices = measure === 'free_parking' ? freeSpaces(results[0]!, results[1]!) : results[0]!;
  const sums = new Map<string, Map<number, number>>();
  for (const { building, values } of devices.values()) {
    const cluster = clusterOf.get(building);
    if (cluster === undefined) continue;
    let totals = sums.get(cluster);
    if (!totals) sums.set(cluster, (totals = new Map<number, number>()));
    for (const [ts, value] of values) totals.set(ts, (totals.get(ts) ?? 0) + value);
  }
  return new Map(
    [...sums].map(([cluster, totals]) => [cluster, [...totals].sort(([a], [b]) => a - b)] as const),
  );
}
