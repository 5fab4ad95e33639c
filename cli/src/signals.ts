/**
 * Resolves on the first SIGINT or SIGTERM, so a command can shut its parts down in order (stop taking
 * messages, flush the spool, close the store). A second signal while shutting down exits at once.
 *
 * It listens from the moment it is called, so call it before a command starts its parts and long before it
 * prints that it is ready: a supervisor, a test or a user that signals the instant that line appears would
 * otherwise find no handler yet, and Node's default action ends the process there, the spool and the store
 * left unclosed (on a busy machine the gap between the print and the handler was enough).
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * `untilSignal` for a command whose start-up takes a while (`louyu start` filling a week of history): a
 * signal during start-up is answered at once with what will happen, and the orderly stop follows as soon
 * as start-up has finished. Call `ready()` once started; it returns the signal's promise to wait on.
 */
export function stopRequests(say: (line: string) => void): { ready(): Promise<NodeJS.Signals> } {
  const signalled = untilSignal();
  let started = false;
  void signalled.then((signal) => {
    if (!started)
      say(`\n${signal}: stopping as soon as start-up has finished (a second Ctrl-C quits at once)`);
  });
  return {
    ready() {
      started = true;
      return signalled;
    },
  };
}
