import { describe, expect, it } from 'vitest';
import { acknowledge, alarmStep, rollUp } from '../src/rules/index.ts';
import type { Alarm, AlarmSubject, AlarmType } from '../src/rules/index.ts';
import { ALARM_POLICIES } from '../src/constants.ts';

function raised(building: string, device: string, type: AlarmType, at = 0): Alarm {
  const subject: AlarmSubject = { building, device, type };
  // No debounce here: the roll-up is about what stands, not how it got there.
  const policies = { [type]: { ...ALARM_POLICIES[type], raiseAfterMs: 0, clearAfterMs: 0 } };
  const alarm = alarmStep(undefined, true, at, { subject, policies }).alarm;
  if (alarm === undefined) throw new Error('not raised');
  return alarm;
}

describe('alarm roll-up per building', () => {
  it('gives one line per building with the worst severity and counts, worst building first', () => {
    const lines = rollUp([
      raised('b2', 'p1', 'parking_full', 10),
      raised('b1', 'car-1', 'elevator_fault', 20),
      raised('b1', 'car-2', 'elevator_fault', 5),
      raised('b1', 'fa', 'fire_fault', 30),
      raised('b3', 'fa', 'fire_alarm', 40),
    ]);
    expect(lines.map((l) => [l.building, l.worst, l.total])).toEqual([
      ['b3', 'critical', 1],
      ['b1', 'major', 3],
      ['b2', 'warning', 1],
    ]);
    expect(lines[1]).toMatchObject({
      counts: { critical: 0, major: 3, minor: 0, warning: 0 },
      types: ['elevator_fault', 'fire_fault'],
      devices: 3,
      since: 5,
      unacknowledged: 3,
      acknowledged: 0,
    });
  });

  it('folds a gateway outage into one line: device_offline alarms are suppressed, not counted', () => {
    const devices = Array.from({ length: 40 }, (_, i) => raised('b1', `dev-${i}`, 'device_offline'));
    const lines = rollUp([raised('b1', '_gateway', 'gateway_offline'), ...devices]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      worst: 'major',
      total: 1,
      suppressed: 40,
      gatewayOffline: true,
      types: ['gateway_offline'],
    });
  });

  it('counts acknowledged alarms and leaves out pending and cleared ones', () => {
    const acked = acknowledge(raised('b1', 'fa', 'fire_alarm'), 'wang.li', 1).alarm;
    const cleared = alarmStep(raised('b1', 'car-1', 'elevator_fault'), false, 5, {
      subject: { building: 'b1', device: 'car-1', type: 'elevator_fault' },
      policies: { elevator_fault: { severity: 'major', raiseAfterMs: 0, clearAfterMs: 0 } },
    }).alarm!;
    expect(cleared.state).toBe('cleared');
    const pending = alarmStep(undefined, true, 0, {
      subject: { building: 'b4', device: 'car-9', type: 'elevator_fault' },
    }).alarm!;
    expect(pending.state).toBe('pending');
    const lines = rollUp([acked, cleared, pending]);
    expect(lines).toEqual([
      expect.objectContaining({ building: 'b1', total: 1, acknowledged: 1, unacknowledged: 0 }),
    ]);
  });

  it('is empty without standing alarms', () => {
    expect(rollUp([])).toEqual([]);
  });
});
