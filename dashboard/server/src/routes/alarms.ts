import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  ALARM_TYPES,
  AlarmListSchema,
  AlarmShelfSchema,
  AlarmViewSchema,
  ApiErrorSchema,
  type AlarmView,
} from '@louyu/core';
import { accountOf, assertBuilding } from '../auth/plugin.ts';
import { canSeeBuilding, type UserRecord } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { ApiFailure, failures } from '../errors.ts';
import { authErrors, bearer } from './params.ts';

// core's alarm id: building/device/type, each a topic segment or one of core's reserved scopes (_louyu, _gateway).
const AlarmId = Type.String({
  pattern: '^[a-z0-9_][a-z0-9_-]{0,63}/[a-z0-9_][a-z0-9_-]{0,63}/[a-z_]{1,32}$',
  description: 'alarm id `building/device/type`, URL-encoded in the path',
});

/** How long an acknowledgement waits for the store before it answers (the transition is kept either way). */
const ACK_STORE_WAIT_MS = 2_000;

/** The longest a shelf may silence alarms: a week (a longer job is shelved again, on purpose). */
const SHELF_MAX_MS = 7 * 24 * 3_600_000;
/** How far ahead a maintenance window may be planned. */
const SHELF_PLAN_AHEAD_MS = 30 * 24 * 3_600_000;

const Building = Type.String({ pattern: '^[a-z0-9_][a-z0-9_-]{0,63}$' });
const Username = Type.String({ minLength: 1, maxLength: 64 });

/** Whether `user` may act on alarms of `building` (Louyu's own alarms: district staff and admins only). */
function mayAct(user: Pick<UserRecord, 'role' | 'buildings'>, building: string): boolean {
  return building.startsWith('_') ? user.role !== 'manager' : canSeeBuilding(user, building);
}

/**
 * `GET /api/alarms` (standing, roll-up, history); the workflow: `POST /api/alarms/{id}/ack` (with a
 * comment), `POST /api/alarms/{id}/assign`, and shelves (`GET`/`POST /api/alarms/shelves`,
 * `DELETE /api/alarms/shelves/{id}`). A property manager acts only on their buildings' alarms.
 */
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
        (only === undefined || building === only) && mayAct(user, building);
      return ctx.alarms.list(visible, request.query.limit ?? 200);
    },
  );

  /** The standing alarm `id`, or a 404 / 403 naming why not. */
  const actOn = (user: UserRecord, id: string): AlarmView => {
    const alarm = ctx.alarms.get(id);
    if (!alarm) throw failures.unknownAlarm(id);
    if (!mayAct(user, alarm.building)) throw failures.forbiddenBuilding(alarm.building);
    return alarm;
  };
  /** Answers once the action is spooled, and stored unless the store is down (then later). */
  const kept = async (): Promise<void> => {
    await ctx.alarms.written();
    await ctx.alarms.flush(ACK_STORE_WAIT_MS);
  };

  app.post(
    '/api/alarms/:id/assign',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Assign a standing alarm to a user who may see it (null: to no one); kept in its history',
        security: bearer,
        params: Type.Object({ id: AlarmId }, { additionalProperties: false }),
        body: Type.Object({ assignee: Type.Union([Username, Type.Null()]) }, { additionalProperties: false }),
        response: { 200: AlarmViewSchema, 400: ApiErrorSchema, ...authErrors, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const user = accountOf(request);
      const alarm = actOn(user, request.params.id);
      const { assignee } = request.body;
      if (assignee !== null) {
        const target = app.users.find(assignee);
        if (!target || !mayAct(target, alarm.building))
          throw new ApiFailure(
            400,
            'LOUYU_BAD_ASSIGNEE',
            `user "${assignee}" does not exist or may not see building "${alarm.building}"`,
          );
      }
      const assigned = ctx.alarms.assign(alarm.id, user.username, assignee);
      if (!assigned) throw failures.unknownAlarm(alarm.id);
      await kept();
      return assigned;
    },
  );

  app.get(
    '/api/alarms/shelves',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Shelves not yet over (current and planned maintenance windows) of the buildings you see',
        security: bearer,
        response: { 200: Type.Array(AlarmShelfSchema), ...authErrors },
      },
    },
    (request) => {
      const user = accountOf(request);
      return ctx.alarms.shelves((building) => mayAct(user, building));
    },
  );

  app.post(
    '/api/alarms/shelves',
    {
      schema: {
        tags: ['alarms'],
        summary:
          'Shelve (silence) the alarms of a building, one device or one type, for some minutes or a maintenance window: shown as shelved, not notified, not escalated',
        security: bearer,
        body: Type.Object(
          {
            building: Building,
            device: Type.Optional(Type.String({ pattern: '^[a-z0-9_][a-z0-9_-]{0,63}$' })),
            type: Type.Optional(Type.Enum(ALARM_TYPES)),
            /** From now, for this many minutes (at most a week) ... */
            minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: SHELF_MAX_MS / 60_000 })),
            /** ... or a maintenance window, UTC ms (at most a week long, starting within 30 days). */
            from: Type.Optional(Type.Integer({ minimum: 0 })),
            until: Type.Optional(Type.Integer({ minimum: 0 })),
            reason: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: AlarmShelfSchema, 400: ApiErrorSchema, ...authErrors, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const user = accountOf(request);
      const { building, device, type, minutes, reason } = request.body;
      if (!building.startsWith('_')) assertBuilding(request, building);
      if (!mayAct(user, building)) throw failures.forbiddenBuilding(building);
      const now = ctx.options.now();
      const bad = (why: string) => new ApiFailure(400, 'LOUYU_BAD_SHELF', why);
      let from: number;
      let until: number;
      if (minutes !== undefined) {
        if (request.body.from !== undefined || request.body.until !== undefined)
          throw bad('give either minutes or a window (from, until), not both');
        from = now;
        until = now + minutes * 60_000;
      } else {
        if (request.body.until === undefined)
          throw bad('give minutes, or the end of the maintenance window (until)');
        from = request.body.from ?? now;
        until = request.body.until;
        if (until <= Math.max(from, now)) throw bad('until must be later than from and than now');
        if (until - from > SHELF_MAX_MS) throw bad('a shelf lasts at most 7 days');
        if (from > now + SHELF_PLAN_AHEAD_MS) throw bad('a window may start at most 30 days ahead');
      }
      const shelf = ctx.alarms.shelve({
        building,
        device: device ?? null,
        type: type ?? null,
        from,
        until,
        reason,
        by: user.username,
      });
      await kept();
      return shelf;
    },
  );

  app.delete(
    '/api/alarms/shelves/:id',
    {
      schema: {
        tags: ['alarms'],
        summary: 'End a shelf early (its alarms notify and escalate again)',
        security: bearer,
        params: Type.Object(
          { id: Type.String({ pattern: '^shelf-[a-z0-9-]{1,40}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: AlarmShelfSchema, ...authErrors, 404: ApiErrorSchema },
      },
    },
    async (request) => {
      const user = accountOf(request);
      const shelf = ctx.alarms.shelf(request.params.id);
      if (!shelf)
        throw new ApiFailure(404, 'LOUYU_UNKNOWN_SHELF', `shelf "${request.params.id}" is not active`);
      if (!mayAct(user, shelf.building)) throw failures.forbiddenBuilding(shelf.building);
      const ended = ctx.alarms.unshelve(shelf.id, user.username);
      await kept();
      return ended ?? shelf;
    },
  );

  app.post(
    '/api/alarms/:id/ack',
    {
      schema: {
        tags: ['alarms'],
        summary: 'Acknowledge a standing alarm, with a comment or none (recorded with the user and time)',
        security: bearer,
        params: Type.Object({ id: AlarmId }, { additionalProperties: false }),
        body: Type.Object(
          { comment: Type.Optional(Type.String({ maxLength: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: AlarmViewSchema, 400: ApiErrorSchema, ...authErrors, 404: ApiErrorSchema },
      },
      // No body (the acknowledgement of old clients) is no comment.
      preValidation: (request, _reply, next) => {
        request.body ??= {};
        next();
      },
    },
    async (request) => {
      const user = accountOf(request);
      const alarm = actOn(user, request.params.id);
      const comment = request.body.comment?.trim() || null;
      const acked = ctx.alarms.acknowledge(alarm.id, user.username, undefined, comment);
      if (!acked) throw failures.unknownAlarm(alarm.id);
      await kept();
      return acked;
    },
  );
  done();
};
