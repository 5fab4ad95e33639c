import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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

describe('metrics and logs', () => {
  let broker: RunningBroker;
  const registry = new Registry();
  let logText = '';
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logText += chunk.toString();
        done();
      },
    });
    broker = await startTestBroker({
      credentials: await testCredentials(),
      registry,
      logger: pino({ level: 'debug' }, sink),
    });
  });
  afterAll(async () => broker.close());

  test('connections, messages in and out, bytes and refusals are on the given Prometheus registry', async () => {
    const ingest = await connectAs(broker.ports.mqtt, 'ingest');
    const seen = inbox(ingest);
    await subscribeCodes(ingest, ['louyu/v1/hp001/energy/#']);
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp001');
    for (let i = 0; i < 4; i++) await gw.publishAsync('louyu/v1/hp001/energy/m1', `reading${i}`, { qos: 1 });
    await gw.publishAsync('louyu/v1/hp002/energy/m1', 'abcdefgh', { qos: 1 });
    await seen.waitFor('louyu/v1/hp001/energy/m1', 'reading3');

    const text = await registry.metrics();
    expect(value(text, 'louyu_broker_connections_total')).toBe(2);
    expect(value(text, 'louyu_broker_clients_connected')).toBe(2);
    expect(value(text, 'louyu_broker_messages_in_total')).toBe(4);
    expect(value(text, 'louyu_broker_bytes_in_total')).toBe(4 * 'reading0'.length);
    expect(value(text, 'louyu_broker_messages_out_total')).toBeGreaterThanOrEqual(4);
    expect(value(text, 'louyu_broker_refusals_total{reason="publish_acl"}')).toBe(1);
    await Promise.all([gw.endAsync(), ingest.endAsync()]);
  });

  test('logs name clients and reasons but never passwords or payloads', async () => {
    expect(
      await connackCode(broker.ports.mqtt, { username: 'gw-hp002', password: 'a-wrong-secret-value' }),
    ).toBe(4);
    const gw = await connectAs(broker.ports.mqtt, 'gw-hp002');
    await gw.publishAsync('louyu/v1/hp001/energy/m1', 'payload-marker-123', { qos: 1 });
    await gw.publishAsync('louyu/v1/hp002/energy/m1', 'payload-marker-456', { qos: 1 });
    await gw.endAsync();
    expect(logText).toContain('connection refused');
    expect(logText).toContain('publish refused');
    expect(logText).toContain('gw-hp002');
    for (const secret of [
      'a-wrong-secret-value',
      PASSWORDS['gw-hp002'],
      PASSWORDS['gw-hp001'],
      'payload-marker',
    ]) {
      expect(logText).not.toContain(secret);
    }
  });
});

function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : NaN;
}
