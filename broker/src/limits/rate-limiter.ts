import type { RateLimitConfig } from '../config.ts';

/** How a publish fared against its client's rate. */
export type RateVerdict = 'ok' | 'refused' | 'disconnect';

/** Sustained abuse is judged over fixed windows of this length. */
export const ABUSE_WINDOW_MS = 10_000;

/**
 * A token bucket for one client: `burst` tokens, refilled at `perSecond`. A publish without a token is
 * refused (dropped and counted); a client refused more than `disconnectAfter` times within one
 * {@link ABUSE_WINDOW_MS} window is disconnected, so a runaway device stops costing the broker parse
 * work. Each client has its own bucket, so one flooding client cannot use up another's rate.
 */
export class RateLimiter {
  #tokens: number;
  #last: number;
  #windowStart: number;
  #refusedInWindow = 0;
  /** Whether this client has ever been over its rate on this connection. */
  limited = false;

  constructor(
    private readonly config: RateLimitConfig,
    now: number,
  ) {
    this.#tokens = config.burst;
    this.#last = now;
    this.#windowStart = now;
  }

  take(now: number): RateVerdict {
    const elapsed = Math.max(0, now - this.#last) / 1000;
    this.#last = now;
    this.#tokens = Math.min(this.config.burst, this.#tokens + elapsed * this.config.perSecond);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 'ok';
    }
    this.limited = true;
    if (now - this.#windowStart >= ABUSE_WINDOW_MS) {
      this.#windowStart = now;
      this.#refusedInWindow = 0;
    }
    this.#refusedInWindow++;
    const max = this.config.disconnectAfter;
    return max > 0 && this.#refusedInWindow > max ? 'disconnect' : 'refused';
  }
}
