import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import {
  alignedStepMs,
  clusterStandings,
  coursePeriods,
  COURSE_MAX_MONTHS,
  addMonths,
  localMonthKey,
  monthsBetween,
  planCourse,
  rankBuildings,
  TAX_CULTIVATION_LINES_CNY,
  type PlanCourse,
  type PlanRanking,
} from '@louyu/core';
import { ApiErrorSchema, PlanCourseQuerySchema, PlanCourseSchema } from '@louyu/core';
import { PlanRankingQuerySchema, PlanRankingSchema } from '@louyu/core';
import { assertRole } from '../auth/plugin.ts';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { liveRankingRows, rankingDay, rankingRowsAt } from '../plan/ranking-rows.ts';
import { readTenancyRecords } from '../plan/tenancy-records.ts';
import { authErrors, bearer } from './params.ts';

/**
 * 规划进度, for district staff: `GET /api/plan/course` is the plan's KPIs month by month or quarter by
 * quarter from the stored, dated tenancy reports (tax to date among them); `GET /api/plan/ranking` is the
 * building ranking (楼宇排行) by tax, occupancy or 5A index, and cluster against cluster, as of now or at the end
 * of a past day (`at`).
 */
export const planRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  const { registry } = ctx;
  const zone = registry.district.time_zone;
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/api/plan/course',
    {
      schema: {
        tags: ['district'],
        summary: "The plan's KPIs over time (规划进度): 亿元楼宇, key idle area, occupancy buckets",
        description:
          'Each period is the state at its end: every building at its latest tenancy report (the ' +
          'registry baseline before its first), tax to date from reports of the same year. Periods ' +
          `after now are left out; at most ${COURSE_MAX_MONTHS} months.`,
        security: bearer,
        querystring: PlanCourseQuerySchema,
        response: { 200: PlanCourseSchema, 400: ApiErrorSchema, ...authErrors },
      },
    },
    async (request): Promise<PlanCourse> => {
      assertRole(request, 'district', 'admin');
      const now = ctx.options.now();
      const period = request.query.period ?? 'month';
      const to = request.query.to ?? localMonthKey(now, zone);
      const from = request.query.from ?? addMonths(to, -11);
      const months = monthsBetween(from, to);
      if (months < 1) throw failures.badRange(`from (${from}) must not be after to (${to})`);
      if (months > COURSE_MAX_MONTHS)
        throw failures.badRange(`at most ${COURSE_MAX_MONTHS} months (the hour rollups' two years)`);
      const spans = coursePeriods(from, to, period, zone).filter((span) => span.from <= now);
      const plan = registry.district.plan;
      const idle = plan?.idle_area;
      const reply: PlanCourse = {
        period,
        time_zone: zone,
        buildings: registry.buildings.length,
        targets: {
          target_year: plan?.target_year ?? null,
          buildings_over_100m_tax: plan?.buildings_over_100m_tax?.target ?? null,
          idle_base_m2: idle?.base_m2 ?? null,
          idle_target_m2: idle === undefined ? null : idle.base_m2 - idle.reduction_m2,
          mean_occupancy: plan?.mean_occupancy?.target ?? plan?.mean_occupancy?.base ?? null,
        },
        points: [],
      };
      if (spans.length === 0) return reply;
      const step = alignedStepMs(spans);
      // Every building's reports over the whole course, in one store query per field.
      const records = await readTenancyRecords(ctx.store, spans[0]!.from, spans[spans.length - 1]!.to, step);
      reply.points = planCourse(registry, spans, records);
      return reply;
    },
  );

  app.get(
    '/api/plan/ranking',
    {
      schema: {
        tags: ['district'],
        summary:
          'The building ranking (楼宇排行) by tax to date, occupancy or 5A index; cluster against cluster',
        description:
          'Now, from the live state; with `at` (YYYY-MM-DD), as it stood at the end of that day in the ' +
          "district's time zone: each building's latest stored tenancy report by then (the registry " +
          "baseline before its first), tax to date from a report of that day's year. A day that has " +
          `ended, at most ${COURSE_MAX_MONTHS} months back. The 5A index of a past day is rebuilt from ` +
          "the subsystems' stored readings as the live state judged them at the day's end (fresh ones " +
          "only, the gateway's status then); it is null for every building when the day ended before " +
          "the raw readings the store keeps (30 days by default): the hour rollups lack the readings' " +
          'times, so which subsystems were fresh cannot be said.',
        security: bearer,
        querystring: PlanRankingQuerySchema,
        response: { 200: PlanRankingSchema, 400: ApiErrorSchema, ...authErrors },
      },
    },
    async (request): Promise<PlanRanking> => {
      assertRole(request, 'district', 'admin');
      const by = request.query.by ?? 'tax';
      const cluster = request.query.cluster ?? null;
      const at = request.query.at ?? null;
      const clusterIds = registry.clusters.map((c) => c.id);
      if (cluster !== null && !clusterIds.includes(cluster))
        throw failures.unknownCluster(cluster, clusterIds);
      const now = ctx.options.now();
      const rows =
        at === null ? liveRankingRows(ctx, now) : await rankingRowsAt(ctx, rankingDay(at, now, zone), now);
      const names = new Map(registry.buildings.map((b) => [b.id, b.name]));
      const ranked = rankBuildings(cluster === null ? rows : rows.filter((r) => r.cluster === cluster), by);
      return {
        by,
        cluster,
        at,
        buildings: ranked.map((r) => ({ ...r, name: names.get(r.building)! })),
        clusters: clusterStandings(rows, clusterIds, TAX_CULTIVATION_LINES_CNY.over_100m).map((c) => ({
          ...c,
          name: registry.clusters.find((k) => k.id === c.cluster)!.name,
        })),
      };
    },
  );
  done();
};
