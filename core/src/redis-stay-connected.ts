// A Redis connection of Louyu ends only when Louyu closes it.
//
// ioredis (5.11 and 6.0 alike) can end a connection for good, with no further retry, in the middle of a
// Sentinel failover. Its failover detector (`failoverDetector`, which redis+sentinel:// URLs turn on)
// subscribes to the Sentinels' `+switch-master` when the connection connects, and nothing unsubscribes it
// when the connection drops. When the master dies, the connection retries: each retry asks a Sentinel for
// the master. If `+switch-master` arrives while that question is in flight, the detector of the
// connection's previous life disconnects the connector; the pending connect then throws "Connection is
// closed" (SentinelConnector.connect: `if (!this.connecting) throw ...`) and ioredis sets the status to
// 'end'. A broker node's /readyz then said 503 for good, and its subscriber never received another
// message from the other nodes (tests/redis-stay-connected.test.ts reproduces it with a Sentinel whose
// answers are held back during the failover).
//
// Two measures. First, the cause: when a connection closes, its failover detector is let go (it only
// matters while the connection is up; the next connect makes a new one), so a failover announced during a
// reconnect no longer cuts the reconnect short. Without it, ioredis also failed every command it had queued
// during the outage with "Connection is closed", and aedes closed the MQTT clients whose messages those were.
// Second, a guard: a connection that ends while it is still wanted connects again. It is no longer wanted once
// its owner calls `quit()` or `disconnect()` (wrapped here, so every owner's close path, including those of
// aedes-persistence-redis, counts) or the `release()` this returns.
// Structurally typed, so that core does not depend on ioredis.

/** The part of an ioredis connection the guard uses. */
export interface EndingRedisConnection {
  readonly status: string;
  on(event: 'end' | 'close', listener: () => void): unknown;
  connect(): Promise<void>;
  quit(...args: never[]): Promise<unknown>;
  disconnect(reconnect?: boolean): void;
}

/**
 * How long an ended connection waits before it connects again: soon, for while it is ended, commands are
 * refused at once (a subscription asked for then is never made). No loop to fear: only a connect that
 * the connector cuts short ends a connection; a server still away goes through ioredis' own back-off.
 */
const RECONNECT_AFTER_MS = 100;

/**
 * Keeps `connection` connected until its owner closes it. Returns `release()`: the owner is closing
 * (for owners that end a connection by its retry strategy rather than by quit or disconnect).
 * `onRevived` is told each time the guard connects an ended connection again (for the log).
 */
export function stayConnected(
  connection: EndingRedisConnection,
  onRevived: () => void = () => {},
  reconnectAfterMs = RECONNECT_AFTER_MS,
): () => void {
  let wanted = true;
  let timer: NodeJS.Timeout | undefined;
  const release = (): void => {
    wanted = false;
    clearTimeout(timer);
  };
  const quit = connection.quit.bind(connection);
  const disconnect = connection.disconnect.bind(connection);
  Object.assign(connection, {
    quit: (...args: never[]) => {
      release();
      return quit(...args);
    },
    disconnect: (reconnect = false) => {
      if (!reconnect) release();
      disconnect(reconnect);
    },
  });
  connection.on('close', () => {
    // ioredis internals (5.11, 6.0): Redis#connector is the SentinelConnector for a Sentinel URL.
    const { connector } = connection as unknown as {
      connector?: { failoverDetector?: { cleanup(): void } | null };
    };
    connector?.failoverDetector?.cleanup();
  });
  connection.on('end', () => {
    if (!wanted) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!wanted || connection.status !== 'end') return;
      onRevived();
      // A failed attempt ends the connection again, and this listener schedules the next one.
      connection.connect().catch(() => {});
    }, reconnectAfterMs);
  });
  return release;
}
