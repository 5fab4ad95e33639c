import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { decode, pointToPayload, readingToPoints, telemetryTopic, TenancyPayload } from '@louyu/core';
import { ApiErrorSchema, TenancyHistorySchema, TenancyReplySchema, TenancyRowSchema } from '@louyu/core';
import { TENANCY_FORM_DEVICE, type TenancyEntry, type TelemetryPoint } from '@louyu/core';
import { accountOf, assertBuilding, assertRole } from '../auth/plugin.ts';
import { visibleBuildings } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { tenancyReply } from '../live/tenancy.ts';
import { authErrors, bearer, BuildingParams } from './params.ts';

const encoder = new TextEncoder();

/** The most tenancy reports the history returns (a daily report for the 30 days of raw data is 30). */
const HISTORY_LIMIT = 500;

/**
 * `GET /api/tenancy` (by building, cluster, occupancy bucket, industry) and the property manager's tenancy
 * form, `POST /api/buildings/{id}/tenancy`: the form's figures go through core's `decode` exactly as a
 * gateway's `tenancy` message would, then into the store and the live state. `GET /api/buildings/{id}/tenancy`
 * is the building's history of those reports, for the same users as the form.
 */
export const tenancyRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/api/tenancy',
    {
      schema: {
        tags: ['tenancy'],
        summary: 'Tenancy (入驻率) by building, cluster, occupancy bucket and industry',
        security: bearer,
        response: { 200: TenancyReplySchema, ...authErrors },
      },
    },
    (request) => tenancyReply(ctx.live, visibleBuildings(accountOf(request), ctx.registry)),
  );

  app.post(
    '/api/buildings/:id/tenancy',
    {
      schema: {
        tags: ['tenancy'],
        summary: "The property manager's tenancy update (validated and stored like telemetry)",
        security: bearer,
        params: BuildingParams,
        body: TenancyPayload,
        response: { 200: TenancyRowSchema, 400: ApiErrorSchema, ...authErrors, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!ctx.registry.byId.has(id)) throw failures.unknownBuilding(id);
      assertRole(request, 'manager', 'admin');
      assertBuilding(request, id);
      const now = ctx.options.now();
      const result = decode(
        telemetryTopic(id, 'tenancy', TENANCY_FORM_DEVICE),
        encoder.encode(JSON.stringify(request.body)),
        now,
        ctx.registry,
      );
      if (!result.ok) throw failures.badReading(result.rejection.detail);
      await ctx.store.write(readingToPoints(result.reading, ctx.registry));
      ctx.live.ingest(result.reading);
      ctx.peers.send('reading', result.reading);
      return tenancyReply(ctx.live, [id]).buildings[0]!;
    },
  );

  app.get(
    '/api/buildings/:id/tenancy',
    {
      schema: {
        tags: ['tenancy'],
        summary: "The building's tenancy reports (form entries and the property system's), newest first",
        description: `At most ${HISTORY_LIMIT}, over the raw data the store keeps (30 days by default).`,
        security: bearer,
        params: BuildingParams,
        response: { 200: TenancyHistorySchema, ...authErrors, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!ctx.registry.byId.has(id)) throw failures.unknownBuilding(id);
      // The same users as the form: the building's managers and admins.
      assertRole(request, 'manager', 'admin');
      assertBuilding(request, id);
      const now = ctx.options.now();
      const points = await ctx.store.points(
        { measurement: 'tenancy', building: id },
        now - ctx.store.retention.rawMs,
        now + 1,
        HISTORY_LIMIT,
      );
      return { building: id, entries: points.map(toEntry) };
    },
  );
  done();
};

/** A stored tenancy point as the report it came from. */
function toEntry(point: TelemetryPoint): TenancyEntry {
  const payload = pointToPayload('tenancy', point) as TenancyPayload;
  return {
    ts: point.ts,
    source: point.tags.device ?? '',
    leasable_m2: payload.leasable_m2,
    leased_m2: payload.leased_m2,
    tenants: payload.tenants,
    tenants_by_industry: payload.tenants_by_industry,
    registered_local: payload.registered_local,
    tax_ytd_cny: payload.tax_ytd_cny ?? null,
  };
}
