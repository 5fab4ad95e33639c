import {
  ALARM_TYPES,
  applyAlarmEvent,
  SEVERITIES,
  type Alarm,
  type AlarmEvent,
  type TelemetryPoint,
} from '@louyu/core';
import type { AlarmTransition, AlarmView } from '@louyu/core';

/** The measurement alarm transitions are stored under. */
export const ALARM_MEASUREMENT = 'alarm_event';

/**
 * One transition as a store point. Tags name the alarm (building, device, type: bounded by the registry);
 * the fields carry the whole alarm as it stands after the transition, so the latest point of each alarm is
 * enough to rebuild it after a restart.
 */
export function alarmEventPoint(event: AlarmEvent, alarm: Alarm): TelemetryPoint {
  const fields: Record<string, string | number> = { event: event.type, severity: alarm.severity };
  if (alarm.raisedAt !== null) fields.raised_at = alarm.raisedAt;
  if (alarm.acknowledgedAt !== null) fields.acknowledged_at = alarm.acknowledgedAt;
  if (alarm.acknowledgedBy !== null) fields.acknowledged_by = alarm.acknowledgedBy;
  if (alarm.clearedAt !== null) fields.cleared_at = alarm.clearedAt;
  if (alarm.detail !== null) fields.detail = alarm.detail;
  return {
    measurement: ALARM_MEASUREMENT,
    tags: { building: alarm.building, device: alarm.device, type: alarm.type },
    fields,
    ts: event.at,
  };
}

/** The alarm a stored point describes (replaying its transitions through core's `applyAlarmEvent`). */
export function alarmFromPoint(point: TelemetryPoint): Alarm | undefined {
  const { building, device, type } = point.tags;
  const f = point.fields;
  if (!building || !device || !type || typeof f.raised_at !== 'number' || typeof f.severity !== 'string')
    return undefined;
  const base = {
    alarmId: `${building}/${device}/${type}`,
    building,
    device,
    alarmType: type as AlarmEvent['alarmType'],
    severity: f.severity as AlarmEvent['severity'],
  };
  const detail = typeof f.detail === 'string' ? { detail: f.detail } : {};
  try {
    let alarm = applyAlarmEvent(undefined, { ...base, ...detail, type: 'raised', at: f.raised_at });
    if (typeof f.acknowledged_at === 'number')
      alarm = applyAlarmEvent(alarm, {
        ...base,
        type: 'acknowledged',
        at: f.acknowledged_at,
        ...(typeof f.acknowledged_by === 'string' ? { by: f.acknowledged_by } : {}),
      });
    if (typeof f.cleared_at === 'number')
      alarm = applyAlarmEvent(alarm, { ...base, type: 'cleared', at: f.cleared_at });
    return alarm;
  } catch {
    return undefined;
  }
}

/** An alarm as the API shows it (only raised alarms are shown). */
export function alarmView(alarm: Alarm): AlarmView {
  return {
    id: alarm.id,
    building: alarm.building,
    device: alarm.device,
    type: alarm.type,
    severity: alarm.severity,
    state: alarm.state === 'pending' ? 'active' : alarm.state,
    detail: alarm.detail,
    raised_at: alarm.raisedAt ?? alarm.conditionSince,
    acknowledged_at: alarm.acknowledgedAt,
    acknowledged_by: alarm.acknowledgedBy,
    cleared_at: alarm.clearedAt,
  };
}

export function transitionView(event: AlarmEvent): AlarmTransition {
  return {
    alarm: event.alarmId,
    building: event.building,
    device: event.device,
    type: event.alarmType,
    severity: event.severity,
    event: event.type,
    at: event.at,
    by: event.by ?? null,
    detail: event.detail ?? null,
  };
}

const EVENTS: ReadonlySet<string> = new Set(['raised', 'acknowledged', 'cleared']);
const TYPES: ReadonlySet<string> = new Set(ALARM_TYPES);
const LEVELS: ReadonlySet<string> = new Set(SEVERITIES);

/** The transition a stored `alarm_event` point records; undefined for a point that is not one. */
export function transitionFromPoint(point: TelemetryPoint): AlarmTransition | undefined {
  const { building, device, type } = point.tags;
  const { event, severity, detail, acknowledged_by: by } = point.fields;
  if (!building || !device || !type || !TYPES.has(type)) return undefined;
  if (typeof event !== 'string' || !EVENTS.has(event)) return undefined;
  if (typeof severity !== 'string' || !LEVELS.has(severity)) return undefined;
  return {
    alarm: `${building}/${device}/${type}`,
    building,
    device,
    type: type as AlarmTransition['type'],
    severity: severity as AlarmTransition['severity'],
    event: event as AlarmTransition['event'],
    at: point.ts,
    by: event === 'acknowledged' && typeof by === 'string' ? by : null,
    detail: typeof detail === 'string' ? detail : null,
  };
}
