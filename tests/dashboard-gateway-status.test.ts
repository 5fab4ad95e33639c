// A building's gateway status, through the real broker, as the dashboard holds it (issue 16, items 1 and
// 3): a second client of the building leaving keeps the building online on the dashboard, an orderly stop
// raises no gateway_offline alarm (live, and after a dashboard restart from the store), an outage does.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRegistry, statusToPoint } from '@louyu/core';
import { CredentialStore, hashPassword, startBroker, type RunningBroker } from '@louyu/broker';
import { MqttSource } from '@louyu/dashboard-server';
import { startTestApp, type TestApp } from '../dashboard/server/test/helpers/app.ts';
import { until } from './harness/until.ts';

const STATUS = 'louyu/v1/healthy/status';
const WILL = { topic: STATUS, payload: Buffer.from('offline'), qos: 1 as const, retain: true };
const HOUR = 3_600_000;

describe("the dashboard's view of a building with several gateways", () => {
  let broker: RunningBroker;
  let t: TestApp;
  let mqttUrl: string;

  beforeAll(async () => {
    const createdAt = new Date(0).toISOString();
    broker = await startBroker({
      host: '127.0.0.1',
      mqttPort: 0,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      credentials: new CredentialStore([
        {
          username: 'gw-healthy',
          role: 'gateway',
          building: 'healthy',
          password: await hashPassword('gw-secret-1'),
          createdAt,
        },
        {
          username: 'dashboard',
          role: 'service',
          password: await hashPassword('dashboard-secret'),
          createdAt,
        },
      ]),
    });
    mqttUrl = `mqtt://127.0.0.1:${broker.ports.mqtt}`;
    t = await startTestApp(
      { now: () => Date.now() },
      {
        source: new MqttSource({
          url: mqttUrl,
          username: 'dashboard',
          password: 'dashboard-secret',
          registry: smallRegistry(),
        }),
      },
    );
  });

  afterAll(async () => {
    await t?.dispose();
    await broker?.close();
  });

  const gatewayClient = (clientId: string, extra: IClientOptions = {}): Promise<MqttClient> =>
    mqtt.connectAsync(mqttUrl, {
      protocolVersion: 4,
      username: 'gw-healthy',
      password: 'gw-secret-1',
      reconnectPeriod: 0,
      clientId,
      ...extra,
    });

  /** Waits until the broker has let go of `clientId`, then until a reading sent after it reached the dashboard. */
  async function settled(clientId: string, through: MqttClient, people: number): Promise<void> {
    const clients = (broker.broker.aedes as unknown as { clients: Record<string, unknown> }).clients;
    await until(() => clients[clientId] === undefined, `the broker to drop ${clientId}`);
    await through.publishAsync(
      'louyu/v1/healthy/occupancy/floor-01',
      JSON.stringify({ ts: Date.now(), people, capacity: 500 }),
      { qos: 1 },
    );
    await until(
      () =>
        [...t.app.louyu.live.readings()].some(
          (r) => r.device === 'floor-01' && (r.data as { people?: number }).people === people,
        ),
      `the dashboard to have the reading with ${people} people`,
    );
  }

  /** Whether the dashboard raises gateway_offline for the building once every debounce has run out. */
  function gatewayAlarm(): boolean {
    t.app.louyu.alarms.tick(Date.now() + HOUR);
    return t.app.louyu.alarms.forBuilding('healthy').some((a) => a.type === 'gateway_offline');
  }

  it('stays online with no gateway alarm when a second client of the building disconnects', async () => {
    const main = await gatewayClient('healthy-main', { will: WILL });
    await until(() => t.app.louyu.live.gateway('healthy') === 'online', 'the building to be online');
    const tool = await gatewayClient('healthy-tool');
    await tool.endAsync();
    await settled('healthy-tool', main, 11);
    const broken = await gatewayClient('healthy-second', { will: WILL });
    broken.stream.destroy();
    broken.end(true);
    await settled('healthy-second', main, 12);
    expect(t.app.louyu.live.gateway('healthy')).toBe('online');
    expect(gatewayAlarm()).toBe(false);

    // The last gateway says goodbye and disconnects: an orderly stop, no alarm.
    await main.publishAsync(STATUS, 'offline', { qos: 1, retain: true });
    await main.endAsync();
    await until(() => t.app.louyu.live.gateway('healthy') === 'unknown', 'the orderly stop to arrive');
    expect(gatewayAlarm()).toBe(false);
  });

  it('raises gateway_offline when the last gateway is lost', async () => {
    const main = await gatewayClient('healthy-main', { will: WILL });
    await until(() => t.app.louyu.live.gateway('healthy') === 'online', 'the building to be online');
    main.stream.destroy();
    main.end(true);
    await until(() => t.app.louyu.live.gateway('healthy') === 'offline', 'the outage to arrive');
    expect(gatewayAlarm()).toBe(true);
  });
});

describe('a dashboard restarted after an orderly stop', () => {
  it('rebuilds the stopped status from the store without a gateway alarm; an outage still raises one', async () => {
    const t = await startTestApp({ now: () => Date.now() });
    try {
      const registry = smallRegistry();
      const ts = Date.now() - 60_000;
      await t.store.write([
        statusToPoint({ building: 'healthy', status: 'online', ts: ts - 60_000 }, registry),
        statusToPoint({ building: 'healthy', status: 'stopped', ts }, registry),
        statusToPoint({ building: 'missing-oa', status: 'offline', ts }, registry),
      ]);
      const app = await t.restart();
      expect(app.louyu.live.gateway('healthy')).toBe('unknown');
      expect(app.louyu.live.gateway('missing-oa')).toBe('offline');
      app.louyu.alarms.tick(Date.now() + HOUR);
      expect(app.louyu.alarms.forBuilding('healthy').map((a) => a.type)).not.toContain('gateway_offline');
      expect(app.louyu.alarms.forBuilding('missing-oa').map((a) => a.type)).toContain('gateway_offline');
    } finally {
      await t.dispose();
    }
  });
});
