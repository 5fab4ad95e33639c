// The live path of `louyu broker` + `louyu dashboard` in one process: Louyu's broker, and the dashboard
// server subscribed to it with its own service account (MqttSource), serving socket.io on a free port.
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { hepingRegistry } from '@louyu/core';
import { CredentialStore, startBroker, type CredentialsDocument, type RunningBroker } from '@louyu/broker';
import { buildApp, DEMO_PASSWORD, demoUsers, MqttSource, UserDirectory } from '@louyu/dashboard-server';
import { createStore, type TelemetryStore } from '@louyu/store';
import { serve } from '../child.ts';

export interface StartArgs {
  credentials: CredentialsDocument;
  service: { username: string; password: string };
}

let running: { broker: RunningBroker; app: FastifyInstance; store: TelemetryStore } | undefined;

async function start(args: StartArgs): Promise<{ mqttPort: number; httpPort: number; token: string }> {
  const registry = hepingRegistry();
  const broker = await startBroker({
    host: '127.0.0.1',
    mqttPort: 0,
    credentials: CredentialStore.fromDocument(args.credentials),
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    // Raised for the bench: the default 200/s per gateway would refuse the offered load.
    rateLimit: { perSecond: 1e9, burst: 1e9 },
  });
  // The live path does not touch the store beyond the start-up rebuild; an empty in-memory one will do.
  const store = await createStore({ kind: 'sqlite', path: ':memory:', retentionIntervalMs: 0 });
  const app = await buildApp({
    registry,
    store,
    users: new UserDirectory(await demoUsers(registry)),
    jwtSecret: 'louyu-bench-secret-at-least-32-characters',
    source: new MqttSource({
      url: `mqtt://127.0.0.1:${broker.ports.mqtt}`,
      username: args.service.username,
      password: args.service.password,
      registry,
    }),
    options: { demo: true },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'district', password: DEMO_PASSWORD },
  });
  const address = app.server.address();
  const httpPort = typeof address === 'object' && address ? address.port : 0;
  running = { broker, app, store };
  return { mqttPort: broker.ports.mqtt, httpPort, token: login.json<{ token: string }>().token };
}

async function stop(): Promise<void> {
  if (!running) return;
  const { broker, app, store } = running;
  running = undefined;
  await app.close();
  await broker.close();
  await store.close();
}

serve({ start, stop, close: stop });
