import type { ClusterId, DistrictHistoryReply, DistrictMeasure } from '../contracts.ts';
import { apiGet } from '../api.ts';
import { shiftPoints } from '../history/load.ts';
import { WEEK_MS } from '../history/view.ts';

/** One district measure over a span: the server's reply (one series per cluster and the total). */
export function loadTrends(
  measure: DistrictMeasure,
  span: { from: number; to: number; points: number },
  cluster: ClusterId | null,
  signal?: AbortSignal,
): Promise<DistrictHistoryReply> {
  return apiGet<DistrictHistoryReply>(
    '/api/district/history',
    { measure, from: span.from, to: span.to, points: span.points, cluster: cluster ?? undefined },
    signal,
  );
}

/**
 * The same measure a week earlier: the span moved back 7 days with as many buckets asked for, so the server
 * picks the same step and bucket edges (every step divides a week); its buckets are moved forward a week
 * to lie under the current ones on the chart's axis.
 */
export async function loadTrendsWeekEarlier(
  measure: DistrictMeasure,
  span: { from: number; to: number; points: number },
  cluster: ClusterId | null,
  signal?: AbortSignal,
): Promise<DistrictHistoryReply> {
  const earlier = { from: span.from - WEEK_MS, to: span.to - WEEK_MS, points: span.points };
  const reply = await loadTrends(measure, earlier, cluster, signal);
  return {
    ...reply,
    clusters: reply.clusters.map((c) => ({ cluster: c.cluster, points: shiftPoints(c.points, WEEK_MS) })),
    total: shiftPoints(reply.total, WEEK_MS),
  };
}
