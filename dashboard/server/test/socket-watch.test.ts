// A page opening a building joins its live room on the open socket (`watch`), under the same rights as the
// rooms joined at connection: district staff get the room's snapshot and then its deltas; a manager asking
// for another building is denied and is sent nothing of it; `unwatch` stops the deltas.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildingRoomState, DeltaMessage, Reading } from '@louyu/core';
import { InProcessSource } from '../src/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { until } from '../../../tests/harness/until.ts';
import { openSocket, type TestSocket } from './helpers/sockets.ts';

describe('watching a building room on an open socket', () => {
  const source = new InProcessSource();
  const sockets: TestSocket[] = [];
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp({ buildingIntervalMs: 20, districtIntervalMs: 50 }, { source });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.dispose();
  });

  const open = async (username: string, auth: Record<string, unknown> = {}) => {
    const opened = await openSocket(url, await t.token(username), auth);
    sockets.push(opened.socket);
    return opened;
  };

  // Each reading a second after the previous one, so the live state takes it as news.
  const floor = (building: string, people: number): Reading => ({
    building,
    kind: 'occupancy',
    device: 'floor-03',
    ts: (t.clock.now += 1000),
    data: { people, capacity: 120 },
  });

  const hasPeople =
    (room: string, people: number) =>
    (d: DeltaMessage): boolean =>
      d.room === room &&
      (d.changes as Partial<BuildingRoomState>).detail?.floors.some((f) => f.people === people) === true;

  it('joins district staff to a watched building without reconnecting, and delivers its deltas', async () => {
    const { socket, seen } = await open('district', { buildings: [] });
    expect(seen.rooms).toEqual(['district']);
    const connectionId = socket.id;

    socket.emit('watch', 'short-parking');
    await until(() => seen.rooms.includes('building:short-parking'), 'the room list with short-parking');
    await until(
      () => seen.snapshots.some((s) => s.room === 'building:short-parking'),
      'the snapshot of short-parking',
    );
    expect(seen.rooms).toEqual(['district', 'building:short-parking']);
    expect(socket.id).toBe(connectionId);

    source.push(floor('short-parking', 41));
    await until(
      () => seen.deltas.some(hasPeople('building:short-parking', 41)),
      'the delta of short-parking',
    );
    const snapshot = seen.snapshots.find((s) => s.room === 'building:short-parking')!;
    const first = seen.deltas.find((d) => d.room === 'building:short-parking')!;
    expect(first.seq).toBe(snapshot.seq + 1);

    // Watching again is a no-op: no second snapshot.
    socket.emit('watch', 'short-parking');
    socket.emit('unwatch', 'short-parking');
    await until(() => !seen.rooms.includes('building:short-parking'), 'the room list without short-parking');
    expect(seen.snapshots.filter((s) => s.room === 'building:short-parking')).toHaveLength(1);
    const before = seen.deltas.length;
    source.push(floor('short-parking', 42));
    // The district room still moves (it counts the people), so waiting for it proves the flush ran.
    await until(
      () =>
        seen.deltas.some((d) => d.room === 'district' && JSON.stringify(d.changes).includes('"people":42')),
      'the district delta',
    );
    expect(seen.deltas.slice(before).filter((d) => d.room === 'building:short-parking')).toEqual([]);
    expect(socket.id).toBe(connectionId);
  });

  it('denies a manager watching another building and sends nothing of it', async () => {
    const { socket, seen } = await open('manager');
    expect(seen.rooms).toEqual(['building:healthy']);
    socket.emit('watch', 'short-parking');
    socket.emit('watch', "x' OR 1=1");
    await until(() => seen.denied.length === 2, 'two refusals');
    expect(seen.denied).toEqual([
      { code: 'forbidden', message: 'not joined to building:short-parking' },
      { code: 'unknown_room', message: "not joined to building:x' OR 1=1" },
    ]);

    source.push(floor('short-parking', 77));
    source.push(floor('healthy', 78));
    // Its own building's delta arrives; the other building's never does.
    await until(() => seen.deltas.some(hasPeople('building:healthy', 78)), 'the delta of healthy');
    expect(seen.rooms).toEqual(['building:healthy']);
    expect(seen.snapshots.map((s) => s.room)).toEqual(['building:healthy']);
    expect(JSON.stringify(seen)).not.toContain('"people":77');
  });
});
