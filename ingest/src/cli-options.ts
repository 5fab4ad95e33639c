import type { StoreConfig } from '@louyu/store';
import { ConfigError } from '@louyu/core';
import { resolveIngestConfig, type IngestConfig } from './config.ts';

/** Everything `louyu ingest` runs with. */
export interface IngestRunOptions {
  ingest: IngestConfig;
  store: StoreConfig;
  /** Port of the HTTP status server (`/metrics`, `/status`, `/dead-letters`); 0 picks a free one. */
  httpPort: number;
  /** Path of a district registry JSON file, when buildings outside it should be refused. */
  registryFile?: string;
}

/**
 * The flags of a standalone ingest, each also read from its `LOUYU_*` variable. `louyu ingest` declares
 * them (with their descriptions and defaults) in the CLI's one option system; here they are turned into
 * the checked configuration.
 */
export const INGEST_OPTION_NAMES = [
  'spool-dir',
  'spool-max-bytes',
  'spool-segment-bytes',
  'fsync',
  'batch-size',
  'linger-ms',
  'retry-min-ms',
  'retry-max-ms',
  'stop-timeout-ms',
  'dead-letter-max-bytes',
  'dead-letter-max-age-hours',
  'mqtt-url',
  'mqtt-client-id',
  'mqtt-username',
  'mqtt-password',
  'mqtt-topic',
  'mqtt-reconnect-ms',
  'influx',
  'influx-database',
  'influx-token',
  'data-dir',
  'http-port',
  'registry',
] as const;

export type IngestOptionName = (typeof INGEST_OPTION_NAMES)[number];

/** Each option's text as given (flag or environment), by flag name; absent ones take their defaults. */
export type IngestOptionValues = Partial<Record<IngestOptionName, string | number>>;

/**
 * Checks the options and fills in defaults; a bad or missing option throws core's ConfigError naming its
 * flag (`--mqtt-url: is required ...`).
 */
export function ingestRunOptions(values: IngestOptionValues): IngestRunOptions {
  const get = (name: IngestOptionName): string | undefined => {
    const value = values[name];
    return value === undefined ? undefined : String(value);
  };
  const dataDir = get('data-dir') ?? './data';
  const mqttUrl = get('mqtt-url');
  if (!mqttUrl) throw new ConfigError('--mqtt-url', 'is required: the broker ingest subscribes to');
  const ingest = resolveIngestConfig({
    spoolDir: get('spool-dir') ?? `${dataDir}/spool`,
    spoolMaxBytes: num(get('spool-max-bytes')),
    spoolSegmentBytes: num(get('spool-segment-bytes')),
    fsync: get('fsync'),
    batchSize: num(get('batch-size')),
    lingerMs: num(get('linger-ms')),
    retryMinMs: num(get('retry-min-ms')),
    retryMaxMs: num(get('retry-max-ms')),
    stopTimeoutMs: num(get('stop-timeout-ms')),
    deadLetterMaxBytes: num(get('dead-letter-max-bytes')),
    deadLetterMaxAgeHours: num(get('dead-letter-max-age-hours')),
    mqtt: {
      url: mqttUrl,
      clientId: get('mqtt-client-id'),
      username: get('mqtt-username'),
      password: get('mqtt-password'),
      topics: get('mqtt-topic'),
      reconnectPeriodMs: num(get('mqtt-reconnect-ms')),
    },
  });
  const influx = get('influx');
  const store: StoreConfig = influx
    ? { kind: 'influx', url: influx, database: get('influx-database') ?? 'louyu', token: get('influx-token') }
    : { kind: 'sqlite', path: `${dataDir}/louyu.db` };
  const httpPort = num(get('http-port')) ?? 0;
  if (!Number.isSafeInteger(httpPort) || httpPort < 0 || httpPort > 65_535) {
    throw new ConfigError('--http-port', `expected a port 0-65535, got ${get('http-port')}`);
  }
  return { ingest, store, httpPort, registryFile: get('registry') };
}

/** Numbers are checked (and named) by resolveIngestConfig; a non-number string stays a string for that. */
function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? (value as unknown as number) : n;
}
