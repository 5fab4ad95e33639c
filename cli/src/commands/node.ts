import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { createBroker, type LouyuBroker, type RunningBroker } from '@louyu/broker';
import { createIngest, openStoreInWorker, type Ingest } from '@louyu/ingest';
import type { Command } from 'commander';
import { Registry as MetricsRegistry } from 'prom-client';
import { COMMON, REDIS_FORMS } from '../common-options.ts';
import { addEnvironment, addOptions, resolveOptions } from '../define.ts';
import type { Io } from '../io.ts';
import { createLogger } from '../logger.ts';
import { checkedIngestConfig } from '../run/checked-ingest-config.ts';
import { ConfigError, parsers } from '../options.ts';
import { brokerDeadLetter } from '../run/broker-dead-letter.ts';
import { ingestSummary } from '../run/ingest-summary.ts';
import { serveMetrics } from '../run/metrics-server.ts';
import { publishNodeSpoolState } from '../run/node-spool-state.ts';
import { storeConfigOf } from '../setup/store.ts';
import { stopRequests } from '../signals.ts';
import { loadRegistry, REGISTRY_OPTION } from './district.ts';

const OPTIONS = {
  mqttPort: COMMON.mqttPort,
  host: COMMON.host,
  dataDir: {
    ...COMMON.dataDir,
    description:
      "this node's own folder: its spool (received, acknowledged, not yet stored) and dead letters; a node started again on it stores what it left",
  },
  redis: {
    ...COMMON.redis,
    description: `Redis URL shared by every node (required): live fan-out, subscriber sessions, retained status, the alarm lease${REDIS_FORMS}`,
  },
  influx: {
    ...COMMON.influx,
    description: 'InfluxDB URL shared by every node (required; v1 API: 1.x, 2.x with DBRP, 3.x)',
  },
  influxDatabase: COMMON.influxDatabase,
  influxToken: COMMON.influxToken,
  credentials: {
    flag: 'credentials',
    description:
      'credentials file, the same on every node (default: <data-dir>/credentials.json); edits are picked up live',
    parse: parsers.text,
  },
  nodeName: {
    flag: 'node-name',
    description: 'this node in spool alarms and logs (default: the host name)',
    parse: parsers.text,
  },
  metricsPort: {
    flag: 'metrics-port',
    description: 'HTTP port for /metrics and the load-balancer checks /healthz and /readyz (off when absent)',
    parse: parsers.port,
  },
  spoolMaxBytes: {
    flag: 'spool-max-bytes',
    description:
      'quota of this node’s spool, e.g. 512MiB; past it messages go unacknowledged and spool_full is raised',
    parse: parsers.bytes,
    default: 1024 ** 3,
  },
  registry: REGISTRY_OPTION,
  demo: COMMON.demo,
  dashboard: {
    flag: 'dashboard',
    description: 'also serve the dashboard from this node (on --http-port), following every node',
    parse: parsers.boolean,
    default: false,
  },
  httpPort: COMMON.httpPort,
  trustProxy: COMMON.trustProxy,
  opsToken: COMMON.opsToken,
  alarmEscalateMinutes: COMMON.alarmEscalateMinutes,
  startupLimitSeconds: COMMON.startupLimitSeconds,
  logLevel: { ...COMMON.logLevel, default: 'warn' as const },
};

/**
 * `louyu node`: the unit of scale. A broker whose in-process ingest appends every message to this node's
 * spool before the PUBACK (as `louyu start` does) and writes it to the shared InfluxDB, so no reading
 * crosses Redis on its way to storage: killing a node loses nothing it acknowledged, and starting it
 * again on its data folder stores what its spool held. Several run behind a TCP load balancer (or
 * gateways list them all); Redis carries only what must cross nodes.
 */
export function registerNode(program: Command, io: Io): void {
  const command = program
    .command('node')
    .description(
      'run one scale-out node: broker + ingest + writer with its own spool (several share Redis and InfluxDB)',
    );
  addEnvironment(command, [
    {
      name: 'LOUYU_JWT_SECRET',
      description: 'session signing secret with --dashboard, at least 32 characters, the same on every node',
    },
  ]);
  addOptions(command, OPTIONS).action(async (given: Record<string, unknown>) => {
    const o = resolveOptions(OPTIONS, given);
    if (o.redis === undefined)
      throw new ConfigError('--redis', 'is required: the nodes share sessions and live messages there');
    if (o.influx === undefined)
      throw new ConfigError(
        '--influx',
        'is required: every node writes to the shared InfluxDB (one machine alone: louyu start)',
      );
    const node = o.nodeName ?? hostname();
    const ingestConfig = checkedIngestConfig(o.dataDir, o.spoolMaxBytes);
    const say = (line: string) => io.stdout.write(`${line}\n`);
    const stop = stopRequests(say);
    const log = createLogger('node', o.logLevel).child({ node });
    const registry = await loadRegistry(o.registry);
    await mkdir(o.dataDir, { recursive: true });

    // What is open so far, closed in reverse order when start-up fails, so the process ends non-zero.
    const opened: (() => Promise<unknown>)[] = [];
    const metrics = new MetricsRegistry();
    let broker: LouyuBroker | undefined;
    let ingest: Ingest | undefined;
    try {
      // Up first, so /healthz answers while the node starts and /readyz says why it is not ready yet.
      const metricsServer =
        o.metricsPort === undefined
          ? undefined
          : await serveMetrics(metrics, o.metricsPort, o.host, {
              notReady: () => notReady(broker, ingest),
            });
      if (metricsServer) opened.push(() => metricsServer.close());

      // The writer: its own InfluxDB connection on a worker thread, so line protocol and HTTP never hold
      // up the broker's acknowledgements on this thread.
      const sink = await openStoreInWorker(storeConfigOf(o), {
        onWaiting: (error) => log.warn({ err: error }, 'InfluxDB not reachable yet: spooling until it is'),
        onWorkerExit: (error) => log.error({ err: error }, 'store worker ended; starting another'),
      });
      opened.push(() => sink.close());
      let onSpoolChange = (): void => {};
      const started = createIngest(ingestConfig, {
        store: sink,
        registry,
        logger: log.child({ part: 'ingest' }),
        metricsRegistry: metrics,
        onSpoolFull: () => onSpoolChange(),
      });
      ingest = started;
      await started.start();
      opened.push(() => started.stop());
      const left = started.status().spool.records;
      say(
        `louyu node ${node}: spool ${ingestConfig.spoolDir}${left > 0 ? `, storing the ${left} records it holds` : ''}`,
      );

      const built = await createBroker({
        host: o.host,
        mqttPort: o.mqttPort,
        demo: o.demo,
        redis: o.redis,
        credentialsFile: o.credentials ?? path.join(o.dataDir, 'credentials.json'),
        onPublish: (packet) => started.publishHook(packet),
        onRefused: (packet, client, reason) =>
          started.recordDeadLetter(brokerDeadLetter(packet, client, reason)),
        logger: log.child({ part: 'broker' }),
        registry: metrics,
      });
      broker = built;
      opened.push(() => built.close());
      onSpoolChange = () => void publishNodeSpoolState(built, node, started);

      // Loaded only when asked for: a node without its dashboard never loads fastify or the web app.
      const closeDashboard = o.dashboard
        ? await (
            await import('../run/node-dashboard.ts')
          ).startNodeDashboard({ ...o, redis: o.redis }, built, started, registry, say)
        : null;
      if (closeDashboard) opened.push(closeDashboard);
      const running: RunningBroker = await built.listen();
      opened.push(() => running.close());
      await publishNodeSpoolState(built, node, started);
      say(
        `louyu node ${node}: mqtt://${o.host}:${running.ports.mqtt}${metricsServer ? `, /readyz on port ${metricsServer.port}` : ''}`,
      );

      const signal = await stop.ready();
      say(`louyu node ${node}: stopping (${signal}), then flushing the spool into InfluxDB…`);
      opened.length = 0;
      await running.close();
      await closeDashboard?.();
      await started.stop();
      const summary = await ingestSummary(started);
      await sink.close();
      await metricsServer?.close();
      say(
        `louyu node ${node}: received ${summary.spooled} valid messages, stored ${summary.stored} points` +
          (summary.leftInSpool === 0
            ? '; everything received is stored.'
            : `; ${summary.leftInSpool} records stay in the spool and are stored at the next start.`),
      );
    } catch (error) {
      log.error({ err: error }, 'start-up failed: closing what was opened');
      for (const close of opened.reverse()) await close().catch(() => undefined);
      throw error;
    }
  });
}

/** What `/readyz` reports: the broker's own reason (Redis away, closing), or a spool that takes nothing. */
function notReady(broker: LouyuBroker | undefined, ingest: Ingest | undefined): string | null {
  if (!broker || !ingest) return 'starting';
  const spoolProblem = ingest.status().spool.problem;
  return broker.notReady() ?? (spoolProblem === null ? null : `ingest: ${spoolProblem}`);
}
