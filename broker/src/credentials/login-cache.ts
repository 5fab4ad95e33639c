import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { DECOY_HASH, verifyPassword, type PasswordHash } from './password.ts';
import type { Credential, CredentialSource } from './store.ts';

/** What a login check ends in: the account, a refusal, or nothing done because the client left first. */
export type LoginOutcome = { ok: true; credential: Credential } | { ok: false; abandoned: boolean };

/**
 * Checks MQTT logins once per credential change, not once per connect.
 *
 * A chosen password is stored with scrypt (tens of milliseconds of a core and 32 MiB each). Checked at
 * every CONNECT, 2,000 gateways reconnecting after a network outage cost minutes, and clients that gave up
 * waiting and connected again queued more checks behind their abandoned ones, so on a busy machine nobody
 * got in at all (issue 14, item 7; issue 18, item 4). So:
 *
 * - A password that verified is remembered as an HMAC-SHA-256 under a key made at random for this process
 *   (never the password, never anything that outlives the process), together with the stored hash it
 *   matched. The next CONNECT with the same password compares digests. A rotated account has another
 *   stored hash, so its entry no longer matches, and {@link VerifiedLogins.forget} drops it when the
 *   credentials file changes; a revoked account is not found, and fails before the cache is asked.
 * - Only successes are remembered; a wrong password costs the full check every time.
 * - At most `slots` scrypt checks run at once (libuv's threadpool, 4 threads, is shared with file I/O: the
 *   spool and the credentials file must not wait behind a queue of key derivations). A check still waiting
 *   for a slot when its client has gone is never started; the same password of the same account checked by
 *   two connections at once is derived once.
 */
export class VerifiedLogins {
  readonly #key = randomBytes(32);
  /** Per account: the digest of the password that last verified, and the stored hash it verified against. */
  readonly #verified = new Map<string, { stored: string; digest: Buffer }>();
  readonly #inFlight = new Map<string, Promise<boolean | null>>();
  readonly #waiting: { start: () => void; wanted: () => boolean; skip: () => void }[] = [];
  readonly #slots: number;
  #running = 0;
  #checks = 0;

  constructor(slots = defaultSlots()) {
    this.#slots = Math.max(1, slots);
  }

  /** Password checks run against a stored hash (each one a scrypt for a chosen password). */
  get checks(): number {
    return this.#checks;
  }

  /** Accounts with a remembered login. */
  get size(): number {
    return this.#verified.size;
  }

  /**
   * Checks `password` for `username` against `source`. `wanted` says whether the client still waits for
   * the answer (false once its connection closed); a check not started by then is dropped.
   */
  async check(
    source: CredentialSource,
    username: string,
    password: Buffer,
    wanted: () => boolean = () => true,
  ): Promise<LoginOutcome> {
    const found = await source.find(username);
    if (!found) {
      // Unknown users cost the same scrypt work as known ones, so timing does not tell which names exist.
      const decoy = await this.#verify(DECOY_HASH, password, wanted);
      return { ok: false, abandoned: decoy === null };
    }
    const stored = fingerprint(found.password);
    const digest = this.#digest(username, password);
    const remembered = this.#verified.get(username);
    if (remembered?.stored === stored && timingSafeEqual(remembered.digest, digest)) {
      return { ok: true, credential: found };
    }
    const key = `${username}\0${stored}\0${digest.toString('base64')}`;
    for (;;) {
      let pending = this.#inFlight.get(key);
      if (!pending) {
        pending = this.#verify(found.password, password, wanted)
          .then((ok) => {
            // Remembered even when the client left meanwhile: its retry then gets in at once.
            if (ok === true) this.#verified.set(username, { stored, digest });
            return ok;
          })
          .finally(() => this.#inFlight.delete(key));
        this.#inFlight.set(key, pending);
      }
      const ok = await pending;
      if (ok === true) return { ok: true, credential: found };
      if (ok === false) return { ok: false, abandoned: false };
      // The connection that started the shared check left before it ran: check again if this one waits.
      if (!wanted()) return { ok: false, abandoned: true };
    }
  }

  /** Forgets the logins of accounts that were removed or changed (the credentials file's change list). */
  forget(usernames: Iterable<string>): void {
    for (const username of usernames) this.#verified.delete(username);
  }

  #digest(username: string, password: Buffer): Buffer {
    return createHmac('sha256', this.#key).update(username).update('\0').update(password).digest();
  }

  /** True or false once checked; null when the client left before a slot was free (nothing derived). */
  async #verify(stored: PasswordHash, password: Buffer, wanted: () => boolean): Promise<boolean | null> {
    // A generated secret's salted SHA-256 takes microseconds: no slot needed.
    if (stored.algorithm !== 'scrypt') {
      this.#checks++;
      return verifyPassword(password, stored);
    }
    const admitted = await this.#slot(wanted);
    if (!admitted) return null;
    this.#checks++;
    try {
      return await verifyPassword(password, stored);
    } finally {
      this.#release();
    }
  }

  #slot(wanted: () => boolean): Promise<boolean> {
    if (this.#running < this.#slots) {
      this.#running++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      this.#waiting.push({
        wanted,
        start: () => {
          this.#running++;
          resolve(true);
        },
        skip: () => resolve(false),
      });
    });
  }

  #release(): void {
    this.#running--;
    while (this.#running < this.#slots && this.#waiting.length > 0) {
      const next = this.#waiting.shift()!;
      if (next.wanted()) next.start();
      else next.skip();
    }
  }
}

/** What identifies a stored password: a new salt or hash (rotation) is another password. */
function fingerprint(p: PasswordHash): string {
  return `${p.algorithm}$${p.salt}$${p.hash}`;
}

/**
 * scrypt checks at once: one per core, and always one thread of libuv's pool (UV_THREADPOOL_SIZE, default 4)
 * left for file I/O.
 */
function defaultSlots(): number {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism(), pool - 1));
}
