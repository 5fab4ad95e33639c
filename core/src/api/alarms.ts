import Type from 'typebox';
import { ALARM_TYPES, SEVERITIES } from '../rules/alarms/types.ts';

/** The states an alarm is shown in (a pending alarm, still in its raise debounce, is not shown). */
export const ALARM_VIEW_STATES = ['active', 'acknowledged', 'cleared'] as const;

/** A shelf: alarms of a building (one device, one type, or all) silenced for a bounded time, shown as shelved. */
export const AlarmShelfSchema = Type.Object({
  id: Type.String(),
  building: Type.String(),
  /** Only this device's alarms; null: every device of the building. */
  device: Type.Union([Type.String(), Type.Null()]),
  /** Only alarms of this type; null: every type. */
  type: Type.Union([Type.Enum(ALARM_TYPES), Type.Null()]),
  /** From when (a maintenance window may start later) until when it silences, UTC ms. */
  from: Type.Number(),
  until: Type.Number(),
  reason: Type.String(),
  by: Type.String(),
  at: Type.Number(),
});
export type AlarmShelf = Type.Static<typeof AlarmShelfSchema>;

/** One alarm as the dashboard shows it. `id` is core's `building/device/type` (URL-encode it in paths). */
export const AlarmViewSchema = Type.Object({
  id: Type.String(),
  building: Type.String(),
  device: Type.String(),
  type: Type.Enum(ALARM_TYPES),
  severity: Type.Enum(SEVERITIES),
  state: Type.Enum(ALARM_VIEW_STATES),
  /** What was seen, for people (fault code, counts). */
  detail: Type.Union([Type.String(), Type.Null()]),
  raised_at: Type.Number(),
  acknowledged_at: Type.Union([Type.Number(), Type.Null()]),
  acknowledged_by: Type.Union([Type.String(), Type.Null()]),
  cleared_at: Type.Union([Type.Number(), Type.Null()]),
  /** The comment given with the acknowledgement. */
  ack_comment: Type.Union([Type.String(), Type.Null()]),
  /** The user the alarm is assigned to. */
  assignee: Type.Union([Type.String(), Type.Null()]),
  /** When it was escalated for staying unacknowledged too long. */
  escalated_at: Type.Union([Type.Number(), Type.Null()]),
  /** The shelf silencing it now: it is still shown, and sends no notification. */
  shelved: Type.Union([AlarmShelfSchema, Type.Null()]),
});
export type AlarmView = Type.Static<typeof AlarmViewSchema>;

/** What can happen to an alarm: its own transitions, and the workflow's actions (who in `by`). */
export const ALARM_EVENTS = [
  'raised',
  'acknowledged',
  'cleared',
  'assigned',
  'shelved',
  'unshelved',
  'escalated',
] as const;

/** One state change of an alarm (the history; each is stored as an `alarm_event` point). */
export const AlarmTransitionSchema = Type.Object({
  alarm: Type.String(),
  building: Type.String(),
  device: Type.String(),
  type: Type.Enum(ALARM_TYPES),
  severity: Type.Enum(SEVERITIES),
  event: Type.Enum(ALARM_EVENTS),
  at: Type.Number(),
  by: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()]),
  /** The action's own words: the acknowledgement's comment, the assignee, the shelf's time and reason. */
  note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type AlarmTransition = Type.Static<typeof AlarmTransitionSchema>;

/** One line per building with standing alarms, so an outage is one line, not a flood. */
export const AlarmRollupSchema = Type.Object({
  building: Type.String(),
  worst: Type.Enum(SEVERITIES),
  total: Type.Integer(),
  unacknowledged: Type.Integer(),
  types: Type.Array(Type.Enum(ALARM_TYPES)),
  devices: Type.Integer(),
  since: Type.Number(),
  gateway_offline: Type.Boolean(),
  suppressed: Type.Integer(),
});
export type AlarmRollupView = Type.Static<typeof AlarmRollupSchema>;

/** `GET /api/alarms` reply: standing alarms, the roll-up, and recent transitions (newest first). */
export const AlarmListSchema = Type.Object({
  active: Type.Array(AlarmViewSchema),
  rollup: Type.Array(AlarmRollupSchema),
  history: Type.Array(AlarmTransitionSchema),
});
export type AlarmList = Type.Static<typeof AlarmListSchema>;
