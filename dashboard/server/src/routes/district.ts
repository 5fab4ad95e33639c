import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { districtFigures, type DistrictInfo, type Registry } from '@louyu/core';
import { DistrictInfoSchema, DistrictSummarySchema } from '@louyu/core';
import { assertRole } from '../auth/plugin.ts';
import type { ServerContext } from '../context.ts';
import { liveTenancyMap } from '../live/tenancy.ts';
import { authErrors, bearer } from './params.ts';

/** The district as its registry describes it: name, clusters, plan targets, shortfall thresholds. */
export function districtInfo(registry: Registry): DistrictInfo {
  const { id, name, time_zone, plan } = registry.district;
  return {
    id,
    name,
    time_zone,
    clusters: [...registry.clusters],
    plan: plan ?? null,
    shortfall_thresholds: { ...registry.shortfallConfig },
  };
}

/**
 * `GET /api/district`: who the district is (every page's title and cluster names; public, so the sign-in
 * page can name it: nothing in it is a building's data). `GET /api/district/summary`: the plan's figures
 * and targets (live tenancy applied) and the live totals, for district staff.
 */
export const districtRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  const info = districtInfo(ctx.registry);
  app.get(
    '/api/district',
    {
      schema: {
        tags: ['district'],
        summary: "The district's name, clusters, plan targets and shortfall thresholds (from its registry)",
        response: { 200: DistrictInfoSchema },
      },
    },
    () => info,
  );
  app.get(
    '/api/district/summary',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['district'],
        summary: "District KPIs against the plan's targets, and live totals",
        security: bearer,
        response: { 200: DistrictSummarySchema, ...authErrors },
      },
    },
    (request) => {
      assertRole(request, 'district', 'admin', 'viewer');
      return {
        district: info,
        plan: districtFigures(ctx.registry, liveTenancyMap(ctx.live)),
        live: ctx.live.district(),
      };
    },
  );
  done();
};
