// A reading published over MQTT by a building's gateway reaches, through the real broker, the dashboard's
// MQTT subscription and socket.io, the browsers in that building's room and the district room, and no one
// else: a manager of another building never sees it and is never joined to the room.
import type { AddressInfo } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRegistry, type BuildingRoomState, type DeltaMessage } from '@louyu/core';
import { CredentialStore, hashPassword, startBroker, type RunningBroker } from '@louyu/broker';
import { MqttSource } from '@louyu/dashboard-server';
import { startTestApp, type TestApp } from '../dashboard/server/test/helpers/app.ts';
import { openSocket, type Seen, type TestSocket } from '../dashboard/server/test/helpers/sockets.ts';
import { until } from './harness/until.ts';

describe('live telemetry over MQTT and socket.io', () => {
  let broker: RunningBroker;
  let t: TestApp;
  let url: string;
  let gateway: MqttClient;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    const createdAt = new Date(0).toISOString();
    broker = await startBroker({
      host: '127.0.0.1',
      mqttPort: 0,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      credentials: new CredentialStore([
        {
          username: 'gw-healthy',
          role: 'gateway',
          building: 'healthy',
          password: await hashPassword('gw-secret-1'),
          createdAt,
        },
        {
          username: 'dashboard',
          role: 'service',
          password: await hashPassword('dashboard-secret'),
          createdAt,
        },
      ]),
    });
    const mqttUrl = `mqtt://127.0.0.1:${broker.ports.mqtt}`;
    t = await startTestApp(
      { now: () => Date.now(), buildingIntervalMs: 50, districtIntervalMs: 100 },
      {
        source: new MqttSource({
          url: mqttUrl,
          username: 'dashboard',
          password: 'dashboard-secret',
          registry: smallRegistry(),
        }),
      },
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    gateway = await mqtt.connectAsync(mqttUrl, {
      protocolVersion: 4,
      username: 'gw-healthy',
      password: 'gw-secret-1',
      reconnectPeriod: 0,
    });
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await gateway?.endAsync(true);
    await t?.dispose();
    await broker?.close();
  });

  async function open(
    username: string,
    auth: Record<string, unknown> = {},
  ): Promise<{ socket: TestSocket; seen: Seen }> {
    const opened = await openSocket(url, await t.token(username), auth);
    sockets.push(opened.socket);
    return opened;
  }

  it('refuses a socket without a valid token', async () => {
    const socket: TestSocket = connectSocket(url, {
      auth: { token: 'nope' },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
  });

  it('delivers a published reading to the building room and the district room, and not to another manager', async () => {
    const manager = await open('manager');
    const other = await open('manager-sp', { buildings: ['short-parking', 'healthy'] });
    const district = await open('district', { buildings: ['healthy'] });

    expect(manager.seen.rooms).toEqual(['building:healthy']);
    expect(other.seen.rooms).toEqual(['building:short-parking']);
    expect(other.seen.denied.map((d) => d.message)).toEqual(['not joined to building:healthy']);
    expect(district.seen.rooms).toEqual(['district', 'building:healthy']);
    expect(manager.seen.snapshots.map((s) => s.room)).toEqual(['building:healthy']);

    await gateway.publishAsync(
      'louyu/v1/healthy/occupancy/floor-07',
      JSON.stringify({ ts: Date.now(), people: 37, capacity: 120 }),
      { qos: 1 },
    );

    const hasFloor = (d: DeltaMessage): boolean =>
      d.room === 'building:healthy' &&
      (d.changes as Partial<BuildingRoomState>).detail?.floors.some(
        (f) => f.device === 'floor-07' && f.people === 37,
      ) === true;
    await until(() => manager.seen.deltas.some(hasFloor), 'the manager to see floor-07');
    await until(() => district.seen.deltas.some(hasFloor), 'district staff to see floor-07');
    await until(
      () =>
        district.seen.deltas.some(
          (d) => d.room === 'district' && JSON.stringify(d.changes).includes('"people":37'),
        ),
      'the district room to count the people',
    );
    // Sequence numbers of a room follow each other, starting after the snapshot's.
    const seqs = manager.seen.deltas.filter((d) => d.room === 'building:healthy').map((d) => d.seq);
    expect(seqs[0]).toBe(manager.seen.snapshots[0]!.seq + 1);
    seqs.forEach((s, i) => i > 0 && expect(s).toBe(seqs[i - 1]! + 1));

    expect(other.seen.deltas.filter((d) => d.room !== 'building:short-parking')).toEqual([]);
    expect(JSON.stringify(other.seen)).not.toContain('floor-07');
  });

  it('sends a fresh snapshot, not a backlog, when a client asks after a gap', async () => {
    const { socket, seen } = await open('manager');
    const before = seen.snapshots.length;
    socket.emit('resync', 'building:healthy');
    await until(() => seen.snapshots.length > before, 'the snapshot');
    const snapshot = seen.snapshots.at(-1)!;
    expect(snapshot.room).toBe('building:healthy');
    expect((snapshot.state as BuildingRoomState).detail.floors.some((f) => f.device === 'floor-07')).toBe(
      true,
    );
    socket.emit('resync', 'district');
    await until(() => seen.denied.length > 0, 'the refusal');
    expect(seen.snapshots.filter((s) => s.room === 'district')).toEqual([]);
  });
});
