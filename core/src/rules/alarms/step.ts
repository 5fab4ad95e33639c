import { DEFAULT_ALARM_POLICIES, alarmId } from './types.ts';
import type { Alarm, AlarmEvent, AlarmPolicies, AlarmSubject } from './types.ts';

/** What `alarmStep` needs besides the alarm and the condition. */
export interface AlarmStepConfig {
  subject: AlarmSubject;
  /** Debounce and severity per type, overriding constants.ts ALARM_POLICIES for the types given. */
  policies?: Partial<AlarmPolicies> | undefined;
  /** What the condition says now (shown with the alarm). */
  detail?: string | null | undefined;
}

/** An alarm's next state and the transition taken to reach it, if any (at most one per step). */
export interface AlarmStepResult {
  /** undefined when nothing is (or is any longer) worth keeping: no alarm, or a pending one that went away. */
  alarm: Alarm | undefined;
  events: AlarmEvent[];
}

/** The event record of a transition of `alarm` at `at`. */
export function alarmEvent(alarm: Alarm, type: AlarmEvent['type'], at: number, by?: string): AlarmEvent {
  const event: AlarmEvent = {
    type,
    alarmId: alarm.id,
    building: alarm.building,
    device: alarm.device,
    alarmType: alarm.type,
    severity: alarm.severity,
    at,
  };
  if (by !== undefined) event.by = by;
  if (alarm.detail !== null) event.detail = alarm.detail;
  return event;
}

/**
 * One step of an alarm's state machine at `now`, given whether its condition holds. Raises only after the
 * condition held for the type's raise debounce, clears only after it was absent for the clear debounce;
 * an acknowledged alarm stays until it clears; a cleared alarm is raised again (same id) when the
 * condition returns and holds again. Pure: call it on every evaluation (each reading, or a periodic tick).
 */
export function alarmStep(
  previous: Alarm | undefined,
  condition: boolean,
  now: number,
  config: AlarmStepConfig,
): AlarmStepResult {
  const id = alarmId(config.subject);
  if (previous !== undefined && previous.id !== id) {
    throw new RangeError(`alarmStep: alarm ${previous.id} stepped with the subject of ${id}`);
  }
  const policy = config.policies?.[config.subject.type] ?? DEFAULT_ALARM_POLICIES[config.subject.type];
  const detail = config.detail === undefined ? (previous?.detail ?? null) : config.detail;

  if (previous === undefined || previous.state === 'cleared') {
    if (!condition) return { alarm: previous, events: [] };
    const pending: Alarm = {
      ...config.subject,
      id,
      severity: policy.severity,
      state: 'pending',
      conditionSince: now,
      raisedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      clearedAt: null,
      absentSince: null,
      detail,
    };
    return raiseIfDue(pending, now, policy.raiseAfterMs);
  }

  if (previous.state === 'pending') {
    if (!condition) return { alarm: undefined, events: [] };
    return raiseIfDue({ ...previous, detail }, now, policy.raiseAfterMs);
  }

  // active or acknowledged
  if (condition) {
    const unchanged = previous.absentSince === null && previous.detail === detail;
    return { alarm: unchanged ? previous : { ...previous, absentSince: null, detail }, events: [] };
  }
  const absentSince = previous.absentSince ?? now;
  if (now - absentSince >= policy.clearAfterMs) {
    const cleared: Alarm = { ...previous, state: 'cleared', clearedAt: now, absentSince };
    return { alarm: cleared, events: [alarmEvent(cleared, 'cleared', now)] };
  }
  return {
    alarm: previous.absentSince === absentSince ? previous : { ...previous, absentSince },
    events: [],
  };
}

function raiseIfDue(pending: Alarm, now: number, raiseAfterMs: number): AlarmStepResult {
  if (now - pending.conditionSince < raiseAfterMs) return { alarm: pending, events: [] };
  const raised: Alarm = { ...pending, state: 'active', raisedAt: now };
  return { alarm: raised, events: [alarmEvent(raised, 'raised', now)] };
}

/** The outcome of an acknowledgement: the alarm and the event, or no event when there was nothing to ack. */
export interface AcknowledgeResult {
  alarm: Alarm;
  event: AlarmEvent | null;
}

/**
 * A user acknowledges an active alarm: it stays shown (as acknowledged) until its condition clears.
 * Acknowledging an alarm that is already acknowledged, cleared or still pending changes nothing.
 */
export function acknowledge(alarm: Alarm, user: string, now: number): AcknowledgeResult {
  if (user.trim() === '') throw new RangeError(`acknowledge: alarm ${alarm.id} needs the acknowledging user`);
  if (alarm.state !== 'active') return { alarm, event: null };
  const acked: Alarm = { ...alarm, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: user };
  return { alarm: acked, event: alarmEvent(acked, 'acknowledged', now, user) };
}

/**
 * Rebuilds an alarm from its stored events (in order), so state survives a restart. The debounce timers
 * are not events: a rebuilt alarm re-arms its clear debounce at the next evaluation.
 */
export function applyAlarmEvent(alarm: Alarm | undefined, event: AlarmEvent): Alarm {
  if (alarm !== undefined && alarm.id !== event.alarmId) {
    throw new RangeError(`applyAlarmEvent: event for ${event.alarmId} applied to alarm ${alarm.id}`);
  }
  switch (event.type) {
    case 'raised':
      return {
        id: event.alarmId,
        building: event.building,
        device: event.device,
        type: event.alarmType,
        severity: event.severity,
        state: 'active',
        conditionSince: event.at,
        raisedAt: event.at,
        acknowledgedAt: null,
        acknowledgedBy: null,
        clearedAt: null,
        absentSince: null,
        detail: event.detail ?? null,
      };
    case 'acknowledged':
      if (alarm === undefined)
        throw new RangeError(`applyAlarmEvent: ${event.alarmId} acknowledged before raised`);
      return { ...alarm, state: 'acknowledged', acknowledgedAt: event.at, acknowledgedBy: event.by ?? null };
    case 'cleared':
      if (alarm === undefined)
        throw new RangeError(`applyAlarmEvent: ${event.alarmId} cleared before raised`);
      return { ...alarm, state: 'cleared', clearedAt: event.at, absentSince: null };
  }
}
