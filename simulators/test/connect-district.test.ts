import net, { type AddressInfo, type Server, type Socket } from 'node:net';
import { decodeMessage, hepingRegistry } from '@louyu/core';
import { Aedes } from 'aedes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDistrict, createDistrict } from '../src/index.ts';

// What a developer of a gateway or an integration does in their own tests: their broker, the simulated
// district's gateways connected to it, and a clock they step themselves.
describe('a simulated district connected to a test broker, its clock stepped by the test', () => {
  let broker: Aedes;
  let server: Server;
  let url = '';
  const sockets = new Set<Socket>();
  const received: { topic: string; payload: Buffer; retain: boolean }[] = [];

  beforeAll(async () => {
    broker = await Aedes.createBroker();
    broker.on('publish', (packet, client) => {
      if (client)
        received.push({ topic: packet.topic, payload: Buffer.from(packet.payload), retain: packet.retain });
    });
    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      broker.handle(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
  });

  it('publishes nothing until stepped, then every message of the step, acknowledged and valid by the contract', async () => {
    const registry = hepingRegistry();
    const start = Date.UTC(2026, 2, 4, 1, 0); // 09:00 in Shenyang, a Wednesday
    const district = createDistrict({ registry, seed: 7, start, buildings: 2 });
    const connected = await connectDistrict({ district, brokerUrl: url });
    try {
      const ids = district.buildings.map((b) => b.id);
      // Connecting says `online`, retained, and nothing else.
      expect(received.map((m) => [m.topic, m.payload.toString(), m.retain])).toEqual(
        expect.arrayContaining(ids.map((id) => [`louyu/v1/${id}/status`, 'online', true])),
      );
      expect(received).toHaveLength(ids.length);

      const messages = await connected.step(10 * 60_000);
      expect(district.now).toBe(start + 10 * 60_000);
      const telemetry = received.slice(ids.length);
      expect(messages.length).toBeGreaterThan(0);
      // Acknowledged means the broker has them all when step resolves, in the gateways' order.
      expect(telemetry.map((m) => m.topic).sort()).toEqual(messages.map((m) => m.topic).sort());
      for (const m of telemetry) {
        const decoded = decodeMessage(m.topic, m.payload, district.now, registry);
        expect(decoded.type, `${m.topic}: ${m.payload.toString()}`).toBe('reading');
      }
    } finally {
      await connected.stop();
    }
    expect(received.slice(-2).map((m) => m.payload.toString())).toEqual(['offline', 'offline']);
  });
});
