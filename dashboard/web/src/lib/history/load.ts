import type { HistoryReply } from '../contracts.ts';
import { apiGet } from '../api.ts';
import { requestsFor, type Metric, type SeriesRequest } from './metrics.ts';

/** A chart's series: `[ts, value]` buckets in time order. */
export type Points = [number, number][];

/** Buckets of an earlier span moved forward by `shiftMs`, to be drawn under the current span's. */
export function shiftPoints(points: Points, shiftMs: number): Points {
  return points.map(([ts, v]): [number, number] => [ts + shiftMs, v]);
}

/** What one view of the explorer draws. */
export interface Loaded {
  /** The axis: from the start of the first bucket to the end of the span asked for. */
  from: number;
  to: number;
  /** The bucket width the server chose for this span. */
  stepMs: number;
  points: Points;
  /** The comparison span's buckets, moved forward by `shiftMs` to lie under the current ones. */
  compare: Points | null;
  shiftMs: number;
}

async function fetchSeries(
  building: string,
  series: SeriesRequest & { device?: string },
  from: number,
  to: number,
  points: number,
  signal?: AbortSignal,
): Promise<HistoryReply> {
  return apiGet<HistoryReply>(
    `/api/buildings/${encodeURIComponent(building)}/history`,
    {
      kind: series.kind,
      field: series.field,
      device: series.device,
      circuit: series.circuit,
      across: series.device === undefined ? series.across : undefined,
      from,
      to,
      points,
      agg: 'mean',
    },
    signal,
  );
}

/** 100 × value / per, bucket by bucket, where both have the bucket and the denominator is not zero. */
function ratio(value: Points, per: Points): Points {
  const totals = new Map(per);
  const out: Points = [];
  for (const [ts, v] of value) {
    const total = totals.get(ts);
    if (total !== undefined && total > 0) out.push([ts, (100 * v) / total]);
  }
  return out;
}

/** One span of a metric: one request, or two for a ratio (asked for together). */
async function loadSpan(
  building: string,
  metric: Metric,
  device: string | null,
  from: number,
  to: number,
  points: number,
  signal?: AbortSignal,
): Promise<{ stepMs: number; points: Points }> {
  const requests = requestsFor(metric, device);
  const [value, per] = await Promise.all([
    fetchSeries(building, requests.value, from, to, points, signal),
    requests.per ? fetchSeries(building, requests.per, from, to, points, signal) : Promise.resolve(null),
  ]);
  return { stepMs: value.step_ms, points: per ? ratio(value.points, per.points) : value.points };
}

/** Loads a view's span and, when asked, the comparison span `shiftMs` earlier. */
export async function loadHistory(
  building: string,
  metric: Metric,
  device: string | null,
  span: { from: number; to: number; points: number },
  shiftMs: number | null,
  signal?: AbortSignal,
): Promise<Loaded> {
  const [now, before] = await Promise.all([
    loadSpan(building, metric, device, span.from, span.to, span.points, signal),
    shiftMs === null
      ? Promise.resolve(null)
      : loadSpan(building, metric, device, span.from - shiftMs, span.to - shiftMs, span.points, signal),
  ]);
  return {
    // The axis starts where the first bucket does: a range that does not start on a bucket boundary still
    // gets that whole bucket from the server, and it is drawn (and exported) like the others.
    from: Math.floor(span.from / now.stepMs) * now.stepMs,
    to: span.to,
    stepMs: now.stepMs,
    points: now.points,
    compare: before ? shiftPoints(before.points, shiftMs ?? 0) : null,
    shiftMs: shiftMs ?? 0,
  };
}
