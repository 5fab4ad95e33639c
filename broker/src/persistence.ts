import memoryPersistence from 'aedes-persistence';
import type { MQEmitter } from 'mqemitter';
import redisPersistence from 'aedes-persistence-redis';
import mqemitterRedis from 'mqemitter-redis';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { deferringMqemitter } from './limits/deferring-emitter.ts';
import { SessionQueues, sessionQueueBoundFromEnv } from './limits/session-queues.ts';
import { REDIS_QUEUED_TTL_S, REDIS_SESSION_DELIVERY, watchRedisQueues } from './limits/redis-queues.ts';
import { openBrokerRedis } from './redis-connections.ts';
import { holdPublishesAcrossOutages } from './redis-publish-gate.ts';

/** What aedes needs for its state: a persistence and, for Redis, the emitter shared between nodes. */
export interface BrokerState {
  persistence: { destroy(): Promise<void> | void };
  /** How messages travel between subscribers (and between nodes, with Redis). */
  mq: MQEmitter;
  kind: 'memory' | 'redis';
  /** Why the state cannot serve right now (a Redis connection that is not ready), or null when it can. */
  notReady(): string | null;
}

/**
 * In memory by default. With a Redis URL, sessions, subscriptions, queued QoS 1/2 messages, retained
 * messages and wills live in Redis (so they survive a broker restart) and messages travel between
 * broker nodes through Redis pub/sub (DESIGN.md "Scale-out").
 */
export function createBrokerState(
  redisUrl: string | null,
  log: Logger,
  registry: Registry = new Registry(),
): BrokerState {
  if (!redisUrl) {
    // Queued QoS 1 messages per persistent session are bounded (limits/session-queues.ts).
    const queues = new SessionQueues(sessionQueueBoundFromEnv(), log, registry);
    return {
      persistence: queues.wrap(memoryPersistence()),
      // What aedes would make itself, minus mqemitter's recursive queue (limits/deferring-emitter.ts);
      // made here so hooks can listen on it before aedes does (status.ts).
      mq: deferringMqemitter({ concurrency: 100 }),
      kind: 'memory',
      notReady: () => null,
    };
  }
  const redis = openBrokerRedis(redisUrl, log);
  const mq = mqemitterRedis({ subConn: redis.sub, pubConn: redis.pub });
  holdPublishesAcrossOutages(mq, redis.pub);
  // mqemitter-redis re-emits its connections' errors on `state`, a plain EventEmitter: without a
  // listener, the first Redis hiccup would throw and end the process. The connections' own listeners
  // (redis-connections.ts) log the outage; a failed publish reaches aedes' callback as well.
  (mq as unknown as { state: NodeJS.EventEmitter }).state.on('error', () => {});
  // mqemitter-redis closes with QUIT and waits for each connection's 'end'. While Redis is away, ioredis
  // answers QUIT by cancelling the reconnect wait, so the connection never ends and the broker never
  // finished closing. Then there is nothing to flush: the connections stop retrying and end at their next
  // attempt (within ioredis' back-off, at most 2 s), and the emitter closes after them.
  const emitter = mq as unknown as { closing?: boolean; _close(done: () => void): void };
  const close = mq.close.bind(mq);
  mq.close = (done: () => void = () => {}) => {
    redis.closing();
    if (redis.sub.status === 'ready' && redis.pub.status === 'ready') return close(done);
    emitter.closing = true;
    const ended = [redis.sub, redis.pub].map((connection) =>
      connection.status === 'end'
        ? Promise.resolve()
        : new Promise((resolve) => connection.once('end', resolve)),
    );
    void Promise.all(ended).then(() => emitter._close(done));
  };
  watchRedisQueues(redis.db, registry);
  return {
    persistence: redisPersistence({
      conn: redis.db,
      maxSessionDelivery: REDIS_SESSION_DELIVERY,
      packetTTL: () => REDIS_QUEUED_TTL_S,
    }),
    mq,
    kind: 'redis',
    // For /readyz (a load balancer's check): every connection ioredis calls 'ready'.
    notReady: () => {
      const down = (['db', 'pub', 'sub'] as const).filter((role) => redis[role].status !== 'ready');
      return down.length === 0 ? null : `Redis connections not ready: ${down.join(', ')}`;
    },
  };
}
