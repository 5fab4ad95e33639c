import Type from 'typebox';
import { ALARM_TYPES, SEVERITIES } from '../rules/alarms/types.ts';

/** The states an alarm is shown in (a pending alarm, still in its raise debounce, is not shown). */
export const ALARM_VIEW_STATES = ['active', 'acknowledged', 'cleared'] as const;

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
});
export type AlarmView = Type.Static<typeof AlarmViewSchema>;

/** One state change of an alarm (the history; each is stored as an `alarm_event` point). */
export const AlarmTransitionSchema = Type.Object({
  alarm: Type.String(),
  building: Type.String(),
  device: Type.String(),
  type: Type.Enum(ALARM_TYPES),
  severity: Type.Enum(SEVERITIES),
  event: Type.Enum(['raised', 'acknowledged', 'cleared'] as const),
  at: Type.Number(),
  by: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()]),
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
