import memoryPersistence from 'aedes-persistence';
import mqemitter, { type MQEmitter } from 'mqemitter';
import redisPersistence from 'aedes-persistence-redis';
import mqemitterRedis from 'mqemitter-redis';

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
export function createBrokerState(redisUrl: string | null): BrokerState {
  if (!redisUrl) {
    return {
      persistence: memoryPersistence(),
      // What aedes would make itself; made here so hooks can listen on it before aedes does (status.ts).
      mq: mqemitter({ concurrency: 100, matchEmptyLevels: true }),
      kind: 'memory',
    };
  }
  const options = redisOptions(redisUrl);
  return {
    persistence: redisPersistence(options),
    mq: mqemitterRedis({ ...options }),
    kind: 'redis',
  };
}

function redisOptions(url: string) {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}
