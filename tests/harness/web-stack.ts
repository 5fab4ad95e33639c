// The stack the browser tests drive: a real broker, the dashboard server fed over MQTT, the simulated
// Heping district publishing through the broker, and the built web app served by the same server.
// Everything listens on free loopback ports and stops in `close()`.
import mqtt, { type MqttClient } from 'mqtt';
import { pino } from 'pino';
import { Registry as MetricsRegistry } from 'prom-client';
import { hepingRegistry, telemetryTopic, type Kind, type PayloadByKind, type Registry } from '@louyu/core';
import {
  CredentialStore,
  hashPassword as hashBrokerPassword,
  startBroker,
  type RunningBroker,
} from '@louyu/broker';
import { buildApp, demoUsers, DEMO_PASSWORD, MqttSource, UserDirectory } from '@louyu/dashboard-server';
import { createDistrict, type District } from '@louyu/simulators';
import { SqliteStore, type TelemetryStore } from '@louyu/store';
import { ensureWebBuilt } from '@louyu/dashboard-web';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import type { BrowserHandle } from './browser.ts';

/** The demo accounts the dashboard knows (see dashboard-server demoUsers). */
export const WEB_USERS = {
  district: 'district',
  manager: 'manager',
  admin: 'admin',
  password: DEMO_PASSWORD,
} as const;

const SECRET = 'louyu-browser-test-secret';

/** A running stack for the browser tests. */
export interface WebStack {
  /** The dashboard's base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  registry: Registry;
  app: FastifyInstance;
  /** The dashboard's store, for tests that seed history (dated reports) the simulated minute cannot give. */
  store: TelemetryStore;
  district: District;
  /** The gateway of `gatewayBuilding`, connected with its own account. */
  gateway: MqttClient;
  gatewayBuilding: string;
  /** Publishes one telemetry message from `gatewayBuilding`'s gateway (QoS 1). */
  publish<K extends Kind>(kind: K, device: string, payload: PayloadByKind[K]): Promise<void>;
  /** GETs a REST API path as district staff (in process, so no login and no login rate limit). */
  get(path: string): Promise<unknown>;
  /** Moves the dashboard's clock forward (alarm debounces) without waiting. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

async function connect(url: string, username: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, { protocolVersion: 4, reconnectPeriod: 0, username, password: SECRET });
}

export interface WebStackOptions {
  /** A SQLite file for the dashboard's store (default: in memory), for tests that lock it from outside. */
  storePath?: string;
}

/** Builds the web app if needed and starts broker, dashboard and a simulated minute of the district. */
export async function startWebStack(options: WebStackOptions = {}): Promise<WebStack> {
  const webDist = await ensureWebBuilt();
  const registry = hepingRegistry();
  const gatewayBuilding = registry.buildings[0]!.id;
  const hash = await hashBrokerPassword(SECRET);
  const createdAt = new Date(0).toISOString();
  const broker: RunningBroker = await startBroker({
    host: '127.0.0.1',
    mqttPort: 0,
    logger: pino({ level: 'silent' }),
    registry: new MetricsRegistry(),
    credentials: new CredentialStore([
      { username: 'simulator', role: 'admin', password: hash, createdAt },
      { username: 'dashboard', role: 'service', password: hash, createdAt },
      {
        username: `gw-${gatewayBuilding}`,
        role: 'gateway',
        building: gatewayBuilding,
        password: hash,
        createdAt,
      },
    ]),
  });
  const mqttUrl = `mqtt://127.0.0.1:${broker.ports.mqtt}`;
  let offset = 0;
  const now = (): number => Date.now() + offset;
  const store = new SqliteStore({ path: options.storePath ?? ':memory:', retentionIntervalMs: 0 });
  const app = await buildApp({
    registry,
    store,
    users: new UserDirectory(await demoUsers(registry)),
    jwtSecret: 'louyu-browser-tests-jwt-secret-0123456789',
    source: new MqttSource({ url: mqttUrl, username: 'dashboard', password: SECRET, registry, now }),
    options: { webDist, now, tickMs: 300, logger: false },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('dashboard did not report its port');

  // One simulated minute of the whole district, published by the simulator's account.
  const simulator = await connect(mqttUrl, 'simulator');
  const district = createDistrict({ registry, seed: 89, start: now() - 60_000 });
  const messages = district.step(60_000);
  await Promise.all(
    messages.map((m) => simulator.publishAsync(m.topic, m.payload, { qos: 1, retain: m.retain ?? false })),
  );
  const gateway = await connect(mqttUrl, `gw-${gatewayBuilding}`);

  return {
    url: `http://127.0.0.1:${address.port}`,
    registry,
    app,
    store,
    district,
    gateway,
    gatewayBuilding,
    async publish(kind, device, payload) {
      await gateway.publishAsync(telemetryTopic(gatewayBuilding, kind, device), JSON.stringify(payload), {
        qos: 1,
      });
    },
    async get(path) {
      const { token } = app.issueToken(app.users.find(WEB_USERS.district)!);
      const reply = await app.inject({ url: path, headers: { authorization: `Bearer ${token}` } });
      if (reply.statusCode !== 200) throw new Error(`GET ${path}: ${reply.statusCode} ${reply.body}`);
      return reply.json();
    },
    advanceClock(ms) {
      offset += ms;
    },
    async close() {
      await gateway.endAsync(true);
      await simulator.endAsync(true);
      await app.close();
      await broker.close();
      await store.close();
    },
  };
}

/**
 * Signs `username` in with the demo password (or `password`) on a page that shows the login form, and
 * resolves once the app has left the login page (the first page after it, or the `next` one).
 */
export async function submitLogin(
  page: Page,
  username: string,
  password: string = WEB_USERS.password,
): Promise<void> {
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * A new page of `browser`, signed in to `stack` as `username` with the interface in `locale`. Storage is
 * cleared first so a test never inherits a session or settings, and the login page is loaded again so
 * the app starts in the chosen language.
 */
export async function openSignedIn(
  browser: BrowserHandle,
  stack: WebStack,
  { username, locale }: { username: string; locale: 'zh' | 'en' },
): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${stack.url}/login`);
  await page.evaluate(`localStorage.clear(); localStorage.setItem('louyu.locale', '${locale}')`);
  await page.goto(`${stack.url}/login`);
  await submitLogin(page, username);
  return page;
}
