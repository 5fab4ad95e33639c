// Issue 15 item 3: a room name from the client is honoured only when it is a known room (`district`, or
// `building:{id}` of a registry building) that the user has the right to, whatever the event (`resync`,
// `watch`, `unwatch`). A manager once got the whole district by asking to resync its own socket id (a
// room every socket is in), then the district's deltas. Real socket.io clients against a listening server;
// each test asserts exactly what the client received.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildingRoomState, DeltaMessage, Reading } from '@louyu/core';
import { InProcessSource } from '../src/index.ts';
import { until } from '../../../tests/harness/until.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { openSocket, type TestSocket } from './helpers/sockets.ts';

/** How long a refused room has to show up anyway: many ticks and flushes of every room. */
const QUIET_MS = 600;

describe('room names from the client', () => {
  const source = new InProcessSource();
  const sockets: TestSocket[] = [];
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    // Fast flushes and ticks, so a room leaking to the client would do so many times within QUIET_MS.
    t = await startTestApp({ buildingIntervalMs: 20, districtIntervalMs: 20, tickMs: 20 }, { source });
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

  const quiet = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

  it('gives a manager nothing but its own building, whatever room name it sends', async () => {
    const { socket, seen } = await open('manager');
    expect(seen.rooms).toEqual(['building:healthy']);
    const own = socket.id!;
    const long = 'x'.repeat(1000);

    const resyncs: unknown[] = [
      own,
      'district',
      'building:short-parking',
      'building:nope',
      'building:',
      'building:healthy/../short-parking',
      "district' OR 1=1",
      long,
      42,
      null,
      { room: 'district' },
      ['district'],
    ];
    for (const room of resyncs) socket.emit('resync', room as never);
    for (const id of [own, 'district', long]) socket.emit('watch', id);
    // Leaving a building it is not in is a quiet no-op; a name that is no building is refused.
    for (const id of [own, 'district', 'short-parking', long]) socket.emit('unwatch', id);
    // The one allowed: its own building, which it is in. The server answers a socket's events in order, so
    // once this snapshot is here every event above has had its answer.
    socket.emit('resync', 'building:healthy');
    const ownSnapshots = () => seen.snapshots.filter((s) => s.room === 'building:healthy').length;
    await until(() => ownSnapshots() === 2, 'the snapshot of its own building again');

    // The district and another building change, and so does its own building; ticks mark every room.
    source.push(floor('short-parking', 77));
    source.push(floor('healthy', 78));
    await until(() => seen.deltas.some(hasPeople('building:healthy', 78)), 'the delta of healthy');
    await quiet();

    expect(seen.rooms).toEqual(['building:healthy']);
    expect(seen.snapshots.map((s) => s.room)).toEqual(['building:healthy', 'building:healthy']);
    for (const s of seen.snapshots) expect(Object.keys(s.state).sort()).toEqual(['alarms', 'detail']);
    expect(seen.deltas.length).toBeGreaterThan(0);
    expect([...new Set(seen.deltas.map((d) => d.room))]).toEqual(['building:healthy']);
    const all = JSON.stringify([seen.snapshots, seen.deltas]);
    expect(all).not.toContain('short-parking');
    expect(all).not.toContain('"people":77');
    expect(all).not.toContain('"district":');
    expect(all).not.toContain('"system_alarms"');
    expect(seen.denied).toEqual([
      { code: 'unknown_room', message: `not in room ${own}` },
      { code: 'forbidden', message: 'not in room district' },
      { code: 'forbidden', message: 'not in room building:short-parking' },
      { code: 'unknown_room', message: 'not in room building:nope' },
      { code: 'unknown_room', message: 'not in room building:' },
      { code: 'unknown_room', message: 'not in room building:healthy/../short-parking' },
      { code: 'unknown_room', message: "not in room district' OR 1=1" },
      { code: 'unknown_room', message: `not in room ${'x'.repeat(64)}` },
      { code: 'unknown_room', message: 'not in room 42' },
      { code: 'unknown_room', message: 'not in room null' },
      { code: 'unknown_room', message: 'not in room (an object)' },
      { code: 'unknown_room', message: 'not in room (an array)' },
      { code: 'unknown_room', message: `not joined to building:${own}` },
      { code: 'unknown_room', message: 'not joined to building:district' },
      { code: 'unknown_room', message: `not joined to building:${'x'.repeat(64)}` },
      { code: 'unknown_room', message: `not in room building:${own}` },
      { code: 'unknown_room', message: 'not in room building:district' },
      { code: 'unknown_room', message: `not in room building:${'x'.repeat(64)}` },
    ]);
    expect(socket.connected).toBe(true);
  });

  it('takes the handshake list of buildings once per building, and no longer than the registry', async () => {
    const garbage = Array.from({ length: 5000 }, (_, i) => `nope-${i}`);
    const { seen } = await open('district', {
      buildings: ['short-parking', 'short-parking', 'healthy', ...garbage, 'district'],
    });
    expect(seen.rooms).toEqual(['district', 'building:short-parking', 'building:healthy']);
    // Its snapshots come after any refusal, so the last one says every answer is here.
    await until(() => seen.snapshots.length === 3, 'three snapshots');
    expect(seen.snapshots.map((s) => s.room)).toEqual(seen.rooms);
    const limit = t.registry.buildings.length;
    expect(seen.denied).toEqual([
      ...garbage
        .slice(0, limit - 2)
        .map((id) => ({ code: 'unknown_room', message: `not joined to building:${id}` })),
      {
        code: 'unknown_room',
        message: `auth.buildings lists ${garbage.length + 3} distinct buildings; the registry has ${limit}`,
      },
    ]);
  });

  it('gives district staff no room for their socket id or an unknown name, nor a room they are not in', async () => {
    const { socket, seen } = await open('district', { buildings: [] });
    expect(seen.rooms).toEqual(['district']);
    const own = socket.id!;
    socket.emit('resync', own as never);
    socket.emit('resync', 'building:short-parking');
    socket.emit('resync', 'districts' as never);
    socket.emit('resync', 'district');
    await until(
      () => seen.snapshots.filter((s) => s.room === 'district').length === 2,
      'the district snapshot again (the last event answered)',
    );
    source.push(floor('short-parking', 91));
    await until(
      () =>
        seen.deltas.some((d) => d.room === 'district' && JSON.stringify(d.changes).includes('"people":91')),
      'the district delta',
    );
    await quiet();

    expect(seen.snapshots.map((s) => s.room)).toEqual(['district', 'district']);
    expect([...new Set(seen.deltas.map((d) => d.room))]).toEqual(['district']);
    expect(seen.denied).toEqual([
      { code: 'unknown_room', message: `not in room ${own}` },
      { code: 'unknown_room', message: 'not in room building:short-parking' },
      { code: 'unknown_room', message: 'not in room districts' },
    ]);
  });
});
