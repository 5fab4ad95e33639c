import net, { type Server, type Socket } from 'node:net';
import { smallRegistry } from '@louyu/core';
import { Aedes } from 'aedes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../tests/harness/until.ts';
import { createDistrict, runFleet, type Fleet } from '../src/index.ts';

const passwords: Record<string, string> = { healthy: 'pw-healthy', 'short-parking': 'pw-parking' };

describe('fleet against a real broker', () => {
  let broker: Aedes;
  let server: Server;
  let port = 0;
  const sockets = new Set<Socket>();
  const received = new Map<string, number>();
  const logins: string[] = [];
  const statuses: string[] = [];
  let fleet: Fleet | undefined;

  const listen = (p: number) =>
    new Promise<void>((resolve) => server.listen(p, '127.0.0.1', () => resolve()));

  beforeAll(async () => {
    broker = await Aedes.createBroker({
      authenticate: (_client, username, password, done) => {
        const building = (username ?? '').replace(/^gw-/, '');
        const ok = passwords[building] !== undefined && password?.toString() === passwords[building];
        if (ok) logins.push(username ?? '');
        done(null, ok);
      },
    });
    broker.on('publish', (packet, client) => {
      if (!client) return;
      if (packet.topic.endsWith('/status')) statuses.push(`${packet.topic} ${packet.payload.toString()}`);
      else received.set(client.id, (received.get(client.id) ?? 0) + 1);
    });
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      broker.handle(socket);
    });
    await listen(0);
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await fleet?.stop();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
  });

  it('logs in each gateway with its own credentials, says online, reconnects after a broker restart', async () => {
    const district = createDistrict({
      registry: smallRegistry(),
      seed: 1,
      // Start an hour in the past: the fast clock then stays behind the wall clock, as ingest requires.
      start: Date.now() - 3_600_000,
      buildings: ['healthy', 'short-parking'],
    });
    fleet = runFleet({
      district,
      brokerUrl: `mqtt://127.0.0.1:${port}`,
      credentials: passwords,
      speed: 60,
      window: 16,
      reconnectPeriodMs: 200,
    });
    const running = fleet;
    await until(
      () => (received.get('gw-healthy') ?? 0) > 50 && (received.get('gw-short-parking') ?? 0) > 50,
      'both gateways to publish',
    );
    expect(logins.sort()).toEqual(['gw-healthy', 'gw-short-parking']);
    expect(statuses).toContain('louyu/v1/healthy/status online');
    expect(running.stats()).toMatchObject({ gateways: 2, connected: 2, errors: 0 });

    // The broker goes away: close the listener, cut every connection, and come back on the same port.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    await until(() => running.stats().connected === 0, 'the gateways to notice');
    const before = new Map(received);
    await listen(port);

    await until(() => running.stats().connected === 2, 'both gateways to reconnect');
    await until(
      () =>
        (received.get('gw-healthy') ?? 0) > (before.get('gw-healthy') ?? 0) + 20 &&
        (received.get('gw-short-parking') ?? 0) > (before.get('gw-short-parking') ?? 0) + 20,
      'publishing to resume',
    );
    const stats = running.stats();
    expect(stats.connects).toBeGreaterThanOrEqual(4);
    expect(stats.acked).toBeGreaterThan(100);
    expect(logins.filter((l) => l === 'gw-healthy').length).toBeGreaterThanOrEqual(2);
  });
});
