import net from 'node:net';
import { decodeMessage, hepingRegistry } from '@louyu/core';
import { connectDistrict, createDistrict } from '@louyu/simulators';
import { Aedes } from 'aedes';
import { expect, it } from 'vitest';

it('receives a simulated district through my own broker, valid by the contract', async () => {
  // Your broker: here an aedes on a free port; a mosquitto or your gateway's broker works the same.
  const broker = await Aedes.createBroker();
  const received: { topic: string; payload: Buffer }[] = [];
  broker.on('publish', (packet, client) => {
    if (client) received.push({ topic: packet.topic, payload: Buffer.from(packet.payload) });
  });
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  // Two buildings of Heping District, 09:00 on a Wednesday in Shenyang; same seed, same messages.
  const registry = hepingRegistry();
  const start = Date.UTC(2026, 2, 4, 1, 0);
  const district = createDistrict({ registry, seed: 1, start, buildings: 2 });
  const gateways = await connectDistrict({ district, brokerUrl: `mqtt://127.0.0.1:${port}` });

  const sent = await gateways.step(15 * 60_000); // 15 simulated minutes, published and acknowledged
  await gateways.stop();
  server.close();
  await new Promise<void>((resolve) => broker.close(() => resolve()));

  const telemetry = received.filter((m) => !m.topic.endsWith('/status'));
  expect(telemetry).toHaveLength(sent.length);
  for (const m of telemetry)
    expect(decodeMessage(m.topic, m.payload, district.now, registry).type).toBe('reading');
  const kinds = new Set(telemetry.map((m) => m.topic.split('/')[3]));
  expect([...kinds]).toEqual(expect.arrayContaining(['occupancy', 'parking', 'elevator', 'energy']));
});
