import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mosquittoSub } from '../../tests/harness/mosquitto.ts';
import type { RunningBroker } from '../src/index.ts';
import {
  connackCode,
  connectAs,
  connectWithInbox,
  inbox,
  PASSWORDS,
  startTestBroker,
  subscribeCodes,
  testCredentials,
} from './helpers.ts';

// DESIGN.md "Security": a client id and its session belong to the account that created them; another
// account can neither take it over nor kick it (issue 15, items 1 and 2). CONNACK 5 = not authorized.

const NOT_AUTHORIZED = 5;
const CMD = 'louyu/v1/hp001/cmd/reboot';

/** True until the client's connection closes. */
function watchOpen(client: MqttClient): () => boolean {
  let open = true;
  client.on('close', () => (open = false));
  return () => open;
}

/** The client still works: a message it publishes to itself comes back. */
async function roundTrip(client: MqttClient, topic: string, payload: string): Promise<void> {
  const seen = inbox(client);
  await subscribeCodes(client, [topic]);
  await client.publishAsync(topic, payload, { qos: 1 });
  await seen.waitFor(topic, payload);
}

describe('client ids belong to the account that first used them (memory persistence)', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ credentials: await testCredentials(), demo: true });
  });
  afterAll(async () => broker.close());

  test("another account cannot resume a gateway's persistent session nor receive its queued command", async () => {
    const session = { clientId: 'gw-a-main', clean: false };
    const a = await connectAs(broker.ports.mqtt, 'gw-hp001', session);
    expect(await subscribeCodes(a, ['louyu/v1/hp001/cmd/#'])).toEqual([1]);
    await a.endAsync();

    const admin = await connectAs(broker.ports.mqtt, 'admin');
    await admin.publishAsync(CMD, 'for-a-only', { qos: 1 });
    await admin.endAsync();

    // Account B with A's client id: refused, no session, nothing delivered.
    const intruder = await connackCode(broker.ports.mqtt, {
      username: 'gw-hp002',
      password: PASSWORDS['gw-hp002'],
      ...session,
    });
    expect(intruder).toBe(NOT_AUTHORIZED);
    expect(await broker.broker.metrics.refusalCount('client_id_owned')).toBe(1);

    // A comes back: its session and its command are still there.
    const back = await connectWithInbox(broker.ports.mqtt, 'gw-hp001', session);
    expect(back.sessionPresent).toBe(true);
    await back.seen.waitFor(CMD, 'for-a-only');
    expect(back.seen.messages.map((m) => m.payload)).toEqual(['for-a-only']);
    await back.client.endAsync();
  });

  test('another account (mqtt.js) cannot kick a connected gateway off by reusing its client id', async () => {
    const owner = await connectAs(broker.ports.mqtt, 'gw-hp001', { clientId: 'gw-hp001-live' });
    const open = watchOpen(owner);
    for (const account of ['gw-hp002', 'ingest', 'admin'] as const) {
      const code = await connackCode(broker.ports.mqtt, {
        username: account,
        password: PASSWORDS[account],
        clientId: 'gw-hp001-live',
      });
      expect(code).toBe(NOT_AUTHORIZED);
    }
    await roundTrip(owner, 'louyu/v1/hp001/cmd/ping', 'still-here');
    expect(open()).toBe(true);
    await owner.endAsync();
  });

  test('an anonymous demo client (mosquitto_sub) cannot kick a gateway off nor read as it', async () => {
    const owner = await connectAs(broker.ports.mqtt, 'gw-hp002', { clientId: 'gw-hp002-live' });
    const open = watchOpen(owner);
    const run = await mosquittoSub([
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.ports.mqtt),
      '-V',
      'mqttv311',
      '-i',
      'gw-hp002-live',
      '-t',
      '#',
      '-C',
      '1',
      '-W',
      '5',
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr + run.stdout).toMatch(/not authori[sz]ed/i);
    // mqtt.js too, with a persistent session asked for.
    expect(await connackCode(broker.ports.mqtt, { clientId: 'gw-hp002-live', clean: false })).toBe(
      NOT_AUTHORIZED,
    );
    await roundTrip(owner, 'louyu/v1/hp002/cmd/ping', 'still-here');
    expect(open()).toBe(true);
    await owner.endAsync();
  });

  test('the owning account takes over its own client id (a normal reconnect) and keeps its session', async () => {
    const session = { clientId: 'gw-hp001-reconnect', clean: false };
    const first = await connectAs(broker.ports.mqtt, 'gw-hp001', session);
    expect(await subscribeCodes(first, ['louyu/v1/hp001/cmd/#'])).toEqual([1]);
    const firstOpen = watchOpen(first);
    const second = await connectWithInbox(broker.ports.mqtt, 'gw-hp001', session);
    expect(second.sessionPresent).toBe(true);
    // aedes closes the older connection of the id; under load that can come a moment after CONNACK.
    await expect.poll(() => firstOpen()).toBe(false);
    await roundTrip(second.client, 'louyu/v1/hp001/cmd/x', 'mine');
    first.end(true);
    await second.client.endAsync();
  });

  test('anonymous clients own nothing: two visitors may share an id, and an account id stays its own', async () => {
    // A visitor's id is not bound to anyone, so a later visitor with the same id takes over as aedes
    // always did, and an account may claim it; visitors' random ids leave nothing behind.
    const v1 = await connectAs(broker.ports.mqtt, null, { clientId: 'visitor-shared' });
    const v1Open = watchOpen(v1);
    const v2 = await connectAs(broker.ports.mqtt, null, { clientId: 'visitor-shared' });
    await expect.poll(() => v1Open()).toBe(false);
    const svc = await connectAs(broker.ports.mqtt, 'ingest', { clientId: 'visitor-shared' });
    expect(await connackCode(broker.ports.mqtt, { clientId: 'visitor-shared' })).toBe(NOT_AUTHORIZED);
    v1.end(true);
    v2.end(true);
    await svc.endAsync();
  });
});

describe('client id bindings are bounded per account', () => {
  let broker: RunningBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ credentials: await testCredentials(), clientIdsPerAccount: 3 });
  });
  afterAll(async () => broker.close());

  test("an account's least recently connected id is released once it has used more ids than the bound", async () => {
    for (const id of ['svc-1', 'svc-2', 'svc-3']) {
      const c = await connectAs(broker.ports.mqtt, 'ingest', { clientId: id });
      await c.endAsync();
    }
    const other = { username: 'admin', password: PASSWORDS.admin };
    expect(await connackCode(broker.ports.mqtt, { ...other, clientId: 'svc-1' })).toBe(NOT_AUTHORIZED);
    // svc-1 connects again (now the most recent), then a fourth id pushes out svc-2, the oldest.
    for (const id of ['svc-1', 'svc-4']) {
      const c = await connectAs(broker.ports.mqtt, 'ingest', { clientId: id });
      await c.endAsync();
    }
    expect(await connackCode(broker.ports.mqtt, { ...other, clientId: 'svc-1' })).toBe(NOT_AUTHORIZED);
    expect(await connackCode(broker.ports.mqtt, { ...other, clientId: 'svc-2' })).toBe(0);
  });
});
