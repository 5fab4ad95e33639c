import { parseTrustProxy, type TrustProxy } from '@louyu/dashboard-server';
import { parseRedisUrl } from '@louyu/core/redis-url';
import { ConfigError, parsers, type OptionSpec } from './options.ts';

/** How every `--redis` description ends: the two forms (core/src/redis-url.ts). */
export const REDIS_FORMS =
  ': redis://[user:password@]host:6379[/db] (rediss:// for TLS), or through Sentinel, following the master through a failover: redis+sentinel://[user:password@]host1:26379,host2:26379/mymaster[/db][?sentinel_password=...]';

/** The flags every part shares, with one name everywhere (DESIGN.md, "Running it"). */
export const COMMON = {
  mqttPort: {
    flag: 'mqtt-port',
    description: 'MQTT TCP port of the broker',
    parse: parsers.port,
    default: 1883,
  },
  httpPort: {
    flag: 'http-port',
    description: 'HTTP port of the dashboard',
    parse: parsers.port,
    default: 3000,
  },
  host: { flag: 'host', description: 'address to listen on', parse: parsers.text, default: '0.0.0.0' },
  dataDir: {
    flag: 'data-dir',
    description: 'folder for the embedded store, spool, credentials and users',
    parse: parsers.text,
    default: './data',
  },
  influx: {
    flag: 'influx',
    description:
      'InfluxDB URL (v1 API: 1.x, 2.x with DBRP, 3.x); the embedded SQLite store is used when absent',
    parse: parsers.url(['http', 'https']),
  },
  influxDatabase: {
    flag: 'influx-database',
    description: 'InfluxDB database (2.x: the bucket mapped by DBRP)',
    parse: parsers.text,
    default: 'louyu',
  },
  influxToken: { flag: 'influx-token', description: 'InfluxDB token (2.x, 3.x)', parse: parsers.text },
  redis: {
    flag: 'redis',
    description: `Redis URL for durable broker sessions and scale-out${REDIS_FORMS}`,
    // The same parser every Redis connection opens with, so what passes here connects there.
    parse: (text: string, option: string): string => {
      parseRedisUrl(text, option);
      return text;
    },
  },
  demo: {
    flag: 'demo',
    description: 'demo mode: anonymous MQTT read access and demo dashboard users',
    parse: parsers.boolean,
    default: false,
  },
  seed: {
    flag: 'seed',
    description: 'simulator seed (same seed, same messages)',
    parse: parsers.positiveInt,
    default: 1,
  },
  trustProxy: {
    flag: 'trust-proxy',
    description:
      'reverse proxies whose X-Forwarded-For gives the client address (login limits): how many are in front, or their addresses and networks (127.0.0.1,10.0.0.0/8); false believes none',
    parse: (text: string, option: string): TrustProxy => {
      try {
        return parseTrustProxy(text);
      } catch (error) {
        throw new ConfigError(option, (error as Error).message);
      }
    },
    default: false as const,
  },
  startupLimitSeconds: {
    flag: 'startup-limit-seconds',
    description:
      'how long the dashboard may take to start, mostly rebuilding its live state and alarms from the store; past it the start fails, named',
    parse: parsers.positiveInt,
    default: 120,
  },
  alarmEscalateMinutes: {
    flag: 'alarm-escalate-minutes',
    description:
      'escalate an active alarm nobody acknowledged after this many minutes (notification rules may route escalated alarms to a second channel)',
    parse: parsers.positiveInt,
    default: 15,
  },
  opsToken: {
    flag: 'ops-token',
    description:
      '/metrics and /docs need this token (bearer, or the basic-auth password) or a district/admin session; open without it',
    parse: (text: string, option: string): string => {
      if (text.length < 16) throw new ConfigError(option, 'must have at least 16 characters');
      return text;
    },
  },
  logLevel: {
    flag: 'log-level',
    description: 'log level',
    parse: parsers.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const),
    default: 'info' as const,
  },
} satisfies Record<string, OptionSpec<unknown>>;
