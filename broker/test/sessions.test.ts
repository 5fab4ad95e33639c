import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningBroker } from '../src/index.ts';
import {
  closed,
  connectAs,
  connectPacket,
  inbox,
  rawConnect,
  readBytes,
  startTestBroker,
  subscribeCodes,
  testCredentials,
} from './helpers.ts';

describe('client ids, sessions and keep-alive', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startTestBroker({
      credentials: await testCredentials(),
      demo: true,
      maxKeepaliveSeconds: 1,
    });
  });
  afterAll(async () => broker.close());

  test('a zero-length client id with clean session off gets CONNACK 0x02 [MQTT-3.1.3-8]', async () => {
    // mqtt.js refuses to build this packet, so it goes over a raw socket.
    const socket = await rawConnect(broker.ports.mqtt);
    socket.write(connectPacket('', false, 30));
    const { bytes, closed: wasClosed } = await readBytes(socket, 4);
    expect([...bytes.subarray(0, 4)]).toEqual([0x20, 0x02, 0x00, 0x02]);
    if (!wasClosed) await new Promise((resolve) => socket.once('close', resolve));
    expect(await broker.broker.metrics.refusalCount('identifier_rejected')).toBe(1);
  });

  test('a zero-length client id with clean session on is accepted (the broker assigns one)', async () => {
    const socket = await rawConnect(broker.ports.mqtt);
    socket.write(connectPacket('', true, 30));
    const { bytes } = await readBytes(socket, 4);
    expect([...bytes.subarray(0, 4)]).toEqual([0x20, 0x02, 0x00, 0x00]);
    socket.destroy();
  });

  test('one live session per client id: a second connection takes over and the first is closed', async () => {
    const first = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-gateway' });
    const firstClosed = closed(first);
    const second = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'hp001-gateway' });
    await firstClosed;
    expect(first.connected).toBe(false);
    expect(second.connected).toBe(true);
    // The survivor works.
    const own = inbox(second);
    await subscribeCodes(second, ['louyu/v1/hp001/cmd/#']);
    await second.publishAsync('louyu/v1/hp001/cmd/ping', 'pong', { qos: 1 });
    await own.waitFor('louyu/v1/hp001/cmd/ping', 'pong');
    first.end(true);
    await second.endAsync();
  });

  test('a client that stops sending within its keep-alive is disconnected', async () => {
    const socket = await rawConnect(broker.ports.mqtt);
    socket.write(connectPacket('silent-1', true, 1));
    const connack = await readBytes(socket, 4);
    expect([...connack.bytes.subarray(0, 4)]).toEqual([0x20, 0x02, 0x00, 0x00]);
    // Never sends PINGREQ: the broker closes the connection after 1.5 x keep-alive [MQTT-3.1.2-24].
    const after = await readBytes(socket, 1);
    expect(after).toEqual({ bytes: Buffer.alloc(0), closed: true });
  });

  test('a client asking for no keep-alive (0) is held to the maximum keep-alive', async () => {
    const socket = await rawConnect(broker.ports.mqtt);
    socket.write(connectPacket('silent-0', true, 0));
    const connack = await readBytes(socket, 4);
    expect([...connack.bytes.subarray(0, 4)]).toEqual([0x20, 0x02, 0x00, 0x00]);
    const after = await readBytes(socket, 1);
    expect(after).toEqual({ bytes: Buffer.alloc(0), closed: true });
  });
});
