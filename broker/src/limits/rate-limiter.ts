import type { Client } from 'aedes';
import type { RateLimitConfig } from '../config.ts';
import type { Identity } from '../identity.ts';

/**
 * A token bucket: `burst` tokens, refilled at `perSecond`. A publish takes a token; when none is left it
 * borrows one, and {@link RateLimiter.reserve} says how long to wait until the borrowed token exists.
 * Nothing is refused: the broker holds the publish (and with it the client's PUBACK and the reading of
 * its socket) for that long, so a gateway that flushes a backlog after an outage is slowed by TCP
 * backpressure, never acknowledged and dropped (DESIGN.md "Security", limits).
 */
export class RateLimiter {
  #tokens: number;
  #last: number;

  constructor(
    private readonly config: RateLimitConfig,
    now: number,
  ) {
    this.#tokens = config.burst;
    this.#last = now;
  }

  /** Takes a token; returns 0 when one was there, else the milliseconds until the borrowed one is. */
  reserve(now: number): number {
    const elapsed = Math.max(0, now - this.#last) / 1000;
    this.#last = now;
    this.#tokens = Math.min(this.config.burst, this.#tokens + elapsed * this.config.perSecond);
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.config.perSecond) * 1000);
  }
}

/**
 * One bucket per account, shared by all of the account's connections: 30 connections of one gateway
 * account get one rate between them, not 30. An anonymous (demo) client has a bucket of its own.
 * Accounts are the operator's, so the map is bounded by the credentials file; a bucket outlives its
 * connections so that reconnecting does not refill it.
 */
export class AccountRates {
  readonly #byAccount = new Map<string, RateLimiter>();
  readonly #byClient = new WeakMap<Client, RateLimiter>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number,
  ) {}

  /** Gives the client its account's bucket; called once the client has authenticated. */
  attach(client: Client, identity: Identity): void {
    let limiter: RateLimiter | undefined;
    if (identity.role === 'anonymous') {
      limiter = new RateLimiter(this.config, this.now());
    } else {
      limiter = this.#byAccount.get(identity.username);
      if (!limiter) {
        limiter = new RateLimiter(this.config, this.now());
        this.#byAccount.set(identity.username, limiter);
      }
    }
    this.#byClient.set(client, limiter);
  }

  /** Milliseconds this client's publish must wait for its account's rate; 0 for none. */
  reserve(client: Client): number {
    return this.#byClient.get(client)?.reserve(this.now()) ?? 0;
  }
}
