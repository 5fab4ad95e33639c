import type { ClusterId, DistrictHistoryReply, DistrictMeasure } from '../contracts.ts';
import { apiGet } from '../api.ts';

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
