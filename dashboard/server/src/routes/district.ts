import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { districtFigures } from '@louyu/core';
import { DistrictSummarySchema } from '@louyu/core';
import { assertRole } from '../auth/plugin.ts';
import type { ServerContext } from '../context.ts';
import { liveTenancyMap } from '../live/tenancy.ts';
import { authErrors, bearer } from './params.ts';

/** `GET /api/district/summary`: the plan's figures and 2025 targets (live tenancy applied) and the live totals. */
export const districtRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.get(
    '/api/district/summary',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['district'],
        summary: "District KPIs against the plan's 2025 targets, and live totals",
        security: bearer,
        response: { 200: DistrictSummarySchema, ...authErrors },
      },
    },
    (request) => {
      assertRole(request, 'district', 'admin');
      return {
        district: ctx.registry.district,
        plan: districtFigures(ctx.registry, liveTenancyMap(ctx.live)),
        live: ctx.live.district(),
      };
    },
  );
  done();
};
