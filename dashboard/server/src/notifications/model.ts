import Type from 'typebox';
import { ALARM_TYPES, REPORT_PERIODS, SEVERITIES } from '@louyu/core';

/** Where a notification goes: a signed JSON webhook, a WeCom (企业微信) or DingTalk (钉钉) group robot, or e-mail. */
export const CHANNEL_KINDS = ['webhook', 'wecom', 'dingtalk', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The alarm transitions a rule may send: escalated comes from the alarm workflow (unacknowledged too long). */
export const NOTIFIED_EVENTS = ['raised', 'escalated', 'cleared'] as const;
export type NotifiedEvent = (typeof NOTIFIED_EVENTS)[number];

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' });
const Clock = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:MM, district time',
});

/** A channel's settings; which of them a kind needs is checked by `checkChannel`. Secrets are write-only. */
export const ChannelConfigSchema = Type.Object(
  {
    url: Type.Optional(
      Type.String({
        maxLength: 2048,
        description:
          'webhook / robot URL (WeCom: …/webhook/send?key=…, DingTalk: …/robot/send?access_token=…)',
      }),
    ),
    secret: Type.Optional(
      Type.String({
        maxLength: 256,
        description:
          'webhook: HMAC-SHA256 key of X-Louyu-Signature; DingTalk: the robot signing secret (SEC…)',
      }),
    ),
    host: Type.Optional(Type.String({ maxLength: 255, description: 'SMTP host' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'SMTP port' })),
    secure: Type.Optional(Type.Boolean({ description: 'SMTP over TLS from the start (port 465)' })),
    user: Type.Optional(Type.String({ maxLength: 255 })),
    password: Type.Optional(Type.String({ maxLength: 255 })),
    from: Type.Optional(Type.String({ maxLength: 255, description: 'sender address' })),
    to: Type.Optional(
      Type.Array(Type.String({ maxLength: 255 }), { maxItems: 50, description: 'recipients' }),
    ),
  },
  { additionalProperties: false },
);
export type ChannelConfig = Type.Static<typeof ChannelConfigSchema>;

export const ChannelInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.Enum(CHANNEL_KINDS),
    rate_per_minute: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 600, description: 'messages per minute at most (default 20)' }),
    ),
    config: ChannelConfigSchema,
  },
  { additionalProperties: false },
);
export type ChannelInput = Type.Static<typeof ChannelInputSchema>;

/** A channel as the API shows it: secrets masked (the last 4 characters), never in full. */
export const ChannelViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Enum(CHANNEL_KINDS),
  owner: Type.String(),
  rate_per_minute: Type.Integer(),
  config: ChannelConfigSchema,
});
export type ChannelView = Type.Static<typeof ChannelViewSchema>;

export const RuleInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    channels: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 20 }),
    events: Type.Optional(Type.Array(Type.Enum(NOTIFIED_EVENTS), { minItems: 1, uniqueItems: true })),
    buildings: Type.Optional(Type.Array(Id, { maxItems: 500, description: 'none: every building' })),
    clusters: Type.Optional(Type.Array(Id, { maxItems: 50, description: 'none: every cluster' })),
    severities: Type.Optional(Type.Array(Type.Enum(SEVERITIES), { description: 'none: every severity' })),
    types: Type.Optional(Type.Array(Type.Enum(ALARM_TYPES), { description: 'none: every alarm type' })),
    quiet_hours: Type.Optional(
      Type.Union([
        Type.Object(
          { from: Clock, to: Clock },
          {
            additionalProperties: false,
            description: 'only critical alarms are sent in these hours; the rest wait until they end',
          },
        ),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type RuleInput = Type.Static<typeof RuleInputSchema>;

export const RuleViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  owner: Type.String(),
  enabled: Type.Boolean(),
  channels: Type.Array(Type.String()),
  events: Type.Array(Type.Enum(NOTIFIED_EVENTS)),
  buildings: Type.Array(Type.String()),
  clusters: Type.Array(Type.String()),
  severities: Type.Array(Type.Enum(SEVERITIES)),
  types: Type.Array(Type.Enum(ALARM_TYPES)),
  quiet_hours: Type.Union([Type.Object({ from: Type.String(), to: Type.String() }), Type.Null()]),
});
export type RuleView = Type.Static<typeof RuleViewSchema>;

/** One alarm transition as notifications carry it. */
export interface NotifiedTransition {
  event: NotifiedEvent;
  alarm: string;
  building: string;
  device: string;
  type: (typeof ALARM_TYPES)[number];
  severity: (typeof SEVERITIES)[number];
  /** UTC ms of the transition. */
  at: number;
  detail?: string;
}

/** One delivery of a message about an alarm, as `GET /api/alarms/{id}/notifications` shows it. */
export const DeliverySchema = Type.Object({
  channel: Type.String(),
  channel_name: Type.String(),
  event: Type.Enum(NOTIFIED_EVENTS),
  at: Type.Integer({ description: 'UTC ms of the transition' }),
  /** waiting: in its grouping window or quiet hours; pending: a message to send or retry; sent; failed: given up. */
  state: Type.Union([
    Type.Literal('waiting'),
    Type.Literal('pending'),
    Type.Literal('sent'),
    Type.Literal('failed'),
  ]),
  attempts: Type.Integer(),
  grouped_with: Type.Integer({ description: 'transitions in the same message' }),
  queued_at: Type.Integer(),
  sent_at: Type.Union([Type.Integer(), Type.Null()]),
  next_attempt_at: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
});
export type Delivery = Type.Static<typeof DeliverySchema>;

export const TestResultSchema = Type.Object({
  ok: Type.Boolean(),
  detail: Type.String(),
});

/** The weekly (每周调度) or monthly (每月通报) report, sent to channels once the period is over. */
export const ReportScheduleInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    period: Type.Enum(REPORT_PERIODS),
    channels: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 20 }),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type ReportScheduleInput = Type.Static<typeof ReportScheduleInputSchema>;

export const ReportScheduleSchema = Type.Object({
  id: Type.String(),
  owner: Type.String(),
  name: Type.String(),
  period: Type.Enum(REPORT_PERIODS),
  channels: Type.Array(Type.String()),
  enabled: Type.Boolean(),
});
export type ReportSchedule = Type.Static<typeof ReportScheduleSchema>;
