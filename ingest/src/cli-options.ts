import { parseArgs } from 'node:util';
import type { StoreConfig } from '@louyu/store';
import { IngestConfigError, resolveIngestConfig, type IngestConfig } from './config.ts';

/** Everything `ingest/src/main.ts` (and later `louyu ingest`) runs with. */
export interface IngestRunOptions {
  ingest: IngestConfig;
  store: StoreConfig;
  /** Port of the HTTP status server (`/metrics`, `/status`, `/dead-letters`); 0 picks a free one. */
  httpPort: number;
  /** Path of a district registry JSON file, when buildings outside it should be refused. */
  registryFile?: string;
}

/** Every option: flag name, and whether it takes a value. Each may also come from `LOUYU_<NAME>`. */
const OPTIONS = {
  'spool-dir': { type: 'string' },
  'spool-max-bytes': { type: 'string' },
  'spool-segment-bytes': { type: 'string' },
  fsync: { type: 'string' },
  'batch-size': { type: 'string' },
  'linger-ms': { type: 'string' },
  'retry-min-ms': { type: 'string' },
  'retry-max-ms': { type: 'string' },
  'stop-timeout-ms': { type: 'string' },
  'dead-letter-max-bytes': { type: 'string' },
  'dead-letter-max-age-hours': { type: 'string' },
  'mqtt-url': { type: 'string' },
  'mqtt-client-id': { type: 'string' },
  'mqtt-username': { type: 'string' },
  'mqtt-password': { type: 'string' },
  'mqtt-topic': { type: 'string' },
  'mqtt-reconnect-ms': { type: 'string' },
  influx: { type: 'string' },
  'influx-database': { type: 'string' },
  'influx-token': { type: 'string' },
  'data-dir': { type: 'string' },
  'http-port': { type: 'string' },
  registry: { type: 'string' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** Every flag `louyu ingest` takes (each also `LOUYU_<NAME>`), for its help text. */
export const INGEST_OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

/** `--spool-max-bytes` -> `LOUYU_SPOOL_MAX_BYTES`. */
export function envName(option: string): string {
  return `LOUYU_${option.replace(/-/g, '_').toUpperCase()}`;
}

/**
 * Reads options from argv (`--name value` or `--name=value`) over `LOUYU_*` environment variables and
 * checks them; a bad or missing option throws an {@link IngestConfigError} naming it.
 */
export function parseIngestOptions(argv: readonly string[], env: NodeJS.ProcessEnv): IngestRunOptions {
  let values: Partial<Record<OptionName, string>>;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new IngestConfigError('(arguments)', (error as Error).message);
  }
  const get = (name: OptionName): string | undefined => values[name] ?? env[envName(name)];
  const dataDir = get('data-dir') ?? './data';
  const mqttUrl = get('mqtt-url');
  if (!mqttUrl) throw new IngestConfigError('--mqtt-url', 'is required: the broker ingest subscribes to');
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
    throw new IngestConfigError('--http-port', `expected a port 0-65535, got ${get('http-port')}`);
  }
  return { ingest, store, httpPort, registryFile: get('registry') };
}

/** Numbers are checked (and named) by resolveIngestConfig; a non-number string stays a string for that. */
function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isNaN(n) ? (value as unknown as number) : n;
}
