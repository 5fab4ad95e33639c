import path from 'node:path';
import { brokerConnectOptions, BrokerUrlError } from '@louyu/core';
import { buildApp, MqttSource } from '@louyu/dashboard-server';
import { ensureWebBuilt } from '@louyu/dashboard-web';
import { followIngestSpools } from '@louyu/ingest';
import type { Command } from 'commander';
import { COMMON, REDIS_FORMS } from '../common-options.ts';
import { addEnvironment, addOptions, resolveOptions } from '../define.ts';
import type { Io } from '../io.ts';
import { createLogger } from '../logger.ts';
import { ConfigError, parsers } from '../options.ts';
import { ensureJwtSecret } from '../setup/jwt-secret.ts';
import { openStore } from '../setup/store.ts';
import { dashboardUsers } from '../setup/users.ts';
import { untilSignal } from '../signals.ts';
import { loadRegistry, REGISTRY_OPTION } from './district.ts';

const OPTIONS = {
  httpPort: COMMON.httpPort,
  host: COMMON.host,
  dataDir: COMMON.dataDir,
  influx: COMMON.influx,
  influxDatabase: COMMON.influxDatabase,
  influxToken: COMMON.influxToken,
  demo: COMMON.demo,
  redis: {
    ...COMMON.redis,
    description: `Redis URL with which several dashboard nodes share socket.io rooms and alarm state${REDIS_FORMS}`,
  },
  logLevel: COMMON.logLevel,
  trustProxy: COMMON.trustProxy,
  opsToken: COMMON.opsToken,
  alarmEscalateMinutes: COMMON.alarmEscalateMinutes,
  startupLimitSeconds: COMMON.startupLimitSeconds,
  registry: REGISTRY_OPTION,
  mqttUrl: {
    flag: 'mqtt-url',
    description:
      'broker to follow live, or several separated by commas (the dashboard fails over to the next)',
    parse: brokerUrls,
    default: 'mqtt://localhost:1883',
  },
  mqttUsername: {
    flag: 'mqtt-username',
    description: "the dashboard's service account",
    parse: parsers.text,
  },
  mqttPassword: { flag: 'mqtt-password', description: "the service account's password", parse: parsers.text },
};

/** `--mqtt-url`: one broker URL or a comma list of them (mqtt://, mqtts://, ws://, wss://). */
function brokerUrls(text: string, option: string): string {
  try {
    brokerConnectOptions(text, option);
  } catch (error) {
    if (error instanceof BrokerUrlError)
      throw new ConfigError(option, error.message.slice(option.length + 2));
    throw error;
  }
  return text;
}

/** `louyu dashboard`: the REST API, socket.io live push and the web app, following a broker. */
export function registerDashboard(program: Command, io: Io): void {
  const command = program
    .command('dashboard')
    .description('run the dashboard server (REST, OpenAPI at /docs, socket.io, web app)');
  addEnvironment(command, [
    {
      name: 'LOUYU_JWT_SECRET',
      description:
        'session signing secret, at least 32 characters (generated into the data folder when absent)',
    },
  ]);
  addOptions(command, OPTIONS).action(async (given: Record<string, unknown>) => {
    const o = resolveOptions(OPTIONS, given);
    if (!o.demo && (o.mqttUsername === undefined || o.mqttPassword === undefined)) {
      throw new ConfigError(
        '--mqtt-username',
        'and --mqtt-password are required unless --demo is set (the broker admits no anonymous subscriber)',
      );
    }
    const registry = await loadRegistry(o.registry);
    const log = createLogger('dashboard', o.logLevel);
    const signalled = untilSignal(); // listening before the address is printed (see untilSignal)
    // InfluxDB may still be starting (after a reboot): start anyway, not ready on /readyz until it answers.
    const store = await openStore(o, (error) =>
      log.warn({ err: error }, 'store not reachable yet: starting anyway, not ready until it is'),
    );
    const app = await buildApp({
      registry,
      store,
      users: await dashboardUsers(o.dataDir, o.demo, registry),
      jwtSecret: await ensureJwtSecret(o.dataDir),
      source: new MqttSource({
        url: o.mqttUrl,
        registry,
        ...(o.mqttUsername !== undefined ? { username: o.mqttUsername } : {}),
        ...(o.mqttPassword !== undefined ? { password: o.mqttPassword } : {}),
      }),
      options: {
        demo: o.demo,
        webDist: await ensureWebBuilt(),
        logger: { level: o.logLevel },
        redis: o.redis,
        trustProxy: o.trustProxy,
        // Notification channels, rules and the outbox: kept across restarts (nothing queued is lost).
        notificationsFile: path.join(o.dataDir, 'notifications.db'),
        // Who signed in and changed what (per node in scale-out: each dashboard keeps its own).
        auditFile: path.join(o.dataDir, 'audit.db'),
        ...(o.opsToken !== undefined ? { opsToken: o.opsToken } : {}),
        // Alarm transitions the store cannot take yet (an outage) wait here, also across a restart.
        alarmSpoolDir: path.join(o.dataDir, 'alarm-spool'),
        alarmEscalateAfterMs: o.alarmEscalateMinutes * 60_000,
        startupLimitMs: o.startupLimitSeconds * 1000,
      },
    });
    let address: string;
    try {
      address = await app.listen({ port: o.httpPort, host: o.host });
    } catch (error) {
      await app.close().catch(() => undefined);
      await store.close().catch(() => undefined);
      throw error;
    }
    // Split mode: every ingest worker publishes its spool state, retained, on louyu/ops/ingest/{worker}/spool;
    // a full spool (or a disk that refuses its writes) is this dashboard's spool_full alarm for that worker.
    const stopFollowing = followIngestSpools({
      url: o.mqttUrl,
      ...(o.mqttUsername !== undefined ? { username: o.mqttUsername } : {}),
      ...(o.mqttPassword !== undefined ? { password: o.mqttPassword } : {}),
      onState: (worker, state) =>
        state === 'cleared'
          ? app.louyu.alarms.ingestSpoolFull(worker, false, null)
          : app.louyu.alarms.ingestSpoolFull(worker, state.full, state.detail),
      onError: (error) => log.warn({ err: error }, 'ingest spool states not followed'),
    });
    io.stdout.write(`louyu dashboard: ${address.replace('0.0.0.0', 'localhost')} (OpenAPI at /docs)\n`);
    await signalled;
    await stopFollowing();
    await app.close();
    await store.close();
  });
}
