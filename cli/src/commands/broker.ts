import path from 'node:path';
import { startBroker, type RunningBroker } from '@louyu/broker';
import type { Command } from 'commander';
import { Registry as MetricsRegistry } from 'prom-client';
import { serveMetrics } from '../run/metrics-server.ts';
import { COMMON } from '../common-options.ts';
import { addOptions, resolveOptions } from '../define.ts';
import type { Io } from '../io.ts';
import { createLogger } from '../logger.ts';
import { ConfigError, parsers } from '../options.ts';
import { untilSignal } from '../signals.ts';

const OPTIONS = {
  mqttPort: COMMON.mqttPort,
  host: COMMON.host,
  dataDir: COMMON.dataDir,
  demo: COMMON.demo,
  redis: COMMON.redis,
  logLevel: COMMON.logLevel,
  credentials: {
    flag: 'credentials',
    description: 'credentials file (default: <data-dir>/credentials.json)',
    parse: parsers.text,
  },
  wsPort: { flag: 'ws-port', description: 'MQTT over WebSocket port (off when absent)', parse: parsers.port },
  tlsPort: {
    flag: 'tls-port',
    description: 'MQTT over TLS port (needs --tls-cert and --tls-key)',
    parse: parsers.port,
  },
  tlsCert: { flag: 'tls-cert', description: 'TLS certificate (PEM file)', parse: parsers.text },
  tlsKey: { flag: 'tls-key', description: 'TLS private key (PEM file)', parse: parsers.text },
  metricsPort: {
    flag: 'metrics-port',
    description:
      'HTTP port for Prometheus metrics (/metrics) and load-balancer health checks (/healthz, /readyz) (off when absent)',
    parse: parsers.port,
  },
};

/** `louyu broker`: the MQTT broker alone, for gateways and any MQTT client. */
export function registerBroker(program: Command, io: Io): void {
  const command = program
    .command('broker')
    .description('run the MQTT broker (aedes with device accounts and ACL)');
  addOptions(command, OPTIONS).action(async (given: Record<string, unknown>) => {
    const o = resolveOptions(OPTIONS, given);
    const log = createLogger('broker', o.logLevel);
    const signalled = untilSignal(); // listening before the address is printed (see untilSignal)
    const metrics = new MetricsRegistry();
    // Up before the broker, so /healthz answers while it starts (Redis may be slow) and /readyz says why
    // it is not ready yet; a load balancer sends clients once /readyz says 200.
    let running: RunningBroker | undefined;
    const metricsServer =
      o.metricsPort === undefined
        ? undefined
        : await serveMetrics(metrics, o.metricsPort, o.host, {
            notReady: () => (running ? running.broker.notReady() : 'starting'),
          });
    try {
      running = await startBroker({
        host: o.host,
        mqttPort: o.mqttPort,
        demo: o.demo,
        redis: o.redis ?? null,
        wsPort: o.wsPort ?? null,
        tls: tlsOf(o.tlsPort, o.tlsCert, o.tlsKey),
        credentialsFile: o.credentials ?? path.join(o.dataDir, 'credentials.json'),
        logger: log,
        registry: metrics,
      });
    } catch (error) {
      await metricsServer?.close();
      throw error;
    }
    io.stdout.write(
      `louyu broker: mqtt://${o.host}:${running.ports.mqtt}${o.demo ? ' (demo: anonymous read access)' : ''}\n`,
    );
    await signalled;
    await running.close();
    await metricsServer?.close();
  });
}

function tlsOf(port: number | undefined, certFile: string | undefined, keyFile: string | undefined) {
  if (port === undefined && certFile === undefined && keyFile === undefined) return null;
  if (port === undefined) throw new ConfigError('--tls-port', 'is required with --tls-cert and --tls-key');
  if (!certFile) throw new ConfigError('--tls-cert', 'is required with --tls-port');
  if (!keyFile) throw new ConfigError('--tls-key', 'is required with --tls-port');
  return { port, certFile, keyFile };
}
