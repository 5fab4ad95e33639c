import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditAction } from '@louyu/core';
import type { AuditLog } from './audit-log.ts';

interface Audited {
  action: AuditAction;
  target: (request: FastifyRequest) => string;
  /** Facts worth keeping from the request; never secrets (a channel's config holds webhook keys). */
  detail?: (request: FastifyRequest) => string;
}

const param = (request: FastifyRequest): string => (request.params as { id?: string }).id ?? '';
/** A text field of the request body ('' when absent or not text). */
const field = (request: FastifyRequest, name: string): string => {
  const value = ((request.body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
};
const json = (request: FastifyRequest): string => JSON.stringify(request.body ?? {});
/** What a change did: the method says add (POST), change (PUT) or remove (DELETE). */
const verb = (request: FastifyRequest): string =>
  ({ POST: 'add', PUT: 'change', DELETE: 'remove' })[request.method] ?? request.method;

const ALARM_ACTIONS: Record<string, Audited> = {
  'POST /api/alarms/:id/ack': {
    action: 'alarm.ack',
    target: param,
    detail: (r) => field(r, 'comment'),
  },
  'POST /api/alarms/:id/assign': {
    action: 'alarm.assign',
    target: param,
    detail: (r) => `assignee ${field(r, 'assignee') || '(none)'}`,
  },
  'POST /api/alarms/shelves': {
    action: 'alarm.shelve',
    target: (r) => field(r, 'building'),
    detail: json,
  },
  'DELETE /api/alarms/shelves/:id': { action: 'alarm.unshelve', target: param },
  'POST /api/buildings/:id/tenancy': { action: 'tenancy.entry', target: param, detail: json },
};

const NOTIFICATION_ACTIONS: Record<string, Audited> = Object.fromEntries(
  (
    [
      ['channels', 'notification.channel', false],
      ['rules', 'notification.rule', true],
      ['reports', 'notification.report', true],
    ] as const
  ).flatMap(([path, action, withBody]) => {
    const audited = (target: Audited['target']): Audited => ({
      action,
      target,
      detail: (r) => (withBody && r.method !== 'DELETE' ? `${verb(r)} ${json(r)}` : verb(r)),
    });
    return [
      [`POST /api/notifications/${path}`, audited((r) => field(r, 'name'))],
      [`PUT /api/notifications/${path}/:id`, audited(param)],
      [`DELETE /api/notifications/${path}/:id`, audited(param)],
    ];
  }),
);

const AUDITED: Record<string, Audited> = { ...ALARM_ACTIONS, ...NOTIFICATION_ACTIONS };

/**
 * Records the routes' successful changes (alarm actions, tenancy entries, notification channels, rules and
 * report schedules) in the audit log, in one place rather than in each handler. A refused or failed
 * request changed nothing, so it is not recorded. Sign-ins and user changes are recorded where they happen
 * (routes/auth.ts, routes/users.ts), since they need facts the request alone does not give.
 */
export function auditChanges(app: FastifyInstance, audit: AuditLog): void {
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 300 || !request.account) return;
    const audited = AUDITED[`${request.method} ${request.routeOptions.url ?? ''}`];
    if (!audited) return;
    audit.record({
      actor: request.account.username,
      action: audited.action,
      target: audited.target(request),
      detail: audited.detail?.(request) ?? '',
      ip: request.ip,
    });
    await Promise.resolve();
  });
}
