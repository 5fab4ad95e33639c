import { HISTORY_MAX_RANGE_MS, localParts, wallTimeToUtc } from '../contracts.ts';
import { isMetricId, type MetricId } from './metrics.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A week: offices run on a weekly rhythm, so a day is set against the same weekday a week before. */
export const WEEK_MS = 7 * DAY;

/**
 * The preset ranges and how many buckets each asks the server for: one more than the span holds, because
 * a range that does not start on a bucket boundary touches one bucket more. So 1 h is drawn by the minute,
 * 24 h by 5 minutes, 7 days by 30 minutes, 30 days by the hour and a year by the day (the server picks the
 * smallest readable step that fits, see stepFor).
 */
export const PRESETS = {
  '1h': { span: HOUR, points: 61 },
  '24h': { span: DAY, points: 289 },
  '7d': { span: 7 * DAY, points: 337 },
  '30d': { span: 30 * DAY, points: 721 },
  '1y': { span: 365 * DAY, points: 366 },
} as const;
export type Preset = keyof typeof PRESETS;
export type RangeId = Preset | 'custom';
export const RANGE_IDS: readonly RangeId[] = ['1h', '24h', '7d', '30d', '1y', 'custom'];
/** Buckets for a custom range: about a chart's width. */
const CUSTOM_POINTS = 500;

/** The span of a chart: a preset up to now, or custom bounds; it lives in the page's query string. */
export interface RangeView {
  range: RangeId;
  /** Custom range bounds as the district's wall time, `YYYY-MM-DDTHH:mm` (what a datetime-local input holds). */
  from: string | null;
  to: string | null;
}

/** What the explorer shows; every part lives in the page's query string, so a link reproduces the view. */
export interface HistoryView extends RangeView {
  metric: MetricId;
  /** A device (or a 5A subsystem); null is the whole building. */
  device: string | null;
  /** Draw the same span a week (or, for longer ranges, one span) earlier beside it. */
  compare: boolean;
  /** Other buildings drawn beside this one, same measure and buckets (`?with=a,b`). */
  with: string[];
}

export const DEFAULT_VIEW: HistoryView = {
  range: '24h',
  from: null,
  to: null,
  // People, not power: the energy panel beside it already draws the day's power.
  metric: 'people',
  device: null,
  compare: false,
  with: [],
};

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DEVICE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Reads a range from the query string (`range`, and `from`/`to` for a custom one); unknown: the last 24 h. */
export function parseRange(query: URLSearchParams): RangeView {
  const range = query.get('range');
  const from = query.get('from');
  const to = query.get('to');
  return {
    range: RANGE_IDS.includes(range as RangeId) ? (range as RangeId) : DEFAULT_VIEW.range,
    from: from !== null && WALL_TIME.test(from) ? from : null,
    to: to !== null && WALL_TIME.test(to) ? to : null,
  };
}

/** The query parameters of a range; the default is left out so plain links stay short. */
export function rangeQuery(view: RangeView): Record<string, string | null> {
  const custom = view.range === 'custom';
  return {
    range: view.range === DEFAULT_VIEW.range ? null : view.range,
    from: custom ? view.from : null,
    to: custom ? view.to : null,
  };
}

/** At most this many buildings beside the one on the page: more lines than that no longer read. */
export const MAX_WITH = 5;

/** Reads the view from the query string; anything unknown falls back to the default. */
export function parseView(query: URLSearchParams): HistoryView {
  const metric = query.get('metric');
  const device = query.get('device');
  const others = (query.get('with') ?? '').split(',').filter((id) => DEVICE.test(id));
  return {
    ...parseRange(query),
    metric: isMetricId(metric) ? metric : DEFAULT_VIEW.metric,
    device: device !== null && DEVICE.test(device) ? device : null,
    compare: query.get('compare') === 'prev',
    with: [...new Set(others)].slice(0, MAX_WITH),
  };
}

/** The query parameters of a view; defaults are left out so plain links stay short. */
export function viewQuery(view: HistoryView): Record<string, string | null> {
  return {
    ...rangeQuery(view),
    metric: view.metric === DEFAULT_VIEW.metric ? null : view.metric,
    device: view.device,
    compare: view.compare ? 'prev' : null,
    with: view.with.length > 0 ? view.with.join(',') : null,
  };
}

/** `YYYY-MM-DDTHH:mm` in `timeZone` as a UTC instant, or null if it is not one. */
export function wallTimeMs(value: string | null, timeZone: string): number | null {
  const m = value === null ? null : WALL_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  return wallTimeToUtc(timeZone, year, month, day, hour, minute);
}

/** A UTC instant as `YYYY-MM-DDTHH:mm` in `timeZone` (for the custom range's inputs). */
export function wallTime(ts: number, timeZone: string): string {
  const p = localParts(ts, timeZone);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** The span a view asks for at `now`, and how many buckets; null for a custom range that is not valid. */
export function spanOf(
  view: RangeView,
  now: number,
  timeZone: string,
): { from: number; to: number; points: number } | null {
  if (view.range !== 'custom') {
    const preset = PRESETS[view.range];
    return { from: now - preset.span, to: now, points: preset.points };
  }
  const from = wallTimeMs(view.from, timeZone);
  const to = wallTimeMs(view.to, timeZone);
  if (from === null || to === null || to <= from || to - from > HISTORY_MAX_RANGE_MS) return null;
  return { from, to, points: CUSTOM_POINTS };
}

/**
 * How far back the comparison looks: a week for spans up to a week (offices run on a weekly rhythm, so
 * Tuesday is set against last Tuesday), one span for longer ones (this month against the one before).
 */
export function compareShift(from: number, to: number): number {
  const span = to - from;
  return span <= WEEK_MS ? WEEK_MS : span;
}
