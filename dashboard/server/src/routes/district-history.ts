import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { ApiErrorSchema, DistrictHistoryQuerySchema, DistrictHistoryReplySchema } from '@louyu/core';
import { HISTORY_MAX_RANGE_MS } from '@louyu/core';
import { bucketStart, stepFor } from '@louyu/store';
import { assertRole } from '../auth/plugin.ts';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { activeAtEnds, alarmEpisodes, TooManyAlarmEvents } from '../trends/alarm-trends.ts';
import { telemetryByCluster } from '../trends/telemetry-trends.ts';
import { authErrors, bearer } from './params.ts';

/** The clusters' series added up bucket by bucket (a bucket only some clusters have counts theirs). */
function totalOf(series: Iterable<[number, number][]>): [number, number][] {
  const totals = new Map<number, number>();
  for (const points of series)
    for (const [ts, value] of points) totals.set(ts, (totals.get(ts) ?? 0) + value);
  return [...totals].sort(([a], [b]) => a - b);
}

/**
 * `GET /api/district/history`: a district measure over [from, to) in at most `points` buckets (the same
 * buckets as a building's history: `stepFor`), one series per cluster of the registry and their total. For
 * district staff, as the district's KPIs are (`/api/district/summary`): a manager gets 403.
 */
export const districtHistoryRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (
  app,
  { ctx },
  done,
) => {
  const clusterOf = new Map(ctx.registry.buildings.map((b) => [b.id, b.cluster]));
  app.get(
    '/api/district/history',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['district'],
        summary: 'A district measure over time, one series per cluster and their total',
        security: bearer,
        querystring: DistrictHistoryQuerySchema,
        response: { 200: DistrictHistoryReplySchema, 400: ApiErrorSchema, ...authErrors },
      },
    },
    async (request) => {
      assertRole(request, 'district', 'admin');
      const q = request.query;
      if (q.to <= q.from) throw failures.badRange('to must be after from');
      if (q.to - q.from > HISTORY_MAX_RANGE_MS)
        throw failures.badRange(`the range may span at most ${HISTORY_MAX_RANGE_MS / 86_400_000} days`);
      const known = ctx.registry.clusters.map((c) => c.id);
      if (q.cluster !== undefined && !known.includes(q.cluster))
        throw failures.badRange(`cluster "${q.cluster}" is not one of the district's: ${known.join(', ')}`);
      const clusters = q.cluster !== undefined ? [q.cluster] : known;
      const points = q.points ?? 500;
      const stepMs = stepFor(q.from, q.to, points);
      const buildings =
        q.cluster !== undefined
          ? ctx.registry.buildings.filter((b) => b.cluster === q.cluster).map((b) => b.id)
          : undefined;

      let byCluster: Map<string, [number, number][]>;
      if (q.measure === 'active_alarms') {
        // A count at each bucket's end up to now: later buckets have not ended, and nothing stands there yet.
        const until = Math.min(q.to, ctx.live.now());
        const buckets: { ts: number; end: number }[] = [];
        for (let ts = bucketStart(q.from, stepMs); ts < until; ts += stepMs)
          buckets.push({ ts, end: Math.min(ts + stepMs, until) });
        try {
          const episodes = await alarmEpisodes(ctx.store, q.from, until);
          byCluster = activeAtEnds(episodes, clusterOf, buckets, clusters);
        } catch (error) {
          if (error instanceof TooManyAlarmEvents) throw failures.badRange(error.message);
          throw error;
        }
      } else {
        byCluster = await telemetryByCluster(ctx.store, q.measure, clusterOf, {
          from: q.from,
          to: q.to,
          stepMs,
          ...(buildings ? { buildings } : {}),
        });
      }
      // Every cluster asked for is listed, in the registry's order, even one whose devices sent nothing.
      const series = clusters.map((cluster) => ({
        cluster,
        points: (byCluster.get(cluster) ?? []).slice(0, points),
      }));
      return {
        measure: q.measure,
        from: q.from,
        to: q.to,
        step_ms: stepMs,
        clusters: series,
        total: totalOf(series.map((s) => s.points)),
      };
    },
  );
  done();
};
