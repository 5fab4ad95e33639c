import memoryPersistence from 'aedes-persistence';
import mqemitter, { type MQEmitter } from 'mqemitter';
import redisPersistence from 'aedes-persistence-redis';
import mqemitterRedis from 'mqemitter-redis';
import type { Logger } from 'pino';
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
export function createBrokerState(redisUrl: string | null, log: Logger): BrokerState {
  if (!redisUrl) {
    return {
      persistence: memoryPersistence(),
      // What aedes would make itself; made here so hooks can listen on it before aedes does (status.ts).
      mq: mqemitter({ concurrency: 100, matchEmptyLevels: true }),
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
