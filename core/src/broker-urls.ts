// Every MQTT client of Louyu (gateway, simulator, ingest, dashboard) takes a comma-separated list of broker
// URLs and fails over between them (DESIGN.md "Scale-out"). This turns `--mqtt-url` into mqtt.js connect
// options: `servers`, which mqtt.js walks one entry per (re)connect attempt, round robin
// (node_modules/mqtt/build/lib/connect/index.js, `wrapper`), so a dead broker costs one reconnect period.

/** One broker of the list, as mqtt.js' `servers` takes it. */
export interface BrokerServer {
  protocol: 'mqtt' | 'mqtts' | 'ws' | 'wss';
  host: string;
  port: number;
}

/** mqtt.js connect options (a subset of its `IClientOptions`) for a list of brokers. */
export interface BrokerConnectOptions {
  /** Every broker, in the order given; mqtt.js starts with the first and moves on at each reconnect. */
  servers: BrokerServer[];
  /** The first broker, for code that reads `client.options` before the first attempt. */
  protocol: BrokerServer['protocol'];
  host: string;
  port: number;
  /** The WebSocket path (one for the whole list). */
  path?: string;
  /** Credentials written into the URLs (`mqtt://user:pass@host`), the same for every broker. */
  username?: string;
  password?: string;
}

/** A broker list that does not hold up; `option` names the flag (`--mqtt-url`). */
export class BrokerUrlError extends Error {
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(`${option}: ${detail}`);
    this.name = 'BrokerUrlError';
  }
}

const DEFAULT_PORTS: Record<BrokerServer['protocol'], number> = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 };
/** `tcp://`, and `tls://` or `ssl://`, are mqtt.js' other names for `mqtt://` and `mqtts://`. */
const PROTOCOLS: Record<string, BrokerServer['protocol']> = {
  mqtt: 'mqtt',
  tcp: 'mqtt',
  mqtts: 'mqtts',
  tls: 'mqtts',
  ssl: 'mqtts',
  ws: 'ws',
  wss: 'wss',
};

/** The URLs of a list, trimmed (a comma-separated string, or already split). */
export function splitBrokerUrls(value: string | readonly string[]): string[] {
  return (typeof value === 'string' ? value.split(',') : [...value]).map((url) => url.trim());
}

/**
 * Parses and checks `--mqtt-url`: one or more `mqtt://`, `mqtts://`, `ws://` or `wss://` URLs separated by
 * commas, into mqtt.js options with `servers`. Throws a {@link BrokerUrlError} naming `option`.
 *
 * One list holds either MQTT over TCP/TLS or MQTT over WebSocket, not both, and every WebSocket URL has
 * the same path: mqtt.js keeps one `path` for the whole list, and hands it to a TCP connection as a Unix
 * socket path.
 */
export function brokerConnectOptions(
  value: string | readonly string[],
  option = '--mqtt-url',
): BrokerConnectOptions {
  const urls = splitBrokerUrls(value);
  if (urls.length === 0 || urls.every((url) => url === '')) {
    throw new BrokerUrlError(option, 'expected one or more broker URLs, e.g. mqtt://host:1883');
  }
  const servers: BrokerServer[] = [];
  const paths = new Set<string>();
  const credentials = new Set<string>();
  let username: string | undefined;
  let password: string | undefined;
  for (const text of urls) {
    const show = JSON.stringify(text.replace(/\/\/[^@/]*@/, '//***@'));
    if (text === '') throw new BrokerUrlError(option, 'an empty URL in the list (a stray comma?)');
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new BrokerUrlError(option, `${show} is not a URL (expected mqtt://host:port)`);
    }
    const protocol = PROTOCOLS[url.protocol.replace(/:$/, '')];
    if (!protocol) {
      throw new BrokerUrlError(option, `${show}: expected mqtt://, mqtts://, ws:// or wss://`);
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (host === '') throw new BrokerUrlError(option, `${show}: no host`);
    if (url.search !== '' || url.hash !== '') {
      throw new BrokerUrlError(option, `${show}: a query or fragment is not taken`);
    }
    const web = protocol === 'ws' || protocol === 'wss';
    if (!web && url.pathname !== '' && url.pathname !== '/') {
      throw new BrokerUrlError(option, `${show}: an mqtt:// URL has no path`);
    }
    if (web) paths.add(url.pathname === '' ? '/' : url.pathname);
    credentials.add(`${url.username}:${url.password}`);
    if (url.username !== '') username = decodeURIComponent(url.username);
    if (url.password !== '') password = decodeURIComponent(url.password);
    servers.push({ protocol, host, port: url.port === '' ? DEFAULT_PORTS[protocol] : Number(url.port) });
  }
  const webs = servers.filter((s) => s.protocol === 'ws' || s.protocol === 'wss').length;
  if (webs > 0 && webs < servers.length) {
    throw new BrokerUrlError(option, 'mix of WebSocket (ws://, wss://) and TCP (mqtt://, mqtts://) URLs');
  }
  if (paths.size > 1) {
    throw new BrokerUrlError(option, `every WebSocket URL needs the same path, got ${[...paths].join(', ')}`);
  }
  if (credentials.size > 1) {
    throw new BrokerUrlError(option, 'the URLs carry different user names or passwords');
  }
  const [first] = servers as [BrokerServer];
  return {
    servers,
    protocol: first.protocol,
    host: first.host,
    port: first.port,
    ...(paths.size === 1 ? { path: [...paths][0] } : {}),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}

/** The list for logs and errors: `mqtt://a:1883, mqtt://b:1883`, without credentials. */
export function describeBrokers(options: Pick<BrokerConnectOptions, 'servers' | 'path'>): string {
  return options.servers
    .map((s) => {
      const host = s.host.includes(':') ? `[${s.host}]` : s.host;
      return `${s.protocol}://${host}:${s.port}${options.path && options.path !== '/' ? options.path : ''}`;
    })
    .join(', ');
}
