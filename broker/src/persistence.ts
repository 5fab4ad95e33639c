import memoryPersistence from 'aedes-persistence';
import type { MQEmitter } from 'mqemitter';
import redisPersistence from 'aedes-persistence-redis';
import mqemitterRedis from 'mqemitter-redis';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { deferringMqemitter } from './limits/deferring-emitter.ts';
import { SessionQueues, sessionQueueBoundFromEnv } from './limits/session-queues.ts';
import { openBrokerRedis } from './redis-connections.ts';

/** What aedes needs for its state: a persistence and, for Redis, the emitter shared between nodes. */
export interface BrokerState {
  persistence: { destroy(): Promise<void> | void };
  /** How messages travel between subscribers (and between nodes, with Redis). */
  mq: MQEmitter;
  kind: 'memory' | 'redis';
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
    };
  }
  const redis = openBrokerRedis(redisUrl, log);
  const mq = mqemitterRedis({ subConn: redis.sub, pubConn: redis.pub });
  // mqemitter-redis re-emits its connections' errors on `state`, a plain EventEmitter: without a
  // listener, the first Redis hiccup would throw and end the process. The connections' own listeners
  // (redis-connections.ts) log the outage; a failed publish reaches aedes' callback as well.
  (mq as unknown as { state: NodeJS.EventEmitter }).state.on('error', () => {});
  return { persistence: redisPersistence({ conn: redis.db }), mq, kind: 'redis' };
}
