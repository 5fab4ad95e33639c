import net, { type Server, type Socket } from 'node:net';
import { smallRegistry } from '@louyu/core';
import { Aedes } from 'aedes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../tests/harness/until.ts';
import { createDistrict, runFleet, type District, type FleetStats } from '../src/index.ts';

describe('a fleet replaying the past faster than the broker takes it', () => {
  let broker: Aedes;
  let server: Server;
  let port = 0;
  const sockets = new Set<Socket>();
  let received = 0;

  beforeAll(async () => {
    broker = await Aedes.createBroker();
    broker.on('publish', (_packet, client) => {
      if (client) received++;
    });
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      broker.handle(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
  });

  it('steps the clock in bounded chunks (bounded memory) and says how far behind and how fast it runs', async () => {
    const real = createDistrict({
      registry: smallRegistry(),
      seed: 2,
      start: Date.now() - 6 * 3_600_000,
      buildings: ['healthy', 'short-parking'],
    });
    // Record every step the fleet asks of the district.
    const steps: number[] = [];
    const district: District = Object.create(real) as District;
    district.step = (ms: number) => {
      steps.push(ms);
      return real.step(ms);
    };
    Object.defineProperty(district, 'now', { get: () => real.now });
    const seen: FleetStats[] = [];
    const fleet = runFleet({
      district,
      brokerUrl: `mqtt://127.0.0.1:${port}`,
      credentials: { healthy: 'pw', 'short-parking': 'pw' },
      // Far faster than any broker takes: the clock falls behind its pace at once.
      speed: 1_000_000,
      window: 8,
      onProgress: (s) => seen.push(s),
      progressIntervalMs: 100,
    });
    try {
      await until(() => received > 2_000 && seen.length >= 3, 'the fleet to publish a while');
    } finally {
      await fleet.stop();
    }
    expect(Math.max(...steps)).toBeLessThanOrEqual(60_000);
    const last = seen[seen.length - 1]!;
    expect(last.behindMs).toBeGreaterThan(3_600_000);
    expect(last.simSpeed).toBeGreaterThan(1);
  });
});
