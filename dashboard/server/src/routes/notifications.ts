import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { ApiErrorSchema } from '@louyu/core';
import { accountOf } from '../auth/plugin.ts';
import { canSeeBuilding, type UserRecord } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { ApiFailure, failures } from '../errors.ts';
import { channelProblem, channelView, mergeSecrets } from '../notifications/channels.ts';
import {
  ChannelInputSchema,
  ChannelViewSchema,
  DeliverySchema,
  ReportScheduleInputSchema,
  ReportScheduleSchema,
  RuleInputSchema,
  RuleViewSchema,
  TestResultSchema,
  type ReportScheduleInput,
  type RuleInput,
} from '../notifications/model.ts';
import { authErrors, bearer } from './params.ts';

const IdParams = Type.Object(
  { id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) },
  { additionalProperties: false },
);
const AlarmParams = Type.Object(
  {
    id: Type.String({
      pattern: '^[a-z0-9_][a-z0-9_-]{0,63}/[a-z0-9_][a-z0-9_-]{0,63}/[a-z_]{1,32}$',
      description: 'alarm id `building/device/type`, URL-encoded in the path',
    }),
  },
  { additionalProperties: false },
);
const Deleted = Type.Object({ deleted: Type.String() });
const errors = { 400: ApiErrorSchema, ...authErrors, 404: ApiErrorSchema, 409: ApiErrorSchema };

const badChannel = (why: string) => new ApiFailure(400, 'LOUYU_BAD_CHANNEL', why);
const badRule = (why: string) => new ApiFailure(400, 'LOUYU_BAD_RULE', why);
const unknown = (what: string, id: string) =>
  new ApiFailure(404, 'LOUYU_UNKNOWN_NOTIFICATION', `${what} "${id}" does not exist (or is not yours)`);

/** A manager works on what they own; district and admin users on everything. */
const owns = (user: UserRecord, owner: string): boolean => user.role !== 'manager' || owner === user.username;

/**
 * Notification channels and rules (`/api/notifications/…`): district and admin users manage all of them,
 * a property manager only their own, for their own buildings; `GET /api/alarms/{id}/notifications` is the
 * delivery log of one alarm. Secrets are never returned in full.
 */
export const notificationRoutes: FastifyPluginCallbackTypebox<{ ctx: ServerContext }> = (
  app,
  { ctx },
  done,
) => {
  app.addHook('onRequest', app.authenticate);
  const db = ctx.notifications.db;

  const ownedChannel = (request: FastifyRequest, id: string) => {
    const channel = db.channel(id);
    if (!channel || !owns(accountOf(request), channel.owner)) throw unknown('channel', id);
    return channel;
  };
  const ownedRule = (request: FastifyRequest, id: string) => {
    const rule = db.rule(id);
    if (!rule || !owns(accountOf(request), rule.owner)) throw unknown('rule', id);
    return rule;
  };

  /** A rule its owner may keep: known buildings and clusters, their own buildings, their own channels. */
  const checkRule = (user: UserRecord, owner: string, input: RuleInput) => {
    for (const building of input.buildings ?? []) {
      if (!ctx.registry.byId.has(building)) throw badRule(`buildings: "${building}" is not in the registry`);
      if (!canSeeBuilding(user, building)) throw failures.forbiddenBuilding(building);
    }
    const clusters = ctx.registry.clusters.map((c) => c.id);
    for (const cluster of input.clusters ?? [])
      if (!clusters.includes(cluster)) throw failures.unknownCluster(cluster, clusters);
    for (const id of input.channels) {
      const channel = db.channel(id);
      if (!channel) throw badRule(`channels: "${id}" is not a channel`);
      if (user.role === 'manager' && channel.owner !== owner)
        throw badRule(
          `channels: "${channel.name}" is not yours: a manager's rule sends to the manager's own channels`,
        );
    }
  };

  app.get(
    '/api/notifications/channels',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Notification channels (webhook, WeCom robot, DingTalk robot, e-mail), secrets masked',
        security: bearer,
        response: { 200: Type.Array(ChannelViewSchema), ...authErrors },
      },
    },
    (request) => {
      const user = accountOf(request);
      return db
        .channels()
        .filter((c) => owns(user, c.owner))
        .map(channelView);
    },
  );

  app.post(
    '/api/notifications/channels',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Add a notification channel (owned by the signed-in user)',
        security: bearer,
        body: ChannelInputSchema,
        response: { 200: ChannelViewSchema, ...errors },
      },
    },
    (request) => {
      const user = accountOf(request);
      const problem = channelProblem(request.body);
      if (problem) throw badChannel(problem);
      const { name, kind, config } = request.body;
      return channelView(
        db.saveChannel({
          name,
          kind,
          owner: user.username,
          rate_per_minute: request.body.rate_per_minute ?? 20,
          config: mergeSecrets(config, undefined),
        }),
      );
    },
  );

  app.put(
    '/api/notifications/channels/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Change a channel; a secret left out or sent back masked keeps the stored one',
        security: bearer,
        params: IdParams,
        body: ChannelInputSchema,
        response: { 200: ChannelViewSchema, ...errors },
      },
    },
    (request) => {
      const stored = ownedChannel(request, request.params.id);
      const config = mergeSecrets(request.body.config, stored.config);
      const input = { ...request.body, config };
      const problem = channelProblem(input);
      if (problem) throw badChannel(problem);
      return channelView(
        db.saveChannel({
          ...stored,
          name: input.name,
          kind: input.kind,
          rate_per_minute: input.rate_per_minute ?? stored.rate_per_minute,
          config,
        }),
      );
    },
  );

  app.delete(
    '/api/notifications/channels/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Remove a channel no rule sends to',
        security: bearer,
        params: IdParams,
        response: { 200: Deleted, ...errors },
      },
    },
    (request) => {
      const channel = ownedChannel(request, request.params.id);
      const using = [...db.rules(), ...db.reportSchedules()].filter((r) => r.channels.includes(channel.id));
      if (using.length > 0)
        throw new ApiFailure(
          409,
          'LOUYU_CHANNEL_IN_USE',
          `rules ${using.map((r) => `"${r.name}"`).join(', ')} send to this channel: change them first`,
        );
      db.deleteChannel(channel.id);
      return { deleted: channel.id };
    },
  );

  app.post(
    '/api/notifications/channels/:id/test',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send a test message through a channel now, and say how it went',
        security: bearer,
        params: IdParams,
        response: { 200: TestResultSchema, ...errors },
      },
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    },
    (request) => ctx.notifications.test(ownedChannel(request, request.params.id)),
  );

  app.get(
    '/api/notifications/rules',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Notification rules: which alarm transitions go to which channels',
        security: bearer,
        response: { 200: Type.Array(RuleViewSchema), ...authErrors },
      },
    },
    (request) => {
      const user = accountOf(request);
      return db.rules().filter((r) => owns(user, r.owner));
    },
  );

  app.post(
    '/api/notifications/rules',
    {
      schema: {
        tags: ['notifications'],
        summary: "Add a rule (a manager's rule covers only the manager's buildings)",
        security: bearer,
        body: RuleInputSchema,
        response: { 200: RuleViewSchema, ...errors },
      },
    },
    (request) => {
      const user = accountOf(request);
      checkRule(user, user.username, request.body);
      return db.saveRule(user.username, request.body);
    },
  );

  app.put(
    '/api/notifications/rules/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Change a rule',
        security: bearer,
        params: IdParams,
        body: RuleInputSchema,
        response: { 200: RuleViewSchema, ...errors },
      },
    },
    (request) => {
      const rule = ownedRule(request, request.params.id);
      checkRule(accountOf(request), rule.owner, request.body);
      return db.saveRule(rule.owner, request.body, rule.id);
    },
  );

  app.delete(
    '/api/notifications/rules/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Remove a rule',
        security: bearer,
        params: IdParams,
        response: { 200: Deleted, ...errors },
      },
    },
    (request) => {
      const rule = ownedRule(request, request.params.id);
      db.deleteRule(rule.id);
      return { deleted: rule.id };
    },
  );

  const ownedSchedule = (request: FastifyRequest, id: string) => {
    const schedule = db.reportSchedule(id);
    if (!schedule || !owns(accountOf(request), schedule.owner)) throw unknown('report schedule', id);
    return schedule;
  };
  const checkSchedule = (user: UserRecord, owner: string, input: ReportScheduleInput) =>
    checkRule(user, owner, { name: input.name, channels: input.channels });

  app.get(
    '/api/notifications/reports',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Weekly and monthly reports sent to channels once their period is over (08:00 the next day)',
        security: bearer,
        response: { 200: Type.Array(ReportScheduleSchema), ...authErrors },
      },
    },
    (request) => {
      const user = accountOf(request);
      return db.reportSchedules().filter((r) => owns(user, r.owner));
    },
  );

  app.post(
    '/api/notifications/reports',
    {
      schema: {
        tags: ['notifications'],
        summary: "Send the weekly or monthly report to channels (a manager's covers their buildings)",
        security: bearer,
        body: ReportScheduleInputSchema,
        response: { 200: ReportScheduleSchema, ...errors },
      },
    },
    (request) => {
      const user = accountOf(request);
      checkSchedule(user, user.username, request.body);
      const schedule = db.saveReportSchedule(user.username, request.body);
      ctx.notifications.scheduled(schedule);
      return schedule;
    },
  );

  app.put(
    '/api/notifications/reports/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Change a report schedule',
        security: bearer,
        params: IdParams,
        body: ReportScheduleInputSchema,
        response: { 200: ReportScheduleSchema, ...errors },
      },
    },
    (request) => {
      const schedule = ownedSchedule(request, request.params.id);
      checkSchedule(accountOf(request), schedule.owner, request.body);
      const saved = db.saveReportSchedule(schedule.owner, request.body, schedule.id);
      if (saved.period !== schedule.period) ctx.notifications.scheduled(saved);
      return saved;
    },
  );

  app.delete(
    '/api/notifications/reports/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Stop sending a report',
        security: bearer,
        params: IdParams,
        response: { 200: Deleted, ...errors },
      },
    },
    (request) => {
      const schedule = ownedSchedule(request, request.params.id);
      db.deleteReportSchedule(schedule.id);
      return { deleted: schedule.id };
    },
  );

  app.post(
    '/api/notifications/reports/:id/send',
    {
      schema: {
        tags: ['notifications'],
        summary: "Queue the schedule's report of the current period so far, now",
        security: bearer,
        params: IdParams,
        response: { 200: Type.Object({ label: Type.String() }), ...errors },
      },
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    },
    async (request) => ({
      label: await ctx.notifications.sendReportNow(ownedSchedule(request, request.params.id)),
    }),
  );

  app.get(
    '/api/notifications/outbox',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Messages waiting to be grouped, waiting to be sent (or retried), and given up on',
        security: bearer,
        response: {
          200: Type.Object({ waiting: Type.Integer(), pending: Type.Integer(), failed: Type.Integer() }),
          ...authErrors,
        },
      },
    },
    () => db.counts(),
  );

  app.get(
    '/api/alarms/:id/notifications',
    {
      schema: {
        tags: ['alarms', 'notifications'],
        summary: 'The delivery log of one alarm: every message about it, per channel, and how it went',
        security: bearer,
        params: AlarmParams,
        response: { 200: Type.Array(DeliverySchema), ...errors },
      },
    },
    (request) => {
      const user = accountOf(request);
      const building = request.params.id.split('/')[0]!;
      if (building.startsWith('_') ? user.role === 'manager' : !canSeeBuilding(user, building))
        throw failures.forbiddenBuilding(building);
      const owned = new Set(
        db
          .channels()
          .filter((c) => owns(user, c.owner))
          .map((c) => c.id),
      );
      return db.deliveries(request.params.id).filter((d) => user.role !== 'manager' || owned.has(d.channel));
    },
  );
  done();
};
