import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AlarmListSchema, AlarmViewSchema, ApiErrorSchema } from '@louyu/core';
import { accountOf, assertBuilding } from '../auth/plugin.ts';
import { canSeeBuilding } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { failures } from '../errors.ts';
import { authErrors, bearer } from './params.ts';

// core's alarm id: building/device/type, each a topic segment or one of core's reserved scopes (_louyu, _gateway).
const AlarmId = Type.String({
  pattern: '^[a-z0-9_][a-z0-9_-]{0,63}/[a-z0-9_][a-z0-9_-]{0,63}/[a-z_]{1,32}$',
  description: 'alarm id `building/device/type`, URL-encoded in the path',
});

/** How long an acknowledgement waits for the store before it answers (the transition is kept either way). */
const ACK_STORE_WAIT_MS = 2_000;

/** `GET /api/alarms` (standing, roll-up, history) and `POST /api/alarms/{id}/ack`. */
export const alarmRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (app, { ctx }, done) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/api/alarms',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Standing alarms, one roll-up line per building, and recent transitions',
        security: bearer,
        querystring: Type.Object(
          {
            building: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AlarmListSchema, ...authErrors },
      },
    },
    (request) => {
      const user = accountOf(request);
      const only = request.query.building;
      if (only !== undefined) assertBuilding(request, only);
      // System alarms (spool full) concern everyone who runs the district, not a building's manager.
      const visible = (building: string): boolean =>
        (only === undefined || building === only) &&
        (building.startsWith('_') ? user.role !== 'manager' : canSeeBuilding(user, building));
      return ctx.alarms.list(visible, request.query.limit ?? 200);
    },
  );

  app.post(
    '/api/alarms/:id/ack',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Acknowledge a standing alarm (recorded with the user and time)',
        security: bearer,
        params: Type.Object({ id: AlarmId }, { additionalProperties: false }),
        response: { 200: AlarmViewSchema, 400: ApiErrorSchema, ...authErrors, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const user = accountOf(request);
      const { id } = request.params;
      const alarm = ctx.alarms.get(id);
      if (!alarm) throw failures.unknownAlarm(id);
      if (alarm.building.startsWith('_') ? user.role === 'manager' : !canSeeBuilding(user, alarm.building))
        throw failures.forbiddenBuilding(alarm.building);
      const acked = ctx.alarms.acknowledge(id, user.username);
      if (!acked) throw failures.unknownAlarm(id);
      // Kept (in the alarm spool) before the user is told; stored too unless the store is down (then later).
      await ctx.alarms.written();
      await ctx.alarms.flush(ACK_STORE_WAIT_MS);
      return acked;
    },
  );
  done();
};
