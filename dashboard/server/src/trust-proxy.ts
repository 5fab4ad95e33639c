import { isIP } from 'node:net';

/**
 * Which reverse proxies the dashboard believes about the client's address (fastify `trustProxy`): `false`
 * (none: the address is the connection's), a number of hops, or proxy addresses and networks (`10.0.0.0/8`,
 * `::1`, and the names `loopback`, `linklocal`, `uniquelocal`). `true` (believe any X-Forwarded-For) is
 * never taken: any client could then choose its own address and walk past the login limits.
 */
export type TrustProxy = false | number | string[];

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Why `entry` is not a proxy address or network, or undefined when it is one. */
function badEntry(entry: string): string | undefined {
  if (NAMED.has(entry) || isIP(entry) !== 0) return undefined;
  const match = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  const family = match ? isIP(match[1]!) : 0;
  if (match && family !== 0 && Number(match[2]) <= (family === 4 ? 32 : 128)) return undefined;
  return `"${entry}" is not an IP address, a network (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`;
}

const TRUE_REFUSED =
  'true is refused: any client could choose its own address; give the proxy addresses (e.g. 127.0.0.1 or 10.0.0.0/8) or the number of proxies in front';

/** Parses the `--trust-proxy` text: `false`, a hop count, or a comma-separated list of addresses/networks. */
export function parseTrustProxy(text: string): TrustProxy {
  const value = text.trim();
  if (/^(false|off|no|0)$/i.test(value)) return false;
  if (/^(true|on|yes)$/i.test(value)) throw new Error(TRUE_REFUSED);
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) throw new Error('must be false, a number of proxies, or proxy addresses');
  for (const entry of entries) {
    const why = badEntry(entry);
    if (why) throw new Error(why);
  }
  return entries;
}

/** Throws, naming `trustProxy`, unless `value` is a TrustProxy the dashboard takes. */
export function checkTrustProxy(value: unknown): void {
  const fail = (why: string): never => {
    throw new Error(`dashboard: option trustProxy: ${why}`);
  };
  if (value === false) return;
  if (value === true) fail(TRUE_REFUSED);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1)
      fail(`a number of proxies must be a whole number above 0, got ${value}`);
    return;
  }
  if (!Array.isArray(value) || value.length === 0)
    fail('must be false, a number of proxies, or proxy addresses');
  for (const entry of value as unknown[]) {
    const why = typeof entry === 'string' ? badEntry(entry) : `${String(entry)} is not text`;
    if (why) fail(why);
  }
}
