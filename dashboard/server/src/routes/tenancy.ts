import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { decode, readingToPoints, telemetryTopic, TenancyPayload } from '@louyu/core';
import { ApiErrorSchema, TenancyReplySchema, TenancyRowSchema } from '@louyu/core';
import { accountOf, assertBuilding, assertRole } from '../auth/plugin.ts';
import { visibleBuildings } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { tenancyReply } from '../live/tenancy.ts';
import { authErrors, bearer, BuildingParams } from './params.ts';

const encoder = new TextEncoder();

/**
 * `GET /api/tenancy` (by building, cluster, occupancy bucket, industry) and the property manager's tenancy
 * form, `POST /api/buildings/{id}/tenancy`: the form's figures go through core's `decode` exactly as a
 * gateway's `tenancy` message would, then into the store and the live state.
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
        telemetryTopic(id, 'tenancy', 'form'),
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
  done();
};
