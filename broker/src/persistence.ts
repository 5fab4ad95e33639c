import memoryPersistence from 'aedes-persistence';
import type { MQEmitter } from 'mqemitter';
import redisPersistence from 'aedes-persistence-redis';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { InterestEmitter } from './cluster/interest-emitter.ts';
import { deferringMqemitter } from './limits/deferring-emitter.ts';
import { SessionQueues, sessionQueueBoundFromEnv } from './limits/session-queues.ts';
import { REDIS_QUEUED_TTL_S, REDIS_SESSION_DELIVERY, watchRedisQueues } from './limits/redis-queues.ts';
import { openBrokerRedis } from './redis-connections.ts';

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
 * broker nodes through Redis pub/sub, to the nodes whose subscribers want them (DESIGN.md "Scale-out").
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
  // Messages cross to another node only when a subscriber there wants them (cluster/interest-emitter.ts).
  const mq = new InterestEmitter(redis, log, registry);
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
