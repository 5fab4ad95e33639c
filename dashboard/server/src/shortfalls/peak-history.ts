import type { BuildingSeries, SeriesPoint, TelemetryStore, TimeRange } from '@louyu/store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The three morning-peak series of the shortfall evaluation, grouped by building. */
export interface PeakSeries {
  /** Entry queues: the largest queue per minute. */
  queues: BuildingSeries[];
  /** Lift waits: the mean wait per 5 minutes. */
  waits: BuildingSeries[];
  /** Lift trips: the trips per 5 minutes (weights of the waits). */
  trips: BuildingSeries[];
}

type Kind = keyof PeakSeries;
const KINDS: readonly Kind[] = ['queues', 'waits', 'trips'];
/** The longest bucket of the three series (waits and trips, 5 minutes). */
const LONGEST_STEP_MS = 5 * MINUTE;

export interface PeakHistoryOptions {
  /**
   * A morning is kept once it ended this long ago: readings of its last minutes may still be on their way
   * (a gateway a little behind, a spool being replayed after a short outage).
   */
  settleMs?: number;
  /**
   * A kept morning is read again after this long, so readings that arrive late (a spool replayed after a
   * longer outage of the store) reach the findings within that time.
   */
  refreshMs?: number;
}

interface Kept {
  readAt: number;
  series: Record<Kind, Map<string, SeriesPoint[]>>;
}

/**
 * The morning-peak history of the look-back (8 days of entry queues at 1 minute and lift waits and trips
 * at 5 minutes, a 10-second gateway rate underneath), read from the store for the spans the evaluation
 * asks for. Most of it never changes: a workday morning that has ended is kept here, so an evaluation a
 * minute later reads only today's peak while it lasts, and nothing outside it. On InfluxDB at the gateways'
 * real rates, reading the whole look-back was most of an evaluation's 2.8 s (issue 18).
 */
export class PeakHistory {
  readonly #store: TelemetryStore;
  readonly #settleMs: number;
  readonly #refreshMs: number;
  /** Ended mornings by `from-to`. */
  readonly #kept = new Map<string, Kept>();

  constructor(store: TelemetryStore, options: PeakHistoryOptions = {}) {
    this.#store = store;
    this.#settleMs = options.settleMs ?? 10 * MINUTE;
    this.#refreshMs = options.refreshMs ?? HOUR;
  }

  /** The three series over `spans` within [from, now): the same points as asking the store for all of it. */
  async read(from: number, now: number, spans: readonly TimeRange[]): Promise<PeakSeries> {
    // The store clips the spans to the look-back itself (from the bucket `from` falls in): a span ending
    // a whole bucket before it, or starting at `now`, holds nothing.
    const visible = spans
      .filter((span) => span.to > from - LONGEST_STEP_MS && span.from < now)
      .sort((a, b) => a.from - b.from);
    // Only a whole morning that has settled can be kept: one the look-back cuts into changes every minute.
    const keepable = (span: TimeRange): boolean => span.from >= from && span.to <= now - this.#settleMs;
    const fresh = (key: string): boolean => {
      const kept = this.#kept.get(key);
      return kept !== undefined && now >= kept.readAt && now - kept.readAt < this.#refreshMs;
    };

    const toRead = new Set(visible.filter((span) => !keepable(span) || !fresh(keyOf(span))));
    const read = toRead.size > 0 ? await this.#query(from, now, [...toRead]) : undefined;

    const wanted = new Set<string>();
    const parts: Record<Kind, Map<string, SeriesPoint[]>>[] = [];
    for (const span of visible) {
      const key = keyOf(span);
      let part: Record<Kind, Map<string, SeriesPoint[]>>;
      if (read && toRead.has(span)) {
        part = slice(read, span);
        if (keepable(span)) this.#kept.set(key, { readAt: now, series: part });
      } else {
        part = this.#kept.get(key)!.series;
      }
      if (keepable(span)) wanted.add(key);
      parts.push(part);
    }
    // Mornings that left the look-back (or a clock set back) are forgotten.
    for (const key of this.#kept.keys()) if (!wanted.has(key)) this.#kept.delete(key);
    return joined(parts);
  }

  /** One district-wide query per kind over the spans not kept, asked at once. */
  async #query(from: number, now: number, within: readonly TimeRange[]): Promise<PeakSeries> {
    const store = this.#store;
    const [queues, waits, trips] = await Promise.all([
      store.seriesByBuilding({ measurement: 'parking' }, from, now, MINUTE, 'max', 'queue', { within }),
      store.seriesByBuilding({ measurement: 'elevator' }, from, now, 5 * MINUTE, 'mean', 'wait_s', {
        within,
      }),
      store.seriesByBuilding({ measurement: 'elevator' }, from, now, 5 * MINUTE, 'sum', 'trips', { within }),
    ]);
    return { queues, waits, trips };
  }
}

const keyOf = (span: TimeRange): string => `${span.from}-${span.to}`;

/** The buckets of `read` that start inside `span`, per kind and building. */
function slice(read: PeakSeries, span: TimeRange): Record<Kind, Map<string, SeriesPoint[]>> {
  const part = {} as Record<Kind, Map<string, SeriesPoint[]>>;
  for (const kind of KINDS) {
    const byBuilding = new Map<string, SeriesPoint[]>();
    for (const { building, points } of read[kind]) {
      const inside = points.filter((p) => p.ts >= span.from && p.ts < span.to);
      if (inside.length > 0) byBuilding.set(building, inside);
    }
    part[kind] = byBuilding;
  }
  return part;
}

/** The spans' parts in time order, as one series per building (buildings in the store's order, by id). */
function joined(parts: readonly Record<Kind, Map<string, SeriesPoint[]>>[]): PeakSeries {
  const result = {} as PeakSeries;
  for (const kind of KINDS) {
    const byBuilding = new Map<string, SeriesPoint[]>();
    for (const part of parts) {
      for (const [building, points] of part[kind]) {
        const list = byBuilding.get(building);
        if (list) list.push(...points);
        else byBuilding.set(building, [...points]);
      }
    }
    result[kind] = [...byBuilding]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([building, points]) => ({ building, points }));
  }
  return result;
}
