import { describe, expect, it } from 'vitest';
import { acknowledge, alarmStep, applyAlarmEvent } from '../src/rules/index.ts';
import type { Alarm, AlarmEvent, AlarmSubject } from '../src/rules/index.ts';

const S = 1_000;
const lift: AlarmSubject = { building: 'b1', device: 'car-3', type: 'elevator_fault' }; // raise 30 s, clear 60 s
const fire: AlarmSubject = { building: 'b1', device: 'fa-panel', type: 'fire_alarm' }; // raise 0, clear 5 min

/** Feeds (time, condition) pairs through alarmStep and collects the state and events. */
function run(subject: AlarmSubject, steps: [number, boolean][], start?: Alarm) {
  let alarm: Alarm | undefined = start;
  const events: AlarmEvent[] = [];
  for (const [at, condition] of steps) {
    const r = alarmStep(alarm, condition, at, { subject });
    alarm = r.alarm;
    events.push(...r.events);
  }
  return { alarm, events };
}

describe('alarm debounce', () => {
  it('raises only once the condition held for the raise delay', () => {
    const before = run(lift, [
      [0, true],
      [29 * S, true],
    ]);
    expect(before.alarm?.state).toBe('pending');
    expect(before.events).toEqual([]);
    const after = run(lift, [
      [0, true],
      [29 * S, true],
      [30 * S, true],
    ]);
    expect(after.alarm).toMatchObject({
      state: 'active',
      severity: 'major',
      conditionSince: 0,
      raisedAt: 30 * S,
    });
    expect(after.events).toEqual([
      {
        type: 'raised',
        alarmId: 'b1/car-3/elevator_fault',
        building: 'b1',
        device: 'car-3',
        alarmType: 'elevator_fault',
        severity: 'major',
        at: 30 * S,
      },
    ]);
  });

  it('forgets a condition that went away before the raise delay', () => {
    const r = run(lift, [
      [0, true],
      [20 * S, false],
      [40 * S, true],
      [60 * S, true],
    ]);
    expect(r.alarm?.state).toBe('pending');
    expect(r.alarm?.conditionSince).toBe(40 * S);
    expect(r.events).toEqual([]);
  });

  it('raises a fire alarm at once, as critical', () => {
    const r = run(fire, [[5 * S, true]]);
    expect(r.alarm).toMatchObject({ state: 'active', severity: 'critical', raisedAt: 5 * S });
    expect(r.events.map((e) => e.type)).toEqual(['raised']);
  });

  it('clears only after the condition was absent for the clear delay', () => {
    const held = run(lift, [
      [0, true],
      [30 * S, true],
      [40 * S, false],
      [99 * S, false],
    ]);
    expect(held.alarm).toMatchObject({ state: 'active', absentSince: 40 * S });
    const cleared = run(lift, [
      [0, true],
      [30 * S, true],
      [40 * S, false],
      [100 * S, false],
    ]);
    expect(cleared.alarm).toMatchObject({ state: 'cleared', clearedAt: 100 * S });
    expect(cleared.events.map((e) => [e.type, e.at])).toEqual([
      ['raised', 30 * S],
      ['cleared', 100 * S],
    ]);
  });

  it('does not clear when the condition returns within the clear delay', () => {
    const r = run(lift, [
      [0, true],
      [30 * S, true],
      [40 * S, false],
      [90 * S, true],
      [120 * S, false],
      [170 * S, false],
    ]);
    expect(r.alarm).toMatchObject({ state: 'active', absentSince: 120 * S });
    expect(r.events.map((e) => e.type)).toEqual(['raised']);
  });

  it('re-raises the same alarm id after a clear when the condition returns and holds', () => {
    const r = run(fire, [
      [0, true],
      [10 * S, false],
      [310 * S, false],
      [400 * S, true],
    ]);
    expect(r.events.map((e) => [e.type, e.alarmId, e.at])).toEqual([
      ['raised', 'b1/fa-panel/fire_alarm', 0],
      ['cleared', 'b1/fa-panel/fire_alarm', 310 * S],
      ['raised', 'b1/fa-panel/fire_alarm', 400 * S],
    ]);
    expect(r.alarm).toMatchObject({ state: 'active', clearedAt: null, acknowledgedAt: null });
  });

  it('follows a policy passed in', () => {
    const r = alarmStep(undefined, true, 0, {
      subject: lift,
      policies: { elevator_fault: { severity: 'critical', raiseAfterMs: 0, clearAfterMs: 0 } },
    });
    expect(r.alarm).toMatchObject({ state: 'active', severity: 'critical' });
  });

  it('refuses to step an alarm with another subject', () => {
    const { alarm } = run(fire, [[0, true]]);
    expect(() => alarmStep(alarm, true, 1, { subject: lift })).toThrow(/b1\/fa-panel\/fire_alarm/);
  });
});

describe('alarm acknowledgement', () => {
  it('acknowledges an active alarm, records who, and keeps it until it clears', () => {
    const { alarm } = run(fire, [[0, true]]);
    const acked = acknowledge(alarm!, 'wang.li', 20 * S);
    expect(acked.alarm).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'wang.li',
      acknowledgedAt: 20 * S,
    });
    expect(acked.event).toMatchObject({
      type: 'acknowledged',
      alarmId: 'b1/fa-panel/fire_alarm',
      at: 20 * S,
      by: 'wang.li',
    });

    const stillThere = alarmStep(acked.alarm, true, 60 * S, { subject: fire });
    expect(stillThere.alarm?.state).toBe('acknowledged');
    const absent = alarmStep(stillThere.alarm, false, 70 * S, { subject: fire });
    expect(absent.alarm?.state).toBe('acknowledged');
    const cleared = alarmStep(absent.alarm, false, 370 * S, { subject: fire });
    expect(cleared.alarm?.state).toBe('cleared');
    expect(cleared.events).toEqual([expect.objectContaining({ type: 'cleared', at: 370 * S })]);
  });

  it('changes nothing when acknowledged twice, or when pending or cleared', () => {
    const { alarm } = run(fire, [[0, true]]);
    const once = acknowledge(alarm!, 'wang.li', 1);
    expect(acknowledge(once.alarm, 'zhao.min', 2)).toEqual({ alarm: once.alarm, event: null });
    const pending = run(lift, [[0, true]]).alarm!;
    expect(acknowledge(pending, 'wang.li', 1).event).toBeNull();
  });

  it('needs a user', () => {
    const { alarm } = run(fire, [[0, true]]);
    expect(() => acknowledge(alarm!, ' ', 1)).toThrow(/acknowledging user/);
  });
});

describe('alarm state from stored events', () => {
  it('rebuilds the alarm that the events describe', () => {
    const { alarm: raised, events } = run(fire, [[0, true]]);
    const acked = acknowledge(raised!, 'wang.li', 5 * S);
    const all = [...events, acked.event!];
    const rebuilt = all.reduce<Alarm | undefined>((a, e) => applyAlarmEvent(a, e), undefined);
    expect(rebuilt).toMatchObject({
      id: 'b1/fa-panel/fire_alarm',
      state: 'acknowledged',
      severity: 'critical',
      raisedAt: 0,
      acknowledgedBy: 'wang.li',
    });
    // The rebuilt alarm keeps stepping like the original.
    const cleared = run(
      fire,
      [
        [10 * S, false],
        [310 * S, false],
      ],
      rebuilt,
    );
    expect(cleared.alarm?.state).toBe('cleared');
  });
});
