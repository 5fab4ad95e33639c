import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mosquittoPub } from '../../tests/harness/mosquitto.ts';
import type { RunningBroker } from '../src/index.ts';
import {
  connackCode,
  connectAs,
  inbox,
  PASSWORDS,
  startTestBroker,
  subscribeCodes,
  testCredentials,
} from './helpers.ts';

const run = promisify(execFile);

describe('TLS and WebSocket listeners take the same accounts and rules', () => {
  let dir: string;
  let ca: Buffer;
  let broker: RunningBroker;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-tls-'));
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    // A self-signed certificate for 127.0.0.1, made fresh for this run.
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    ca = await readFile(cert);
    broker = await startTestBroker({
      credentials: await testCredentials(),
      tls: { port: 0, certFile: cert, keyFile: key },
      wsPort: 0,
    });
  });
  afterAll(async () => {
    await broker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('all three listeners are open on their own ports', () => {
    const { mqtt, tls, ws } = broker.ports;
    expect(new Set([mqtt, tls, ws]).size).toBe(3);
    expect(tls).toBeGreaterThan(0);
    expect(ws).toBeGreaterThan(0);
  });

  test('TLS: the right password connects, a wrong one gets CONNACK 4, and the ACL applies', async () => {
    const url = `mqtts://127.0.0.1:${broker.ports.tls}`;
    expect(await connackCode(0, { username: 'gw-hp001', password: 'wrong', ca }, url)).toBe(4);
    expect(await connackCode(0, { ca }, url)).toBe(5);
    const gw = await connectAs(0, 'gw-hp001', { ca }, url);
    const own = inbox(gw);
    expect(await subscribeCodes(gw, ['louyu/v1/#', 'louyu/v1/hp001/cmd/#'])).toEqual([0x80, 1]);
    await gw.publishAsync('louyu/v1/hp001/cmd/x', 'over-tls', { qos: 1 });
    await own.waitFor('louyu/v1/hp001/cmd/x', 'over-tls');
    await gw.endAsync();
  });

  test('TLS with mosquitto_pub: verified against the test CA', async () => {
    const args = [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.ports.tls),
      '--cafile',
      join(dir, 'cert.pem'),
      '-t',
      'louyu/v1/hp002/energy/m1',
      '-m',
      '{}',
    ];
    expect(
      await mosquittoPub([...args, '-u', 'gw-hp002', '-P', PASSWORDS['gw-hp002'], '-q', '1']),
    ).toMatchObject({ code: 0 });
    const refused = await mosquittoPub([...args, '-u', 'gw-hp002', '-P', 'wrong']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/not authori[sz]ed|bad user name or password/i);
  });

  test('WebSocket: the right password connects, a wrong one gets CONNACK 4, messages cross transports', async () => {
    const url = `ws://127.0.0.1:${broker.ports.ws}`;
    expect(await connackCode(0, { username: 'gw-hp002', password: 'wrong' }, url)).toBe(4);
    const ingest = await connectAs(0, 'ingest', {}, url);
    const seen = inbox(ingest);
    expect(await subscribeCodes(ingest, ['louyu/v1/#'])).toEqual([1]);
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp002');
    await gw.publishAsync('louyu/v1/hp001/energy/m1', 'not-mine', { qos: 1 });
    await gw.publishAsync('louyu/v1/hp002/energy/m1', 'tcp-to-ws', { qos: 1 });
    await seen.waitFor('louyu/v1/hp002/energy/m1', 'tcp-to-ws');
    expect(seen.messages.some((m) => m.payload === 'not-mine')).toBe(false);
    await Promise.all([gw.endAsync(), ingest.endAsync()]);
  });
});
