// The spool-full hook ingest calls (`app.louyu.alarms.spoolFull`): `true` raises one critical system alarm
// that district staff and admins see over REST and in the district room, and property managers do not see
// at all; `false` clears it once the clear debounce has passed.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALARM_POLICIES, type AlarmList, type DistrictRoomState } from '@louyu/core';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { until } from '../../../tests/harness/until.ts';
import { openSocket, type TestSocket } from './helpers/sockets.ts';

const ID = '_louyu/ingest/spool_full';

describe('the spool-full system alarm', () => {
  const sockets: TestSocket[] = [];
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp({ buildingIntervalMs: 20, districtIntervalMs: 20 });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.dispose();
  });

  const open = async (username: string) => {
    const opened = await openSocket(url, await t.token(username));
    sockets.push(opened.socket);
    return opened;
  };
  const alarms = async (username: string): Promise<AlarmList> =>
    (
      await t.app.inject({
        url: '/api/alarms',
        headers: { authorization: `Bearer ${await t.token(username)}` },
      })
    ).json<AlarmList>();
  /** The district room's system alarms as this socket last heard them (snapshot, then deltas). */
  const systemAlarms = (seen: Awaited<ReturnType<typeof open>>['seen']): string[] | undefined => {
    let ids: string[] | undefined;
    for (const m of [...seen.snapshots, ...seen.deltas].sort((a, b) => a.seq - b.seq)) {
      if (m.room !== 'district') continue;
      const state = 'state' in m ? m.state : m.changes;
      const list = (state as Partial<DistrictRoomState>).system_alarms;
      if (list) ids = list.map((a) => `${a.id}:${a.state}`);
    }
    return ids;
  };

  it('is raised for district staff and admins, never shown to a manager, and cleared by false', async () => {
    const district = await open('district');
    const manager = await open('manager');
    expect(systemAlarms(district.seen)).toEqual([]);

    t.app.louyu.alarms.spoolFull(true, 'spool at 100 % of its 1 GiB quota');
    await t.app.louyu.alarms.flush();

    for (const username of ['district', 'admin']) {
      const list = await alarms(username);
      expect(list.active).toEqual([
        expect.objectContaining({ id: ID, severity: 'critical', state: 'active', type: 'spool_full' }),
      ]);
      expect(list.active[0]!.detail).toContain('1 GiB');
      expect(list.history.map((h) => [h.alarm, h.event])).toEqual([[ID, 'raised']]);
    }
    await until(() => systemAlarms(district.seen)?.join() === `${ID}:active`, 'the district room to show it');
    const forManager = await alarms('manager');
    expect(forManager.active).toEqual([]);
    expect(forManager.history).toEqual([]);
    // A manager may not acknowledge it either.
    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/alarms/${encodeURIComponent(ID)}/ack`,
      headers: { authorization: `Bearer ${await t.token('manager')}` },
    });
    expect(ack.statusCode).toBe(403);

    t.app.louyu.alarms.spoolFull(false);
    expect((await alarms('district')).active).toHaveLength(1); // the clear debounce is still running
    t.clock.now += ALARM_POLICIES.spool_full.clearAfterMs + 1_000;
    t.app.louyu.alarms.tick();
    await t.app.louyu.alarms.flush();
    const cleared = await alarms('district');
    expect(cleared.active).toEqual([]);
    expect(cleared.history.map((h) => h.event)).toEqual(['cleared', 'raised']);
    await until(() => systemAlarms(district.seen)?.length === 0, 'the district room to clear it');

    expect(manager.seen.rooms).toEqual(['building:healthy']);
    expect(JSON.stringify(manager.seen)).not.toContain('spool_full');
  });
});
