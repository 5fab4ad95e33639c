// Every Redis connection of Louyu (broker sessions and fan-out, client owners, gateway presence, the
// dashboard's socket.io adapter and alarm-writer lease) is opened from `--redis` through this one parser,
// so a URL that works for one part works for all of them.
//
// Two forms:
//   redis://[user:password@]host[:port][/db]     and rediss:// (TLS): one Redis server.
//   redis+sentinel://[user:password@]host1[:port1][,host2[:port2]...]/mastername[/db]
//       [?sentinel_username=...&sentinel_password=...]
// The Sentinel form is the one of the Python packages redis-sentinel-url and RedisVL and of Prefect's
// prefect-redis (`redis+sentinel://`, comma-separated Sentinels, the master's name as the first path
// segment, the database as the second): one URL an operator may already use for other tools, and it keeps
// the credentials of the master (user info) apart from those of the Sentinels (query), as ioredis does
// (`password` / `sentinelPassword`). Sentinels default to port 26379. ioredis asks the Sentinels for the
// master at every (re)connect and, with `failoverDetector`, reconnects when they announce a new one, so a
// connection follows the master through a failover.
//
// Written here rather than taken from npm: WHATWG `URL` cannot parse a host list, and the small parsers on
// npm (parse-redis-url-simple and the like) use other, undocumented forms and return no ioredis options.
import { ConfigError } from './config-error.ts';

/** One Sentinel, as ioredis' `sentinels` takes it. */
export interface SentinelAddress {
  host: string;
  port: number;
}

/** ioredis connection options (a structural subset of its `RedisOptions`) for one `--redis` URL. */
export interface RedisUrlOptions {
  /** The server (redis://, rediss://); absent for Sentinel, where the Sentinels name the master. */
  host?: string;
  port?: number;
  /** The master's (or the server's) credentials. */
  username?: string;
  password?: string;
  db: number;
  tls?: Record<string, never>;
  /** Sentinel: where to ask for the master. */
  sentinels?: SentinelAddress[];
  /** Sentinel: the master's name, as in `sentinel monitor <name> ...`. */
  name?: string;
  sentinelUsername?: string;
  sentinelPassword?: string;
  /** Sentinel: reconnect as soon as a Sentinel announces a new master (`+switch-master`). */
  failoverDetector?: boolean;
}

const SENTINEL_SCHEME = 'redis+sentinel:';
const DEFAULT_SENTINEL_PORT = 26379;
const FORMS = 'redis://host:6379, rediss://host:6380 or redis+sentinel://host1:26379,host2:26379/mymaster';

/**
 * Parses and checks a Redis URL into ioredis options. Throws a {@link ConfigError} naming `option`
 * (`--redis`); the message never quotes the URL's passwords.
 */
export function parseRedisUrl(url: string, option = '--redis'): RedisUrlOptions {
  if (typeof url !== 'string') throw new ConfigError(option, `must be a URL like ${FORMS}`);
  if (url.slice(0, SENTINEL_SCHEME.length).toLowerCase() === SENTINEL_SCHEME)
    return parseSentinelUrl(url, option);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(option, `must be a URL like ${FORMS}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError(
      option,
      `must be a redis://, rediss:// or redis+sentinel:// URL, got ${redactRedisUrl(url)}`,
    );
  }
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...credentials(parsed.username, parsed.password, option, 'user'),
    db: parseDb(parsed.pathname.slice(1), option),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

// scheme :// [userinfo @] hosts [/ path] [? query]; no fragment.
const SENTINEL_URL = /^redis\+sentinel:\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/i;

function parseSentinelUrl(url: string, option: string): RedisUrlOptions {
  const match = SENTINEL_URL.exec(url);
  if (!match) throw new ConfigError(option, `must be a URL like ${FORMS}`);
  const [, userinfo, hostList = '', path = '', query = ''] = match;
  const sentinels = hostList.split(',').map((entry) => parseSentinel(entry.trim(), option));
  const [name = '', db = '', ...rest] = path.slice(1).split('/');
  if (name === '')
    throw new ConfigError(option, 'a redis+sentinel:// URL must name the master: .../mymaster[/db]');
  if (rest.length > 0) throw new ConfigError(option, 'a redis+sentinel:// URL has at most /master/db');
  const colon = (userinfo ?? '').indexOf(':');
  const [user, password] =
    userinfo === undefined
      ? ['', '']
      : colon < 0
        ? [userinfo, '']
        : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
  return {
    sentinels,
    name: decode(name, option, 'master name'),
    ...credentials(user, password, option, 'user'),
    ...sentinelCredentials(query, option),
    db: parseDb(db, option),
    // Without it a connection stays on a demoted master (a planned `SENTINEL FAILOVER`) and its writes
    // fail with READONLY; with it every connection moves when the Sentinels announce the new master.
    failoverDetector: true,
  };
}

function parseSentinel(entry: string, option: string): SentinelAddress {
  // host, host:port, [v6], [v6]:port
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]\s]+)(?::(\d+))?$/i.exec(entry);
  if (!match) throw new ConfigError(option, `has a Sentinel address that is not host[:port]: "${entry}"`);
  const [, host = '', port] = match;
  const number = port === undefined ? DEFAULT_SENTINEL_PORT : Number(port);
  if (number < 1 || number > 65535)
    throw new ConfigError(option, `has a Sentinel port outside 1-65535: "${entry}"`);
  return { host: host.replace(/^\[|\]$/g, ''), port: number };
}

function sentinelCredentials(query: string, option: string): Partial<RedisUrlOptions> {
  const options: Partial<RedisUrlOptions> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    if (key === 'sentinel_password') options.sentinelPassword = value;
    else if (key === 'sentinel_username') options.sentinelUsername = value;
    else
      throw new ConfigError(
        option,
        `knows only the query options sentinel_username and sentinel_password, got "${key}"`,
      );
  }
  return options;
}

function credentials(
  user: string,
  password: string,
  option: string,
  what: string,
): Pick<RedisUrlOptions, 'username' | 'password'> {
  return {
    ...(user ? { username: decode(user, option, what) } : {}),
    ...(password ? { password: decode(password, option, 'password') } : {}),
  };
}

function parseDb(text: string, option: string): number {
  if (text === '') return 0;
  if (!/^\d{1,5}$/.test(text))
    throw new ConfigError(option, `has a database that is not a number: "/${text}"`);
  return Number(text);
}

function decode(text: string, option: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ConfigError(option, `has a ${what} with a malformed %-escape`);
  }
}

/** The URL with its passwords replaced by `***`, for logs and messages. */
export function redactRedisUrl(url: string): string {
  return String(url)
    .replace(/^([a-z+]+:\/\/[^:@/?#]*:)[^@/?#]*@/i, '$1***@')
    .replace(/([?&]sentinel_password=)[^&#]*/gi, '$1***');
}
