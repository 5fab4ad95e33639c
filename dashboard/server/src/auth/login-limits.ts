import { isIP } from 'node:net';

/**
 * Login limits (issue 15, item 6), on top of the per-address request cap of `@fastify/rate-limit` (a flood
 * guard: each check costs a deliberately slow scrypt):
 *
 * - **Per account, from any address, with back-off.** After `accountFailures` failed sign-ins to one
 *   username, each further attempt waits `backoffMs`, doubled per further failure up to `backoffMaxMs`;
 *   while it waits the attempt is refused (429, Retry-After) before the password is even checked, so ten
 *   addresses get no more guesses at an account than one. A success clears the account; failures are
 *   forgotten a day after the last one. Unknown usernames are tracked the same way, so the replies do not
 *   tell which accounts exist.
 * - **Per address, by accounts failed, not by attempts.** One address may fail on at most `addressAccounts`
 *   different usernames per `addressWindowMs` (password spraying); beyond that it may only go on trying
 *   the accounts it already failed on (under their back-off). One user mistyping a password is one account,
 *   so colleagues behind the same NAT are never locked out by it. IPv6 addresses count per /64.
 *
 * An attempt counts as a failure from the moment it is admitted (cleared when it succeeds), so guesses sent
 * in parallel cannot all get through before the first one fails. Memory is bounded: at most `tracked`
 * addresses and `tracked` unknown usernames are kept, the least recently seen forgotten first; known
 * accounts (bounded by the users file) are never evicted by a flood of made-up names.
 */
export interface LoginLimitOptions {
  accountFailures: number;
  backoffMs: number;
  backoffMaxMs: number;
  addressAccounts: number;
  addressWindowMs: number;
  tracked: number;
  now: () => number;
  /** True for a username in the users file. */
  isKnown: (username: string) => boolean;
}

export type LoginAttempt =
  | { ok: true; failed(): void; succeeded(): void }
  | { ok: false; code: 'LOUYU_LOGIN_BACKOFF' | 'LOUYU_LOGIN_LIMITED'; message: string; retryAfterS: number };

interface AccountState {
  failures: number;
  last: number;
}
interface AddressState {
  since: number;
  accounts: Set<string>;
}

/** Failures on an account are forgotten this long after the last one. */
const FORGET_MS = 24 * 3600_000;

/** The key an address counts under: IPv4 (also when IPv4-mapped) as is, IPv6 by its /64. */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIP(ip) !== 6) return ip;
  const [left = '', right] = ip.toLowerCase().split('::');
  const head = left.split(':').filter((g) => g !== '');
  const tail = right === undefined ? [] : right.split(':').filter((g) => g !== '');
  const tailGroups = tail.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const groups = [...head, ...Array<string>(Math.max(0, 8 - head.length - tailGroups)).fill('0'), ...tail];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** A Map used as an LRU: `touch` moves a key to the end; the oldest keys go beyond `cap`. */
function touch<K, V>(map: Map<K, V>, key: K, value: V, cap: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > cap) map.delete(map.keys().next().value as K);
}

export class LoginLimiter {
  readonly #o: LoginLimitOptions;
  readonly #known = new Map<string, AccountState>();
  readonly #unknown = new Map<string, AccountState>();
  readonly #addresses = new Map<string, AddressState>();

  constructor(options: LoginLimitOptions) {
    this.#o = options;
  }

  /** How many accounts and addresses are tracked now. */
  size(): { accounts: number; addresses: number } {
    return { accounts: this.#known.size + this.#unknown.size, addresses: this.#addresses.size };
  }

  /** Admits or refuses one sign-in attempt by `username` from `ip`; an admitted one counts as failed until `succeeded()`. */
  begin(username: string, ip: string): LoginAttempt {
    const o = this.#o;
    const now = o.now();
    const key = addressKey(ip);
    let address = this.#addresses.get(key);
    if (address && now - address.since >= o.addressWindowMs) {
      this.#addresses.delete(key);
      address = undefined;
    }
    if (address && address.accounts.size >= o.addressAccounts && !address.accounts.has(username)) {
      return refuse(
        'LOUYU_LOGIN_LIMITED',
        'too many failed sign-ins from this address',
        address.since + o.addressWindowMs - now,
      );
    }

    const accounts = o.isKnown(username) ? this.#known : this.#unknown;
    let account = accounts.get(username);
    if (account && now - account.last >= FORGET_MS) account = undefined;
    if (account && account.failures >= o.accountFailures) {
      const wait = Math.min(o.backoffMs * 2 ** (account.failures - o.accountFailures), o.backoffMaxMs);
      if (now < account.last + wait)
        return refuse(
          'LOUYU_LOGIN_BACKOFF',
          'too many failed sign-ins for this account',
          account.last + wait - now,
        );
    }

    // Counted as failed from now on, so parallel guesses see it.
    account = { failures: (account?.failures ?? 0) + 1, last: now };
    touch(accounts, username, account, accounts === this.#known ? Number.MAX_SAFE_INTEGER : o.tracked);
    address ??= { since: now, accounts: new Set() };
    address.accounts.add(username);
    touch(this.#addresses, key, address, o.tracked);

    const counted = address;
    return {
      ok: true,
      failed: () => {},
      succeeded: () => {
        accounts.delete(username);
        counted.accounts.delete(username);
      },
    };
  }
}

function refuse(
  code: 'LOUYU_LOGIN_BACKOFF' | 'LOUYU_LOGIN_LIMITED',
  why: string,
  waitMs: number,
): LoginAttempt {
  const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
  return { ok: false, code, retryAfterS, message: `${why}: try again in ${retryAfterS} s` };
}
