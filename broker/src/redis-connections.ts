import { Redis } from 'ioredis';
import { parseRedisUrl } from '@louyu/core/redis-url';
import { stayConnected } from '@louyu/core/redis-stay-connected';
import type { Logger } from 'pino';

/** The three Redis connections of a broker node: sessions and queues, publishing, subscribed. */
export interface BrokerRedis {
  /** aedes-persistence-redis: sessions, subscriptions, queued QoS 1 packets, retained messages, wills. */
  db: Redis;
  /** Messages for the other nodes and control messages are published on this one (cluster/interest-emitter.ts). */
  pub: Redis;
  /** The other nodes' messages and the control channel arrive on this one; it only ever SUBSCRIBEs. */
  sub: Redis;
  /**
   * The broker is closing: connections that are waiting to reconnect stop retrying and end at their next
   * attempt. (ioredis' `disconnect()` during a reconnect wait cancels the wait but never ends the
   * connection: commands queued on it, and whoever waits for its 'end', would wait forever.)
   */
  closing(): void;
}

/**
 * Opens the broker's Redis connections, each with an `error` listener, so that a Redis restart costs a
 * pause (ioredis reconnects and resubscribes) and never the process (DESIGN.md "Scale-out").
 *
 * The subscribed connection skips ioredis 5's ready check (INFO) and its client-info handshake (CLIENT
 * SETINFO): on a reconnect ioredis may send them while the connection is already in subscriber mode,
 * Redis refuses them ("Connection in subscriber mode, only subscriber commands may be used") and the
 * refusal surfaced as an unhandled error (redis/ioredis#2037; ioredis 6 gates the handshake, but
 * aedes-persistence-redis declares ioredis ^5, so the fix lives here).
 */
export function openBrokerRedis(url: string, log: Logger): BrokerRedis {
  let closing = false;
  // ioredis' default back-off, until the broker closes.
  const base = {
    // A single server, or Sentinels that name the master at every (re)connect (follows a failover).
    ...parseRedisUrl(url),
    retryStrategy: (times: number) => (closing ? null : Math.min(times * 50, 2000)),
  };
  const db = new Redis({ ...base, connectionName: 'louyu-broker' });
  // Forwarded messages go out in batches: one write for the PUBLISH commands of an event-loop turn.
  const pub = new Redis({ ...base, connectionName: 'louyu-broker-pub', enableAutoPipelining: true });
  // Messages cross nodes by pub/sub: one another node publishes while this connection is still away is
  // lost to this node's subscribers. So it comes back first: a quicker retry than the others' (a
  // connection attempt, or a question to a Sentinel, every 200 ms at most while Redis is away).
  const sub = new Redis({
    ...base,
    enableReadyCheck: false,
    disableClientInfo: true,
    retryStrategy: (times: number) => (closing ? null : Math.min(times * 50, 200)),
  });
  const releases = [
    watchRedis(db, 'sessions', log),
    watchRedis(pub, 'publish', log),
    watchRedis(sub, 'subscribe', log),
  ];
  return {
    db,
    pub,
    sub,
    closing: () => {
      closing = true;
      for (const release of releases) release();
    },
  };
}

/**
 * Every Redis connection of the broker: an `error` listener (an outage must not end the process), that
 * logs the first error of an outage and the recovery, not every retry (ioredis retries every few hundred
 * milliseconds while Redis is away, and each attempt errors); and a connection that ioredis ends in a
 * Sentinel failover connects again (core/src/redis-stay-connected.ts). Returns what stops the latter,
 * for a close that ends connections by their retry strategy; quit() and disconnect() stop it themselves.
 */
export function watchRedis(connection: Redis, role: string, log: Logger): () => void {
  let failing = false;
  connection.on('error', (err: Error) => {
    if (failing) return;
    failing = true;
    log.warn({ redis: role, err: err.message }, 'Redis connection lost: retrying');
  });
  connection.on('ready', () => {
    if (!failing) return;
    failing = false;
    log.info({ redis: role }, 'Redis connection back');
  });
  return stayConnected(connection, () =>
    log.warn(
      { redis: role },
      'Redis connection ended by ioredis during a Sentinel failover: connecting again',
    ),
  );
}
