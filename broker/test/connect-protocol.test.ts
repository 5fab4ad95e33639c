import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mosquittoPub } from '../../tests/harness/mosquitto.ts';
import type { RunningBroker } from '../src/index.ts';
import {
  connackCode,
  PASSWORDS,
  rawConnect,
  readBytes,
  startTestBroker,
  testCredentials,
} from './helpers.ts';

// CONNECT's protocol name and level (MQTT 3.1.1 §3.1.2.1-2), and the CONNACK codes of §3.2.2.3 that the
// READMEs name: 1 = unacceptable protocol level, 4 = bad user name or password, 5 = not authorized.

/** A CONNECT (clean session, keep-alive 30, no will, no auth) with any protocol name and level. */
function connectWith(protocolName: string, level: number, clientId: string): Buffer {
  const name = Buffer.from(protocolName, 'utf8');
  const id = Buffer.from(clientId, 'utf8');
  const rest = Buffer.concat([
    Buffer.from([name.length >> 8, name.length & 0xff]),
    name,
    Buffer.from([level, 0x02, 0, 30]),
    Buffer.from([id.length >> 8, id.length & 0xff]),
    id,
  ]);
  return Buffer.concat([Buffer.from([0x10, rest.length]), rest]);
}

async function rawConnack(port: number, packet: Buffer): Promise<{ bytes: number[]; closed: boolean }> {
  const socket = await rawConnect(port);
  socket.write(packet);
  const { bytes, closed } = await readBytes(socket, 4);
  let wasClosed = closed;
  if (!closed && bytes[3] !== 0) {
    // A refused client is closed after its CONNACK [MQTT-3.2.2-5].
    await new Promise((resolve) => socket.once('close', resolve));
    wasClosed = true;
  }
  socket.destroy();
  return { bytes: [...bytes.subarray(0, 4)], closed: wasClosed };
}

describe('CONNECT protocol name and level', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ credentials: await testCredentials(), demo: true });
  });
  afterAll(async () => broker.close());

  test('"MQTT" with level 3 is refused with CONNACK 0x01 and closed [MQTT-3.1.2-2]', async () => {
    expect(await rawConnack(broker.ports.mqtt, connectWith('MQTT', 3, 'level-3'))).toEqual({
      bytes: [0x20, 0x02, 0x00, 0x01],
      closed: true,
    });
    expect(await connackCode(broker.ports.mqtt, { protocolId: 'MQTT', protocolVersion: 3 })).toBe(1);
    expect(await broker.broker.metrics.refusalCount('protocol_level')).toBe(2);
  });

  test('"MQIsdp" with level 4 is refused with CONNACK 0x01 too', async () => {
    expect(await rawConnack(broker.ports.mqtt, connectWith('MQIsdp', 4, 'mqisdp-4'))).toEqual({
      bytes: [0x20, 0x02, 0x00, 0x01],
      closed: true,
    });
  });

  test('MQTT 3.1.1 ("MQTT", 4) and MQTT 3.1 ("MQIsdp", 3) are accepted', async () => {
    expect((await rawConnack(broker.ports.mqtt, connectWith('MQTT', 4, 'v311'))).bytes).toEqual([
      0x20, 0x02, 0x00, 0x00,
    ]);
    expect((await rawConnack(broker.ports.mqtt, connectWith('MQIsdp', 3, 'v31'))).bytes).toEqual([
      0x20, 0x02, 0x00, 0x00,
    ]);
    expect(await connackCode(broker.ports.mqtt, { protocolId: 'MQIsdp', protocolVersion: 3 })).toBe(0);
    const run = await mosquittoPub([
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.ports.mqtt),
      '-V',
      'mqttv31',
      '-t',
      'demo/v31',
      '-m',
      'hello',
    ]);
    expect(run).toMatchObject({ code: 0 });
  });

  test('a wrong password gets CONNACK 4 (bad user name or password), as the READMEs say', async () => {
    expect(await connackCode(broker.ports.mqtt, { username: 'gw-hp001', password: 'not-the-password' })).toBe(
      4,
    );
    expect(
      await connackCode(broker.ports.mqtt, { username: 'nobody', password: PASSWORDS['gw-hp001'] }),
    ).toBe(4);
  });
});
