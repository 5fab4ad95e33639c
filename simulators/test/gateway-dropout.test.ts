import net, { type Server } from 'node:net';
import { smallRegistry } from '@louyu/core';
import { Aedes } from 'aedes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../tests/harness/until.ts';
import { createDistrict, runFleet, type Fleet } from '../src/index.ts';

describe('gateway drop-out scenario', () => {
  let broker: Aedes;
  let server: Server;
  let fleet: Fleet | undefined;
  const statuses: string[] = [];

  beforeAll(async () => {
    broker = await Aedes.createBroker();
    // Every status the broker publishes, Last Wills included (they have no client).
    broker.on('publish', (packet) => {
      if (packet.topic.endsWith('/status'))
        statuses.push(`${packet.topic.split('/')[2]} ${packet.payload.toString()}`);
    });
    server = net.createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  });

  afterAll(async () => {
    await fleet?.stop();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("cuts the target's connection so its Last Will says offline, then it comes back online", async () => {
    const district = createDistrict({
      registry: smallRegistry(),
      seed: 2,
      start: Date.now() - 3_600_000,
      scenario: 'gateway-dropout',
      buildings: ['healthy', 'missing-oa'],
      target: 'missing-oa',
    });
    const port = (server.address() as net.AddressInfo).port;
    fleet = runFleet({
      district,
      brokerUrl: `mqtt://127.0.0.1:${port}`,
      credentials: () => 'secret',
      speed: 600,
      reconnectPeriodMs: 100,
    });
    await until(() => {
      const i = statuses.indexOf('missing-oa offline');
      return i >= 0 && statuses.slice(i).includes('missing-oa online');
    }, 'the Last Will and the return');
    expect(statuses.filter((s) => s === 'missing-oa online').length).toBeGreaterThanOrEqual(2);
    // Only the target dropped.
    expect(statuses).not.toContain('healthy offline');
  });
});
