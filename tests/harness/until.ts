// The one way tests wait for something to happen: poll the condition with vitest's `vi.waitFor`, and fail
// with a message naming what never happened. No fixed sleeps: a busy machine only makes the wait longer.
import { vi } from 'vitest';

/**
 * How long a condition may take on a loaded 2-core machine before a test gives up. At load average 28 a
 * broker took over 30 s to listen and a subscriber over 30 s to drain, so 60 s. It stays well below the
 * test timeout (vitest.config.ts), so a failure names the condition, not the test.
 */
export const UNTIL_TIMEOUT_MS = 60_000;

/** `expect.poll` options with the same patience: `await expect.poll(() => ..., POLL).toBe(...)`. */
export const POLL = { timeout: UNTIL_TIMEOUT_MS, interval: 50 } as const;

/**
 * Polls `check` every 25 ms until it holds; throws `timed out waiting for <what>` after `timeoutMs`, with
 * the last error `check` threw (if any) as the cause.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = UNTIL_TIMEOUT_MS,
): Promise<void> {
  try {
    await vi.waitFor(
      async () => {
        if (!(await check())) throw new Error(`${what}: not yet`);
      },
      { timeout: timeoutMs, interval: 25 },
    );
  } catch (error) {
    throw new Error(`timed out waiting for ${what} (${timeoutMs} ms)`, { cause: error });
  }
}
