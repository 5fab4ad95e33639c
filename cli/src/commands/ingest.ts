import { INGEST_DEFAULTS, ingestRunOptions, runIngest, type IngestOptionValues } from '@louyu/ingest';
import type { Command } from 'commander';
import { COMMON } from '../common-options.ts';
import { addOptions, resolveOptions } from '../define.ts';
import { parsers, type OptionSpec } from '../options.ts';
import { REGISTRY_OPTION } from './district.ts';

/** A value ingest checks itself (ranges, lists), naming the flag when it is wrong. */
const checkedByIngest = (flag: string, description: string, fallback?: string | number) =>
  ({
    flag,
    description,
    parse: parsers.text,
    ...(fallback === undefined ? {} : { default: String(fallback) }),
  }) satisfies OptionSpec<string>;

const d = INGEST_DEFAULTS;
const OPTIONS = {
  mqttUrl: checkedByIngest(
    'mqtt-url',
    'broker to subscribe to (required): mqtt://, mqtts://, ws:// or wss://; several, comma-separated, to fail over',
  ),
  mqttClientId: checkedByIngest(
    'mqtt-client-id',
    'fixed client id, so the broker keeps the session while ingest is away',
    d.mqttClientId,
  ),
  mqttUsername: {
    flag: 'mqtt-username',
    description: 'MQTT account (the ingest service)',
    parse: parsers.text,
  },
  mqttPassword: { flag: 'mqtt-password', description: "that account's password", parse: parsers.text },
  mqttTopic: checkedByIngest(
    'mqtt-topic',
    'topic filters, comma-separated; $share/{group}/{filter} joins a shared-subscription group',
    d.mqttTopic,
  ),
  mqttReconnectMs: checkedByIngest('mqtt-reconnect-ms', 'wait before reconnecting, in ms', d.mqttReconnectMs),
  dataDir: COMMON.dataDir,
  spoolDir: checkedByIngest('spool-dir', 'folder of the spool (default: <data-dir>/spool)'),
  spoolMaxBytes: checkedByIngest(
    'spool-max-bytes',
    'bytes the spool may hold unstored; past it messages go unacknowledged',
    d.spoolMaxBytes,
  ),
  spoolSegmentBytes: checkedByIngest(
    'spool-segment-bytes',
    'size in bytes at which a spool segment file is sealed',
    d.spoolSegmentBytes,
  ),
  fsync: checkedByIngest(
    'fsync',
    '"always" (flush before every acknowledgement) or a group-commit interval in ms',
    d.fsync === 'always' ? 'always' : d.fsync.intervalMs,
  ),
  batchSize: checkedByIngest('batch-size', 'most points per store write', d.batchSize),
  lingerMs: checkedByIngest(
    'linger-ms',
    'how long a partial batch gathers before it is written, counted from the previous read, in ms',
    d.lingerMs,
  ),
  retryMinMs: checkedByIngest(
    'retry-min-ms',
    'first retry wait while the store is down, in ms',
    d.retryMinMs,
  ),
  retryMaxMs: checkedByIngest(
    'retry-max-ms',
    'longest retry wait while the store is down, in ms',
    d.retryMaxMs,
  ),
  stopTimeoutMs: checkedByIngest(
    'stop-timeout-ms',
    'how long stopping waits for the store to take what the spool holds, in ms',
    d.stopTimeoutMs,
  ),
  deadLetterMaxBytes: checkedByIngest(
    'dead-letter-max-bytes',
    'bytes the dead-letter log keeps',
    d.deadLetterMaxBytes,
  ),
  deadLetterMaxAgeHours: checkedByIngest(
    'dead-letter-max-age-hours',
    'hours a dead letter is kept',
    d.deadLetterMaxAgeHours,
  ),
  influx: COMMON.influx,
  influxDatabase: COMMON.influxDatabase,
  influxToken: COMMON.influxToken,
  httpPort: {
    flag: 'http-port',
    description: 'port of the status server (/metrics, /status, /dead-letters); 0 picks a free one',
    parse: parsers.port,
    default: 0,
  },
  registry: {
    ...REGISTRY_OPTION,
    description:
      'building registry JSON file; messages of buildings outside it are refused (default: all taken)',
  },
};

/**
 * `louyu ingest`: MQTT -> spool -> store on its own. Its options are declared here like every command's
 * (flag, LOUYU_* variable, description, default); ingest checks the values and names a bad one.
 */
export function registerIngest(program: Command): void {
  const command = program
    .command('ingest')
    .description('run ingest alone: subscribe to the broker, spool to disk, write to the store');
  addOptions(command, OPTIONS).action(async (given: Record<string, unknown>) => {
    const o = resolveOptions(OPTIONS, given);
    const values: IngestOptionValues = {};
    for (const [key, spec] of Object.entries(OPTIONS)) {
      const value = o[key as keyof typeof OPTIONS];
      if (value !== undefined) values[spec.flag as keyof IngestOptionValues] = value;
    }
    await runIngest(ingestRunOptions(values));
    // runIngest returns once ingest runs; the process lives until SIGTERM or SIGINT flushes and exits.
    await new Promise<never>(() => {});
  });
}
