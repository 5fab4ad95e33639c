// The alarm workflow (issue 19, item 2) over REST: acknowledge with a comment, assign to a user, shelve a
// device's alarms for a bounded time (still shown, marked shelved, not escalated, not notified), escalate
// an alarm nobody acknowledged after N (here 60 s), every action in the alarm's history with who and when,
// a manager only on their own buildings, and all of it kept across a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_POLICIES, type AlarmList, type AlarmShelf, type AlarmView, type Reading } from '@louyu/core';
import { InProcessSource } from '../src/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { until } from '../../../tests/harness/until.ts';

const ESCALATE_MS = 60_000;
const CAR1 = 'healthy/car-1/elevator_fault';
const CAR2 = 'healthy/car-2/elevator_fault';

describe('the alarm workflow', () => {
  const source = new InProcessSource();
  let t: TestApp;
  const changes: { alarm: string; type: string; shelved: boolean }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ alarmEscalateAfterMs: ESCALATE_MS, tickMs: 50 }, { source });
  });
  afterAll(() => t?.dispose());

  const call = async (username: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const reply = await t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await t.token(username)}` },
      ...(payload ? { payload } : {}),
    });
    return { status: reply.statusCode, body: reply.json<unknown>() };
  };
  const list = async (username = 'district') =>
    (await call(username, 'GET', '/api/alarms')).body as AlarmList;
  const alarm = async (id: string) => (await list()).active.find((a) => a.id === id);
  const path = (id: string, action: string) => `/api/alarms/${encodeURIComponent(id)}/${action}`;
  const fault = (device: string): Reading => ({
    building: 'healthy',
    kind: 'elevator',
    device,
    ts: t.clock.now,
    data: { state: 'fault', floor: 2, load_pct: 0, trips: 0, door_cycles: 0, wait_s: 0, fault: 'E9' },
  });

  it('shelves, escalates, acknowledges with a comment and assigns, each in the history', async () => {
    t.app.louyu.alarms.onChange((_b, e) => {
      if (e) changes.push({ alarm: e.alarmId, type: e.type, shelved: e.shelved === true });
    });
    const raisedAt = t.clock.now + ALARM_POLICIES.elevator_fault.raiseAfterMs;
    while (t.clock.now <= raisedAt) {
      source.push(fault('car-1'));
      source.push(fault('car-2'));
      t.clock.now += 5_000;
    }
    expect((await list()).active.map((a) => a.id).sort()).toEqual([CAR1, CAR2]);

    // car-2 is under repair: its manager shelves that device's alarms for 30 minutes.
    const shelve = await call('manager', 'POST', '/api/alarms/shelves', {
      building: 'healthy',
      device: 'car-2',
      minutes: 30,
      reason: '维保 maintenance',
    });
    expect(shelve.status).toBe(200);
    const shelf = shelve.body as AlarmShelf;
    expect(shelf).toMatchObject({ building: 'healthy', device: 'car-2', type: null, by: 'manager' });
    expect(shelf.until - shelf.from).toBe(30 * 60_000);
    // Another building's manager may not, and the shelf is not theirs to see.
    expect(
      (
        await call('manager-sp', 'POST', '/api/alarms/shelves', {
          building: 'healthy',
          minutes: 30,
          reason: 'x',
        })
      ).status,
    ).toBe(403);
    expect((await call('manager-sp', 'GET', '/api/alarms/shelves')).body).toEqual([]);
    expect(
      (await call('manager', 'POST', '/api/alarms/shelves', { building: 'healthy', reason: 'x' })).status,
    ).toBe(400);
    // Shown as shelved, never hidden.
    expect((await alarm(CAR2))?.shelved).toMatchObject({ id: shelf.id });
    expect((await alarm(CAR1))?.shelved).toBeNull();

    // Nobody acknowledges for longer than N: car-1 escalates once; the shelved car-2 does not.
    t.clock.now += ESCALATE_MS;
    await until(async () => (await alarm(CAR1))?.escalated_at !== null, 'car-1 escalated');
    expect((await alarm(CAR2))?.escalated_at).toBeNull();

    // The manager acknowledges with a comment and assigns it to district staff; not to another manager.
    const ack = await call('manager', 'POST', path(CAR1, 'ack'), { comment: '已派人 on the way' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ state: 'acknowledged', ack_comment: '已派人 on the way' });
    expect((await call('manager', 'POST', path(CAR1, 'assign'), { assignee: 'manager-sp' })).status).toBe(
      400,
    );
    const assign = await call('manager', 'POST', path(CAR1, 'assign'), { assignee: 'district' });
    expect(assign.status).toBe(200);
    expect((assign.body as AlarmView).assignee).toBe('district');
    expect((await call('manager-sp', 'POST', path(CAR1, 'assign'), { assignee: null })).status).toBe(403);

    const history = (await list()).history.filter((h) => h.alarm === CAR1).reverse();
    expect(history.map((h) => [h.event, h.by, h.note])).toEqual([
      ['raised', null, null],
      ['escalated', null, expect.stringContaining('unacknowledged for')],
      ['acknowledged', 'manager', '已派人 on the way'],
      ['assigned', 'manager', 'district'],
    ]);
    expect(history.every((h) => typeof h.at === 'number')).toBe(true);
    expect((await list()).history.find((h) => h.alarm === CAR2 && h.event === 'shelved')).toMatchObject({
      by: 'manager',
    });
    // What notifications are given: car-2's transitions once shelved say so (and send nothing).
    expect(changes.filter((c) => c.alarm === CAR2)).toEqual([
      { alarm: CAR2, type: 'raised', shelved: false },
      { alarm: CAR2, type: 'shelved', shelved: true },
    ]);
    expect(changes.filter((c) => c.type === 'escalated')).toEqual([
      { alarm: CAR1, type: 'escalated', shelved: false },
    ]);
  });

  it('keeps comments, assignees, escalations and shelves across a restart, and ends a shelf early', async () => {
    await t.app.louyu.alarms.flush();
    await t.restart();
    const car1 = await alarm(CAR1);
    expect(car1).toMatchObject({ ack_comment: '已派人 on the way', assignee: 'district' });
    expect(car1?.escalated_at).toEqual(expect.any(Number));
    const shelved = (await alarm(CAR2))?.shelved;
    expect(shelved).toMatchObject({ device: 'car-2', reason: '维保 maintenance' });

    const end = await call('manager', 'DELETE', `/api/alarms/shelves/${shelved!.id}`);
    expect(end.status).toBe(200);
    expect((await alarm(CAR2))?.shelved).toBeNull();
    // Unshelved, and unacknowledged for longer than N: it escalates now.
    await until(async () => (await alarm(CAR2))?.escalated_at !== null, 'car-2 escalated once unshelved');
    const car2 = (await list()).history.filter((h) => h.alarm === CAR2).map((h) => [h.event, h.by]);
    expect(car2.slice(0, 2)).toEqual([
      ['escalated', null],
      ['unshelved', 'manager'],
    ]);
  });
});
