import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createBroker } from '@louyu/broker';
import type { Registry } from '@louyu/core';
import { buildApp } from '@louyu/dashboard-server';
import { ensureWebBuilt } from '@louyu/dashboard-web';
import { initialMetersFromPoints, replayStart } from '@louyu/simulators';
import { createIngest, openStoreInWorker, type WorkerSink } from '@louyu/ingest';
import { SQLITE_SCHEMA_VERSION, sqliteSchemaVersion, type StoreConfig } from '@louyu/store';
import type { Logger } from 'pino';
import { Registry as MetricsRegistry } from 'prom-client';
import { loadRegistry } from '../commands/district.ts';
import type { StartSettings } from '../commands/start-options.ts';
import { createLogger } from '../logger.ts';
import { checkedIngestConfig } from './checked-ingest-config.ts';
import { ensureJwtSecret } from '../setup/jwt-secret.ts';
import { ensureLocalAccounts, type LocalAccounts } from '../setup/accounts.ts';
import { openStore, sqliteFileIn, storeConfigOf } from '../setup/store.ts';
import { dashboardUsers } from '../setup/users.ts';
import { brokerDeadLetter } from './broker-dead-letter.ts';
import { fillHistoryOnFirstStart } from './history-fill.ts';
import { spawnLouyu, type Child } from './child.ts';
import { inProcessDashboardOptions, spoolReadiness } from './in-process-dashboard.ts';
import { ingestSummary, type IngestSummary } from './ingest-summary.ts';
import { liveFeedFromBroker } from './live-feed.ts';
import { simulatorRateLimit } from './simulator-rate-limit.ts';
import { WritesInWorker } from './writes-in-worker.ts';

/** The whole of Louyu, running: where to reach it, and the orderly stop. */
export interface RunningParts {
  registry: Registry;
  /** The dashboard's address as the HTTP server reported it (e.g. http://0.0.0.0:3000). */
  address: string;
  /** The broker's MQTT TCP port. */
  mqttPort: number;
  accounts: LocalAccounts;
  /**
   * Stops the simulator, the broker and the dashboard, then flushes ingest's spool into the store and
   * closes it: what was received is kept. Resolves with what ingest received and stored.
   */
  stop(): Promise<IngestSummary>;
}

/**
 * Starts the broker, ingest and the dashboard in this process and the simulated district in a second one
 * (so it has the other core), as `louyu start` does; `say` gets the start-up lines the command prints.
 * When a part fails to start, what was opened is closed again and the error is thrown.
 */
export async function startParts(o: StartSettings, say: (line: string) => void): Promise<RunningParts> {
  const ingestConfig = checkedIngestConfig(o.dataDir, o.spoolMaxBytes);
  const log = createLogger('start', o.logLevel);
  const registry = await loadRegistry(o.registry);
  await mkdir(o.dataDir, { recursive: true });
  say(`Louyu 楼宇 · ${registry.district.name.zh} · ${registry.buildings.length} buildings`);

  say('· dashboard web app: building it if its sources changed…');
  const webDist = await ensureWebBuilt();
  const accounts = await ensureLocalAccounts(o.dataDir, registry, undefined, o.simulator);
  if (accounts.created && o.simulator)
    say(
      `· MQTT accounts for ${registry.buildings.length} simulated gateways written to ${accounts.credentialsFile} (their passwords, for the simulator, in ${accounts.simulatorCredentialsFile})`,
    );

  // What is open so far, closed in reverse order when start-up fails (a port in use): the process then
  // ends non-zero, so a supervisor restarts it, instead of hanging with the spool and the store open.
  const opened: (() => Promise<unknown>)[] = [];
  try {
    // This thread's connection only reads: every write, and the hourly retention, happen on the worker.
    const reads = await openStore(
      o,
      (error) => log.warn({ err: error }, 'store not reachable yet: starting anyway, spooling until it is'),
      { timedRetention: false },
    );
    opened.push(() => reads.close());
    const config = storeConfigOf(o);
    const ingestStore = await ingestStoreInWorker(config, log);
    opened.push(() => ingestStore.close());
    const store = new WritesInWorker(reads, ingestStore);
    say(
      `· store: ${o.influx ? `InfluxDB ${o.influx} (database ${o.influxDatabase})` : `embedded SQLite ${sqliteFileIn(o.dataDir)}`}`,
    );
    // A start never rewrites an older store file (a big one would hold it up): say how to, once.
    const schema = config.kind === 'sqlite' ? sqliteSchemaVersion(config.path) : SQLITE_SCHEMA_VERSION;
    if (schema < SQLITE_SCHEMA_VERSION)
      say(
        `· the store file is at schema ${schema}: it works as it is; \`louyu store upgrade\` with Louyu stopped rewrites it for faster writes`,
      );
    // Before the dashboard rebuilds from the store, so it starts with the week's charts and reports.
    if (o.simulator && o.history)
      await fillHistoryOnFirstStart({ ...o, registry, store, sink: ingestStore, say });

    // One /metrics for the whole process: broker and ingest count into this registry, and its metrics
    // join the dashboard's once the app exists.
    const partsMetrics = new MetricsRegistry();
    let onSpoolFull: (full: boolean, detail: string | null) => void = () => {};
    const ingest = createIngest(ingestConfig, {
      store: ingestStore,
      registry,
      logger: log.child({ part: 'ingest' }),
      metricsRegistry: partsMetrics,
      onSpoolFull: (full, detail) => onSpoolFull(full, detail),
    });
    await ingest.start();
    opened.push(() => ingest.stop());
    const spool = ingest.status().spool;
    say(
      `· ingest: spool ${ingestConfig.spoolDir} (at most ${o.spoolMaxBytes} bytes)${spool.records > 0 ? `, replaying ${spool.records} records` : ''}`,
    );

    // A simulator faster than real time publishes that much faster per gateway account.
    const rateLimit = o.simulator ? simulatorRateLimit(o.speed, registry, o.buildings) : undefined;
    const broker = await createBroker({
      ...(rateLimit ? { rateLimit } : {}),
      host: o.host,
      mqttPort: o.mqttPort,
      demo: o.demo,
      redis: o.redis ?? null,
      credentialsFile: accounts.credentialsFile,
      onPublish: (packet) => ingest.publishHook(packet),
      // A message the broker refuses (too large, too deep, outside the account's topics) never reaches
      // ingest: it is kept in ingest's dead letters all the same.
      onRefused: (packet, client, reason) =>
        ingest.recordDeadLetter(brokerDeadLetter(packet, client, reason)),
      logger: log.child({ part: 'broker' }),
      registry: partsMetrics,
    });
    const feed = liveFeedFromBroker(broker, registry);
    const users = await dashboardUsers(o.dataDir, o.demo, registry);
    const app = await buildApp({
      registry,
      store,
      users,
      jwtSecret: await ensureJwtSecret(o.dataDir),
      source: feed,
      readiness: spoolReadiness(ingest),
      options: inProcessDashboardOptions(o, webDist, log.child({ part: 'dashboard' })),
    });
    opened.push(() => app.close());
    onSpoolFull = (full, detail) => app.louyu.alarms.spoolFull(full, detail);
    if (ingest.status().spool.problem !== null) onSpoolFull(true, ingest.status().spool.problem);
    for (const { name } of partsMetrics.getMetricsAsArray()) {
      const metric = partsMetrics.getSingleMetric(name);
      if (metric) app.metrics.registry.registerMetric(metric);
    }
    const address = await app.listen({ port: o.httpPort, host: o.host });
    const running = await broker.listen();
    opened.push(() => running.close());
    say(
      `· broker: mqtt://localhost:${running.ports.mqtt}${rateLimit ? ` (${rateLimit.perSecond} messages/s per gateway account, for speed ${o.speed})` : ''}`,
    );

    let simulator: Child | undefined;
    if (o.simulator) {
      // The simulated meters continue from the stored readings, not from their seeded ones below them.
      // A store that does not answer yet gives none: the simulator starts from its seeded readings.
      const metersFile = path.join(o.dataDir, 'simulator-meters.json');
      const latest = await store.latest({ measurement: 'energy' }).catch((error: unknown) => {
        log.warn({ err: error }, 'stored meter readings not read: the simulator starts from its own');
        return [];
      });
      await writeFile(metersFile, JSON.stringify(initialMetersFromPoints(latest)));
      simulator = spawnLouyu(
        [
          'simulate',
          '--mqtt-url',
          `mqtt://127.0.0.1:${running.ports.mqtt}`,
          '--credentials',
          accounts.simulatorCredentialsFile,
          '--seed',
          String(o.seed),
          '--speed',
          o.speed,
          '--scenario',
          o.scenario,
          '--buildings',
          o.buildings,
          ...(o.registry ? ['--registry', o.registry] : []),
          '--initial-meters',
          metersFile,
          // Ingest refuses readings more than 5 min ahead, so a faster clock starts in the past and replays
          // up to now at that speed, then runs in step: the last day, or the latest workday's morning for
          // a scenario of working days (morning-rush, fire-drill); never over the readings already stored.
          ...(o.speed !== '1'
            ? [
                '--start',
                String(
                  replayStart(
                    Date.now(),
                    o.scenario,
                    registry.district.time_zone,
                    latest.reduce<number | undefined>(
                      (newest, p) => Math.max(newest ?? p.ts, p.ts),
                      undefined,
                    ),
                  ),
                ),
              ]
            : []),
        ],
        progressEvery(10_000, (line) => say(`  ${line}`)),
      );
      const started = simulator;
      opened.push(() => started.stop());
      say(
        `· simulator: ${o.buildings === 'all' ? registry.buildings.length : o.buildings} buildings, scenario ${o.scenario}, speed ${o.speed}, seed ${o.seed}`,
      );
    }

    opened.length = 0; // from here on the orderly stop below closes everything
    return {
      registry,
      address,
      mqttPort: running.ports.mqtt,
      accounts,
      async stop() {
        await simulator?.stop();
        await running.close();
        await app.close();
        await ingest.stop();
        await ingestStore.close();
        const summary = await ingestSummary(ingest);
        await store.close();
        return summary;
      },
    };
  } catch (error) {
    log.error({ err: error }, 'start-up failed: closing what was opened');
    for (const close of opened.reverse()) await close().catch(() => undefined);
    throw error;
  }
}

/** Passes the simulator's progress lines through at most once per interval; other lines always. */
function progressEvery(intervalMs: number, say: (line: string) => void): (line: string) => void {
  let last = 0;
  return (line) => {
    if (line.startsWith('simulate:')) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
    }
    say(line);
  };
}

/**
 * Where ingest writes: its own connection on a worker thread, so neither InfluxDB's line protocol and HTTP
 * nor a SQLite transaction (waiting on a lock a backup tool holds) ever holds up the broker's
 * acknowledgements on this thread. The dashboard reads through its own connection (SQLite: WAL).
 */
function ingestStoreInWorker(config: StoreConfig, log: Logger): Promise<WorkerSink> {
  return openStoreInWorker(config, {
    onWaiting: (error) => log.warn({ err: error }, 'store not reachable yet: spooling until it is'),
    onWorkerExit: (error) => log.error({ err: error }, 'ingest store worker ended; starting another'),
  });
}
