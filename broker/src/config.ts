import { ConfigError, MAX_PAYLOAD_BYTES } from '@louyu/core';
import { parseRedisUrl } from '@louyu/core/redis-url';

/** Where the TLS listener finds its certificate and key (PEM file paths). */
export interface TlsConfig {
  port: number;
  certFile: string;
  keyFile: string;
}

/** Token bucket per account: `perSecond` refill, `burst` capacity; see limits/rate-limiter.ts. */
export interface RateLimitConfig {
  perSecond: number;
  burst: number;
}

/** Everything the broker can be told, with defaults filled in by {@link resolveBrokerConfig}. */
export interface BrokerConfig {
  /** Address the listeners bind to. */
  host: string;
  /** Plain MQTT over TCP; 0 picks a free port. */
  mqttPort: number;
  /** TLS listener, only when a certificate and key are given. */
  tls: TlsConfig | null;
  /** MQTT over WebSocket (path `/`), or null for none. */
  wsPort: number | null;
  /** Anonymous clients may connect with the demo rights of DESIGN.md. */
  demo: boolean;
  /** The operator's credentials file (JSON, mode 0600); null means no accounts (demo only). */
  credentialsFile: string | null;
  /** Redis URL for persistence and pub/sub between broker nodes; null keeps state in memory. */
  redis: string | null;
  /** Largest payload a client may publish, in bytes. */
  maxPayloadBytes: number;
  /** Most topic levels in a PUBLISH or SUBSCRIBE topic. */
  maxTopicDepth: number;
  /** A client asking for a longer keep-alive (or none, 0) is held to this many seconds. */
  maxKeepaliveSeconds: number;
  rateLimit: RateLimitConfig;
}

/** Defaults for a standalone broker (DESIGN.md "Running it"). */
export const DEFAULT_BROKER_CONFIG: BrokerConfig = {
  host: '0.0.0.0',
  mqttPort: 1883,
  tls: null,
  wsPort: null,
  demo: false,
  credentialsFile: null,
  redis: null,
  maxPayloadBytes: MAX_PAYLOAD_BYTES,
  // louyu/v1/{building}/{kind}/{device} is 5 levels; a little room for clients' own topics in demo mode.
  maxTopicDepth: 16,
  maxKeepaliveSeconds: 300,
  // A building's gateway sends tens of messages per interval; 200/s with a burst of 1,000 is ample.
  rateLimit: { perSecond: 200, burst: 1000 },
};

/** What a caller may pass: any subset, nested `rateLimit` too. */
export type BrokerConfigInput = Partial<Omit<BrokerConfig, 'rateLimit'>> & {
  rateLimit?: Partial<RateLimitConfig>;
};

/** Broker configuration mistakes are core's ConfigError, as in every package; this name stays for callers. */
export { ConfigError as BrokerConfigError };

/** Fills in defaults and checks every option; throws {@link ConfigError} naming the bad one. */
export function resolveBrokerConfig(input: BrokerConfigInput = {}): BrokerConfig {
  const d = DEFAULT_BROKER_CONFIG;
  const config: BrokerConfig = {
    host: input.host ?? d.host,
    mqttPort: input.mqttPort ?? d.mqttPort,
    tls: input.tls ?? d.tls,
    wsPort: input.wsPort ?? d.wsPort,
    demo: input.demo ?? d.demo,
    credentialsFile: input.credentialsFile ?? d.credentialsFile,
    redis: input.redis ?? d.redis,
    maxPayloadBytes: input.maxPayloadBytes ?? d.maxPayloadBytes,
    maxTopicDepth: input.maxTopicDepth ?? d.maxTopicDepth,
    maxKeepaliveSeconds: input.maxKeepaliveSeconds ?? d.maxKeepaliveSeconds,
    rateLimit: { ...d.rateLimit, ...input.rateLimit },
  };
  validate(config);
  return config;
}

function validate(c: BrokerConfig): void {
  if (typeof c.host !== 'string' || c.host.length === 0)
    throw new ConfigError('--host', 'must be a host name or address');
  checkPort('--mqtt-port', c.mqttPort);
  if (c.wsPort !== null) checkPort('--ws-port', c.wsPort);
  if (c.tls !== null) {
    checkPort('--tls-port', c.tls.port);
    if (!c.tls.certFile) throw new ConfigError('--tls-cert', 'must name a PEM certificate file');
    if (!c.tls.keyFile) throw new ConfigError('--tls-key', 'must name a PEM key file');
  }
  if (typeof c.demo !== 'boolean') throw new ConfigError('--demo', 'must be true or false');
  if (c.credentialsFile !== null && (typeof c.credentialsFile !== 'string' || c.credentialsFile === '')) {
    throw new ConfigError('--credentials', 'must be a file path');
  }
  // A single server or Sentinels (core/src/redis-url.ts); the connections parse it again when they open.
  if (c.redis !== null) parseRedisUrl(c.redis, '--redis');
  checkInt('--max-payload', c.maxPayloadBytes, 1, 256 * 1024 * 1024);
  // aedes cannot route deeper than 100 levels (its matcher's hard limit).
  checkInt('--max-topic-depth', c.maxTopicDepth, 1, 100);
  checkInt('--max-keepalive', c.maxKeepaliveSeconds, 1, 65535);
  checkPositive('--rate-limit', c.rateLimit.perSecond);
  checkInt('--rate-burst', c.rateLimit.burst, 1, Number.MAX_SAFE_INTEGER);
}

function checkPort(option: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 65535) {
    throw new ConfigError(option, 'must be a port number 0-65535');
  }
}

function checkInt(option: string, value: unknown, min: number, max: number): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new ConfigError(option, `must be a whole number ${min}-${max}`);
  }
}

function checkPositive(option: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(option, 'must be a number above 0');
  }
}
