import { ALARM_POLICIES } from '../../constants.ts';

/** Alarm types; each has a policy (severity, debounce) in constants.ts ALARM_POLICIES. */
export const ALARM_TYPES = [
  'fire_alarm',
  'intrusion',
  'spool_full',
  'elevator_fault',
  'fire_fault',
  'gateway_offline',
  'device_offline',
  'parking_full',
] as const;
/** One alarm type. */
export type AlarmType = (typeof ALARM_TYPES)[number];

/** Severities, worst first. */
export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
/** One severity. */
export type Severity = (typeof SEVERITIES)[number];

/** Where an alarm is in its life: pending (condition seen, debounce running), then active -> acknowledged -> cleared. */
export type AlarmState = 'pending' | 'active' | 'acknowledged' | 'cleared';

/** How an alarm type behaves. */
export interface AlarmPolicy {
  severity: Severity;
  /** The condition must hold this long before the alarm is raised. */
  raiseAfterMs: number;
  /** The condition must be absent this long before a raised alarm clears. */
  clearAfterMs: number;
}
/** The policy of every alarm type. */
export type AlarmPolicies = Readonly<Record<AlarmType, AlarmPolicy>>;

/** The policies of constants.ts. */
export const DEFAULT_ALARM_POLICIES: AlarmPolicies = ALARM_POLICIES;

/**
 * The `building` of alarms about Louyu itself rather than a building (spool_full): it cannot clash with a
 * building id, which must start with a letter or digit.
 */
export const SYSTEM_SCOPE = '_louyu';

/** The device of a gateway_offline alarm: the building's gateway as a whole. */
export const GATEWAY_DEVICE = '_gateway';

/** What an alarm is about: one per building, device and type. */
export interface AlarmSubject {
  building: string;
  device: string;
  type: AlarmType;
}

/** One alarm and where it is in its life. */
export interface Alarm extends AlarmSubject {
  /** `building/device/type`: one alarm per (building, device, type). */
  id: string;
  severity: Severity;
  state: AlarmState;
  /** UTC ms since when the condition has held (the start of the raise debounce). */
  conditionSince: number;
  raisedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  clearedAt: number | null;
  /** UTC ms since when the condition has been absent while raised (the clear debounce); null while it holds. */
  absentSince: number | null;
  /** What the condition said last, for people (a fault code, a count). */
  detail: string | null;
}

/** A transition, kept in the store so alarm state survives restarts. */
export interface AlarmEvent {
  type: 'raised' | 'acknowledged' | 'cleared';
  alarmId: string;
  building: string;
  device: string;
  alarmType: AlarmType;
  severity: Severity;
  /** UTC ms. */
  at: number;
  /** The user who acknowledged. */
  by?: string;
  detail?: string;
}

/** The id of the alarm about a subject. */
export function alarmId(subject: AlarmSubject): string {
  return `${subject.building}/${subject.device}/${subject.type}`;
}

/** True while an alarm should be shown as standing (raised and not yet cleared). */
export function isStanding(alarm: Alarm): boolean {
  return alarm.state === 'active' || alarm.state === 'acknowledged';
}
