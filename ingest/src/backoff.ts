/** Bounds of the writer's exponential backoff while the store is down. */
export interface BackoffOptions {
  /** First delay, in ms. */
  minMs: number;
  /** Largest delay, in ms: the store is retried at least this often however long it is down. */
  maxMs: number;
}

/**
 * The delay before retry number `attempt` (0-based): doubling from `minMs` up to `maxMs`, then "equal
 * jitter" (a random point in the upper half), so many ingest workers do not hammer a store that is coming
 * back in lock-step.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.minMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
