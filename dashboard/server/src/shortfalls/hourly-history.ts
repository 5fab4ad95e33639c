import type { Aggregate, DeviceSeries, SeriesPoint, TelemetryStore, TimeRange } from '@louyu/store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** One hourly per-device series of the shortfall evaluation (the cars' availability, the meters' counters). */
export interface HourlySeries {
  measurement: string;
  agg: Aggregate;
  field: string;
}

export interface HourlyHistoryOptions {
  /**
   * An hour counts as settled this long after it ended: readings of its last minutes may still be on their
   * way (a gateway a little behind, a spool replayed after a short outage), and InfluxDB folds it into its
   * hour rollups minutes after it ends. An hour read before it settled is read once more after.
   */
  settleMs?: number;
  /**
   * Once an hour, when the hour just ended has settled, this many complete hours are read again: the hours
   * InfluxDB's continuous query folds again each hour, so late readings it takes in reach the findings.
   */
  recheckHours?: number;
  /** Every kept hour is read again after this long, so any late reading reaches the findings within it. */
  refreshMs?: number;
}

interface KeptHour {
  readAt: number;
  /** The hour's bucket of every device that has one. */
  rows: { building: string; device: string; value: number }[];
}

/**
 * One hourly per-device series over a look-back of days (each car's `in_service` over 7 days, each main
 * meter's `energy_kwh` over 8), the same points as asking the store for all of it (from InfluxDB's hour
 * rollups where folded: `preferRollups`). A complete hour changes only through late readings, so complete
 * hours are kept and an evaluation a minute later asks the store for the current hour, plus hours due again:
 *
 * - an hour read before it settled (`settleMs`, 10 minutes after it ended), once after;
 * - the last `recheckHours` (6) complete hours once an hour, when the newest has settled;
 * - every kept hour after `refreshMs` (6 hours).
 *
 * So a late reading counts: for the current hour, at the next evaluation; for the hour just ended, once it
 * has settled; for an hour that ended up to 6 hours before, once the next hour has settled (on InfluxDB the
 * continuous query folds the last 6 hours again each hour, so its rollups hold it from then on anyway);
 * older, within 6 hours (on InfluxDB once `backfillRollups` has folded it, as before). Until then the
 * findings may trail the store's answer; without late readings they are the same. On InfluxDB at the
 * gateways' rates, reading the cars' last raw hour every minute was most of an evaluation (issue 18).
 */
export class HourlyHistory {
  readonly #store: TelemetryStore;
  readonly #series: HourlySeries;
  readonly #settleMs: number;
  readonly #recheckHours: number;
  readonly #refreshMs: number;
  /** Complete hours by their start. */
  readonly #kept = new Map<number, KeptHour>();
  /** The device ids the kept hours were read for: other ids, and they are read again. */
  #devicesKey = '';
  /** Counts changes of the kept hours, so the series built from them are built again. */
  #version = 0;
  #assembled: { key: string; version: number; series: DeviceSeries[] } | undefined;

  constructor(store: TelemetryStore, series: HourlySeries, options: HourlyHistoryOptions = {}) {
    this.#store = store;
    this.#series = series;
    this.#settleMs = options.settleMs ?? 10 * MINUTE;
    this.#recheckHours = options.recheckHours ?? 6;
    this.#refreshMs = options.refreshMs ?? 6 * HOUR;
  }

  /**
   * The hourly buckets of `devices` (in any building) over [from, now), as
   * `store.seriesByDevice({ measurement, device: devices }, from, now, HOUR, agg, field, { preferRollups: true })`
   * answers them: one series per building and device with any bucket, by building then device.
   */
  async read(devices: readonly string[], from: number, now: number): Promise<DeviceSeries[]> {
    const devicesKey = JSON.stringify([...devices].sort());
    if (devicesKey !== this.#devicesKey) {
      this.#kept.clear();
      this.#devicesKey = devicesKey;
      this.#version++;
    }
    const first = bucketStart(from);
    const current = bucketStart(now);
    // Hours that left the look-back, or not over yet (a clock set back), are forgotten.
    for (const hour of this.#kept.keys()) {
      if (hour < first || hour >= current) {
        this.#kept.delete(hour);
        this.#version++;
      }
    }

    const due: number[] = [];
    for (let hour = first; hour < current; hour += HOUR) if (this.#due(hour, now)) due.push(hour);
    const spans = spansOf(due);
    if (now > current) {
      const last = spans.at(-1);
      if (last?.to === current) last.to = now;
      else spans.push({ from: current, to: now });
    }
    const read =
      spans.length === 0
        ? []
        : await this.#store.seriesByDevice(
            { measurement: this.#series.measurement, device: [...devices] },
            from,
            now,
            HOUR,
            this.#series.agg,
            this.#series.field,
            { preferRollups: true, within: spans },
          );

    const readHours = new Map<number, KeptHour>(due.map((hour) => [hour, { readAt: now, rows: [] }]));
    const currentRows: KeptHour['rows'] = [];
    for (const { building, device, points } of read) {
      for (const { ts, value } of points) {
        const rows = ts === current ? currentRows : readHours.get(ts)?.rows;
        rows?.push({ building, device, value });
      }
    }
    for (const [hour, kept] of readHours) this.#kept.set(hour, kept);
    if (readHours.size > 0) this.#version++;

    const complete = this.#complete(first, current);
    const byDevice = new Map(complete.map((s) => [`${s.building}\u0000${s.device}`, s]));
    for (const { building, device, value } of currentRows) {
      const key = `${building}\u0000${device}`;
      const kept = byDevice.get(key);
      byDevice.set(key, { building, device, points: [...(kept?.points ?? []), { ts: current, value }] });
    }
    return [...byDevice.values()].sort(
      (a, b) => compare(a.building, b.building) || compare(a.device, b.device),
    );
  }

  /**
   * The kept hours [first, current) as one series per device, built again only when they changed (a read,
   * an hour in or out of the look-back): a minute later it is the same, and rebuilding 7 days of every car
   * each minute was most of the evaluation's garbage. Its point arrays are shared: callers only read them.
   */
  #complete(first: number, current: number): DeviceSeries[] {
    const key = `${first}|${current}|${this.#devicesKey}`;
    if (this.#assembled?.key === key && this.#assembled.version === this.#version) {
      return this.#assembled.series;
    }
    const byDevice = new Map<string, DeviceSeries>();
    for (let hour = first; hour < current; hour += HOUR) {
      for (const { building, device, value } of this.#kept.get(hour)?.rows ?? []) {
        const deviceKey = `${building}\u0000${device}`;
        let series = byDevice.get(deviceKey);
        if (!series) byDevice.set(deviceKey, (series = { building, device, points: [] as SeriesPoint[] }));
        series.points.push({ ts: hour, value });
      }
    }
    const series = [...byDevice.values()];
    this.#assembled = { key, version: this.#version, series };
    return series;
  }

  /** Whether the complete hour starting at `hour` is read from the store at `now`. */
  #due(hour: number, now: number): boolean {
    const kept = this.#kept.get(hour);
    if (!kept || kept.readAt > now || now - kept.readAt >= this.#refreshMs) return true;
    // The newest hour boundary that has settled: hours that ended there or up to `recheckHours` before it
    // are read once after it settled.
    const settled = bucketStart(now - this.#settleMs);
    const end = hour + HOUR;
    return (
      end <= settled && end > settled - this.#recheckHours * HOUR && kept.readAt < settled + this.#settleMs
    );
  }
}

const bucketStart = (ts: number): number => Math.floor(ts / HOUR) * HOUR;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Consecutive hours as spans. */
function spansOf(hours: readonly number[]): TimeRange[] {
  const spans: TimeRange[] = [];
  for (const hour of hours) {
    const last = spans.at(-1);
    if (last && last.to === hour) last.to = hour + HOUR;
    else spans.push({ from: hour, to: hour + HOUR });
  }
  return spans;
}
