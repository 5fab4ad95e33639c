import { brokerConnectOptions, BrokerUrlError, ConfigError } from '@louyu/core';
import type { FsyncPolicy } from './spool/spool.ts';

/** Ingest configuration mistakes are core's ConfigError, as in every package; this name stays for callers. */
export { ConfigError as IngestConfigError };

/** The MQTT subscription of a standalone ingest. */
export interface MqttConfig {
  /** `--mqtt-url`: `mqtt://`, `mqtts://`, `ws://` or `wss://`; several, comma-separated, to fail over. */
  url: string;
  /** `--mqtt-client-id`: fixed, so the broker keeps the session while ingest is away. */
  clientId: string;
  /** `--mqtt-username` / `--mqtt-password`: the ingest service account. */
  username?: string;
  password?: string;
  /**
   * `--mqtt-topic`: one or more filters, comma-separated (default `louyu/v1/#`), so workers can split
   * the district between them. A `$share/{group}/{filter}` filter joins a shared-subscription group
   * (MQTT 5: EMQX, HiveMQ, VerneMQ, mosquitto 2; Louyu's own broker has none).
   */
  topics: string[];
  /** `--mqtt-reconnect-ms`. */
  reconnectPeriodMs: number;
}

/** Everything ingest is configured with, resolved and checked. */
export interface IngestConfig {
  /** `--spool-dir`: folder of the spool's segment files, checkpoint and dead letters. */
  spoolDir: string;
  /** `--spool-max-bytes`: quota of unstored bytes; past it, messages go unacknowledged. */
  spoolMaxBytes: number;
  /** `--spool-segment-bytes`: size at which a segment file is sealed and a new one started. */
  spoolSegmentBytes: number;
  /** `--fsync`: `always` (flush before every ack) or a group-commit interval in ms. */
  fsync: FsyncPolicy;
  /** `--batch-size`: most points per store write. */
  batchSize: number;
  /** `--linger-ms`: how long a partial batch waits to fill. */
  lingerMs: number;
  /** `--retry-min-ms` / `--retry-max-ms`: backoff bounds while the store is down. */
  retryMinMs: number;
  retryMaxMs: number;
  /** `--stop-timeout-ms`: how long stopping waits for the store to take what the spool holds. */
  stopTimeoutMs: number;
  /** `--dead-letter-max-bytes`: bytes the dead-letter log keeps, in memory and on disk alike. */
  deadLetterMaxBytes: number;
  /** `--dead-letter-max-age-hours`: entries older than this are forgotten. */
  deadLetterMaxAgeHours: number;
  /** The MQTT source; absent in the all-in-one mode, where the broker calls `ingestPublish`. */
  mqtt?: MqttConfig;
}

/** What callers may leave out. */
export type IngestConfigInput = Partial<Omit<IngestConfig, 'mqtt' | 'fsync'>> & {
  spoolDir: string;
  /** `always`, an interval in ms (number or digits), or `{ intervalMs }`. */
  fsync?: { intervalMs: number } | number | string;
  mqtt?: Partial<Omit<MqttConfig, 'topics'>> & {
    url: string;
    /** Filters, as a list or as `--mqtt-topic` gives them (comma-separated). */
    topics?: string[] | string;
  };
};

/** Whether a filter joins a shared-subscription group (`$share/{group}/{filter}`). */
export function isSharedFilter(filter: string): boolean {
  return filter.startsWith('$share/');
}

/** The filters of `--mqtt-topic`, each checked against MQTT 3.1.1 §4.7 (and MQTT 5 §4.8.2 for $share). */
function topicFilters(value: string[] | string | undefined): string[] {
  const list =
    value === undefined ? [INGEST_DEFAULTS.mqttTopic] : Array.isArray(value) ? value : value.split(',');
  const filters = list.map((filter) => filter.trim());
  if (filters.length === 0 || filters.some((filter) => filter === ''))
    throw new ConfigError('--mqtt-topic', 'expected one or more topic filters, separated by commas');
  for (const filter of filters) {
    const problem = filterProblem(filter);
    if (problem) throw new ConfigError('--mqtt-topic', `${JSON.stringify(filter)}: ${problem}`);
  }
  return filters;
}

function filterProblem(filter: string): string | null {
  let rest = filter;
  if (isSharedFilter(filter)) {
    const [, group, ...levels] = filter.split('/');
    if (!group || /[+#]/.test(group)) return 'a $share group name must be non-empty, without + or #';
    if (levels.length === 0) return 'a $share filter needs a topic filter after its group';
    rest = levels.join('/');
  }
  const levels = rest.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    // [MQTT-4.7.1-2] # is the last level, on its own; [MQTT-4.7.1-3] + fills a whole level.
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1))
      return '# must be a whole level, and the last';
    if (level.includes('+') && level !== '+') return '+ must be a whole level';
  }
  return null;
}

/**
 * Defaults: 1 GiB quota in 64 MiB segments, 5 ms group commits, batches of up to 5,000 points gathered for
 * up to 50 ms. A longer linger makes bigger batches, and the store's cost a point falls with the batch (a
 * batch dirties about one page per series in each table whatever its size: SQLite took 32 µs of CPU a point
 * in 1,000-point batches of 1,000 series, 19 µs in 5,000-point ones, bench/store-batch-probe.ts). 200 ms was
 * tried: at 20,000 msg/s it made 4,000-point batches and cut the process's CPU by 7 %, but the broker's
 * thread then takes 4,000 points at once from the spool and hands them to the store's thread, and PUBACKs
 * waited longer (event-loop delay p99 15-19 ms against 10-11; 554 publishes late in one of two runs of the
 * pipeline bench, none with 50 ms). A store that is behind gets bigger batches anyway (see writer.ts).
 */
export const INGEST_DEFAULTS = {
  spoolMaxBytes: 1024 ** 3,
  spoolSegmentBytes: 64 * 1024 ** 2,
  fsync: { intervalMs: 5 } as FsyncPolicy,
  batchSize: 5000,
  lingerMs: 50,
  retryMinMs: 100,
  retryMaxMs: 5000,
  stopTimeoutMs: 30_000,
  deadLetterMaxBytes: 16 * 1024 ** 2,
  deadLetterMaxAgeHours: 7 * 24,
  mqttTopic: 'louyu/v1/#',
  mqttClientId: 'louyu-ingest',
  mqttReconnectMs: 1000,
} as const;

function integer(option: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}-${max}`;
    throw new ConfigError(option, `expected a whole number ${range}, got ${JSON.stringify(value)}`);
  }
  return n;
}

function fsyncPolicy(value: IngestConfigInput['fsync']): FsyncPolicy {
  if (value === undefined) return INGEST_DEFAULTS.fsync;
  if (value === 'always') return 'always';
  if (typeof value === 'object') return { intervalMs: integer('--fsync', value.intervalMs, 1, 10_000) };
  return { intervalMs: integer('--fsync', value, 1, 10_000) };
}

/** `--mqtt-url`: one broker URL or several, comma-separated (checked by core's brokerConnectOptions). */
function checkMqttUrl(url: unknown): string {
  if (typeof url !== 'string') throw new ConfigError('--mqtt-url', 'expected mqtt://host:port');
  try {
    brokerConnectOptions(url, '--mqtt-url');
  } catch (error) {
    if (!(error instanceof BrokerUrlError)) throw error;
    throw new ConfigError(
      '--mqtt-url',
      `expected mqtt://host:port (or mqtts, ws, wss), several separated by commas: ${error.message.replace(/^--mqtt-url: /, '')}`,
    );
  }
  return url;
}

/** Fills in defaults and checks every option, throwing an {@link ConfigError} naming the first bad one. */
export function resolveIngestConfig(input: IngestConfigInput): IngestConfig {
  if (typeof input.spoolDir !== 'string' || input.spoolDir.trim() === '') {
    throw new ConfigError('--spool-dir', 'is required: the folder where acknowledged messages wait');
  }
  const d = INGEST_DEFAULTS;
  const spoolSegmentBytes = integer(
    '--spool-segment-bytes',
    input.spoolSegmentBytes ?? d.spoolSegmentBytes,
    4096,
  );
  const spoolMaxBytes = integer('--spool-max-bytes', input.spoolMaxBytes ?? d.spoolMaxBytes, 64 * 1024);
  const retryMinMs = integer('--retry-min-ms', input.retryMinMs ?? d.retryMinMs, 1);
  const retryMaxMs = integer('--retry-max-ms', input.retryMaxMs ?? d.retryMaxMs, 1);
  if (retryMaxMs < retryMinMs)
    throw new ConfigError('--retry-max-ms', `must be >= --retry-min-ms (${retryMinMs})`);
  const config: IngestConfig = {
    spoolDir: input.spoolDir,
    spoolMaxBytes,
    spoolSegmentBytes,
    fsync: fsyncPolicy(input.fsync),
    batchSize: integer('--batch-size', input.batchSize ?? d.batchSize, 1, 1_000_000),
    lingerMs: integer('--linger-ms', input.lingerMs ?? d.lingerMs, 0, 60_000),
    retryMinMs,
    retryMaxMs,
    stopTimeoutMs: integer('--stop-timeout-ms', input.stopTimeoutMs ?? d.stopTimeoutMs, 0),
    // At least room for a few whole entries (one can take about 23 KB: 16 KiB of payload in base64).
    deadLetterMaxBytes: integer(
      '--dead-letter-max-bytes',
      input.deadLetterMaxBytes ?? d.deadLetterMaxBytes,
      256 * 1024,
      1024 ** 3,
    ),
    deadLetterMaxAgeHours: integer(
      '--dead-letter-max-age-hours',
      input.deadLetterMaxAgeHours ?? d.deadLetterMaxAgeHours,
      1,
      24 * 366,
    ),
  };
  if (input.mqtt) {
    const url = checkMqttUrl(input.mqtt.url);
    const clientId = input.mqtt.clientId ?? d.mqttClientId;
    if (!/^[\w.-]{1,64}$/.test(clientId)) {
      throw new ConfigError('--mqtt-client-id', 'expected 1-64 letters, digits, "_", "-" or "."');
    }
    if ((input.mqtt.username === undefined) !== (input.mqtt.password === undefined)) {
      throw new ConfigError('--mqtt-password', 'give both --mqtt-username and --mqtt-password, or neither');
    }
    config.mqtt = {
      url,
      clientId,
      username: input.mqtt.username,
      password: input.mqtt.password,
      topics: topicFilters(input.mqtt.topics),
      reconnectPeriodMs: integer(
        '--mqtt-reconnect-ms',
        input.mqtt.reconnectPeriodMs ?? d.mqttReconnectMs,
        10,
      ),
    };
  }
  return config;
}
