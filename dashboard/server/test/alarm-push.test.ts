// Alarm changes are pushed (`alarms`) to every user who may see the alarm, managers included and whatever
// rooms their socket watches; never to a manager of another building; Louyu's own alarms only to district
// staff and admins (issue 19, item 3).
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_POLICIES, type Reading } from '@louyu/core';
import { InProcessSource } from '../src/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { openSocket, type TestSocket } from './helpers/sockets.ts';
import { until } from '../../../tests/harness/until.ts';

describe('alarm changes pushed to sockets', () => {
  const source = new InProcessSource();
  const sockets: TestSocket[] = [];
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp({}, { source });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.dispose();
  });

  /** A socket of `username` counting the `alarms` pushes it gets. */
  const listen = async (username: string, auth: Record<string, unknown> = {}) => {
    const { socket } = await openSocket(url, await t.token(username), auth);
    sockets.push(socket);
    const got = { count: 0 };
    socket.on('alarms', () => got.count++);
    return got;
  };
  const fault = (state: 'fault' | 'idle'): Reading => ({
    building: 'healthy',
    kind: 'elevator',
    device: 'car-1',
    ts: t.clock.now,
    data: { state, floor: 3, load_pct: 0, trips: 0, door_cycles: 0, wait_s: 0 },
  });

  it('reaches the district, the building manager and no other manager', async () => {
    // District staff watching no building at all (the alarm list page), and managers.
    const district = await listen('district', { buildings: [] });
    const manager = await listen('manager');
    const other = await listen('manager-sp');

    for (const end = t.clock.now + ALARM_POLICIES.elevator_fault.raiseAfterMs; t.clock.now <= end;) {
      source.push(fault('fault'));
      t.clock.now += 5_000;
    }
    await until(() => district.count === 1 && manager.count === 1, 'the raise pushed');

    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${encodeURIComponent('healthy/car-1/elevator_fault')}/ack`,
      headers: { authorization: `Bearer ${await t.token('district')}` },
    });
    expect(ack.statusCode).toBe(200);
    await until(() => district.count === 2 && manager.count === 2, "the district's acknowledgement pushed");

    t.app.louyu.alarms.spoolFull(true, 'spool full');
    await until(() => district.count === 3, 'the system alarm pushed to the district');
    // A last push the managers may see, so what they did not get has had every chance to arrive.
    for (const end = t.clock.now + ALARM_POLICIES.elevator_fault.clearAfterMs; t.clock.now <= end;) {
      source.push(fault('idle'));
      t.clock.now += 5_000;
    }
    await until(() => manager.count === 3, 'the clear pushed to the manager');
    expect(manager.count).toBe(3);
    expect(other.count).toBe(0);
  });
});
