import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ApiErrorSchema, BuildingListItemSchema, BuildingReplySchema } from '@louyu/core';
import { accountOf, assertBuilding } from '../auth/plugin.ts';
import { canSeeBuilding } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { authErrors, bearer, BuildingParams } from './params.ts';

/** `GET /api/buildings` (registry + live summary, the buildings the user may see) and one building in detail. */
export const buildingRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/api/buildings',
    {
      schema: {
        tags: ['buildings'],
        summary: 'Buildings with their live summary',
        security: bearer,
        response: { 200: Type.Array(BuildingListItemSchema), ...authErrors },
      },
    },
    (request) => {
      const user = accountOf(request);
      const now = ctx.options.now();
      return ctx.registry.buildings
        .filter((b) => canSeeBuilding(user, b.id))
        .map((building) => ({ building, live: ctx.live.summary(building.id, now)! }));
    },
  );

  app.get(
    '/api/buildings/:id',
    {
      schema: {
        tags: ['buildings'],
        summary: 'One building: registry entry, every device live, active alarms',
        security: bearer,
        params: BuildingParams,
        response: { 200: BuildingReplySchema, ...authErrors, 404: ApiErrorSchema },
      },
    },
    (request) => {
      const { id } = request.params;
      const building = ctx.registry.byId.get(id);
      if (!building) throw failures.unknownBuilding(id);
      assertBuilding(request, id);
      return { building, live: ctx.live.detail(id)!, alarms: ctx.alarms.forBuilding(id) };
    },
  );
  done();
};
