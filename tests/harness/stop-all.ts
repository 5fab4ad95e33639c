// Teardown for afterAll: one step that fails (a client that will not close) must not leave the servers
// after it running.

/**
 * Runs every step in order, each one even when an earlier one threw; then throws the first failure (an
 * AggregateError when several failed). Write steps as `() => redis?.stop()`: a failed beforeAll may not
 * have started everything.
 */
export async function stopAll(...steps: (() => unknown)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} teardown steps failed`);
}
