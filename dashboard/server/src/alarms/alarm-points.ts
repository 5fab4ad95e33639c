import {
  ALARM_EVENTS,
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
export function alarmEventPoint(
  event: Pick<AlarmChange, 'type' | 'at' | 'by' | 'note'>,
  alarm: Alarm,
  workflow: Record<string, string | number> = {},
): TelemetryPoint {
  return {
    measurement: ALARM_MEASUREMENT,
    tags: alarmTags(alarm),
    fields: {
      event: event.type,
      ...alarmFields(alarm),
      ...workflow,
      // Who acted, for the workflow's actions (an acknowledgement keeps its user in acknowledged_by).
      ...(event.by !== undefined && event.type !== 'acknowledged' ? { actor: event.by } : {}),
      ...(event.note !== undefined ? { note: event.note } : {}),
    },
    ts: event.at,
  };
}

/**
 * A transition or a workflow action (assigned, shelved, unshelved, escalated) as it is recorded and passed
 * to listeners: core's event with the wider type, the action's words (`note`), and whether the alarm is
 * shelved now (a shelved alarm notifies no one).
 */
export type AlarmChange = Omit<AlarmEvent, 'type'> & {
  type: AlarmTransition['event'];
  note?: string;
  shelved?: boolean;
};

function alarmTags(alarm: Alarm): Record<string, string> {
  return { building: alarm.building, device: alarm.device, type: alarm.type };
}

/** The alarm as it stands, as fields (what `alarmFromPoint` reads back). */
function alarmFields(alarm: Alarm): Record<string, string | number> {
  const fields: Record<string, string | number> = { severity: alarm.severity };
  if (alarm.raisedAt !== null) fields.raised_at = alarm.raisedAt;
  if (alarm.acknowledgedAt !== null) fields.acknowledged_at = alarm.acknowledgedAt;
  if (alarm.acknowledgedBy !== null) fields.acknowledged_by = alarm.acknowledgedBy;
  if (alarm.clearedAt !== null) fields.cleared_at = alarm.clearedAt;
  if (alarm.detail !== null) fields.detail = alarm.detail;
  return fields;
}

// A checkpoint of the standing alarms, so a restart reads them back in a few small queries instead of
// looking for the latest event of every alarm over the whole raw retention (13.2 s on InfluxDB with a month
// of events, issue 17 item 5):
// - `alarm_standing` holds one point per standing alarm (same tags and fields as its events), all at the
//   checkpoint's slot (the start of its UTC day): each checkpoint of the day overwrites them in place, so the
//   measurement grows by the alarms standing in a day, not by checkpoints. Field `checkpoint` says which
//   checkpoint wrote the point; points of an alarm that stopped standing keep an older one and are ignored.
// - `alarm_checkpoint` holds one point per slot, written after the alarms (in the same batch): `at`, the
//   time of the newest checkpoint, and `standing`, how many alarm points carry it (a check that none is
//   missing).
// A restart reads the newest `alarm_checkpoint` point, the `alarm_standing` points of its slot, and replays
// the `alarm_event` points written since `at`.

/** Standing alarms as of the latest checkpoint of each day (see above). */
export const STANDING_MEASUREMENT = 'alarm_standing';
/** One point per day: the time of the day's newest checkpoint and how many alarms it holds. */
export const CHECKPOINT_MEASUREMENT = 'alarm_checkpoint';
/** A checkpoint's points lie at the start of its UTC day. */
export const CHECKPOINT_SLOT_MS = 86_400_000;

/** The points of a checkpoint of `standing` (alarms that stand) taken at `at`; the marker comes last. */
export function checkpointPoints(
  standing: readonly Alarm[],
  at: number,
  workflow: (id: string) => Record<string, string | number> = () => ({}),
): TelemetryPoint[] {
  const slot = Math.floor(at / CHECKPOINT_SLOT_MS) * CHECKPOINT_SLOT_MS;
  return [
    ...standing.map((alarm) => ({
      measurement: STANDING_MEASUREMENT,
      tags: alarmTags(alarm),
      fields: { ...alarmFields(alarm), ...workflow(alarm.id), checkpoint: at },
      ts: slot,
    })),
    {
      measurement: CHECKPOINT_MEASUREMENT,
      tags: { scope: 'alarms' },
      fields: { at, standing: standing.length },
      ts: slot,
    },
  ];
}

/** A checkpoint marker's time and count, or undefined for a point that is not one. */
export function checkpointFromPoint(point: TelemetryPoint): { at: number; standing: number } | undefined {
  const { at, standing } = point.fields;
  return typeof at === 'number' && typeof standing === 'number' ? { at, standing } : undefined;
}

/** The id of the alarm a stored point (event or checkpoint) concerns. */
export function alarmIdOfPoint(point: TelemetryPoint): string | undefined {
  const { building, device, type } = point.tags;
  return building && device && type ? `${building}/${device}/${type}` : undefined;
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

/** An alarm as the API shows it (only raised alarms are shown), before the workflow's fields. */
export function alarmView(
  alarm: Alarm,
): Omit<AlarmView, 'ack_comment' | 'assignee' | 'escalated_at' | 'shelved'> {
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

export function transitionView(event: AlarmChange): AlarmTransition {
  return {
    note: event.note ?? null,
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

const EVENTS: ReadonlySet<string> = new Set(ALARM_EVENTS);
const TYPES: ReadonlySet<string> = new Set(ALARM_TYPES);
const LEVELS: ReadonlySet<string> = new Set(SEVERITIES);

/** The transition a stored `alarm_event` point records; undefined for a point that is not one. */
export function transitionFromPoint(point: TelemetryPoint): AlarmTransition | undefined {
  const { building, device, type } = point.tags;
  const { event, severity, detail, acknowledged_by: by, actor, note } = point.fields;
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
    by: event === 'acknowledged' && typeof by === 'string' ? by : typeof actor === 'string' ? actor : null,
    detail: typeof detail === 'string' ? detail : null,
    note: typeof note === 'string' ? note : null,
  };
}
