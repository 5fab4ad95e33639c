import type { Redis } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';

/**
 * How many queued messages a returning persistent session gets from Redis at once. aedes-persistence-redis
 * replays at most this many when a client reconnects and leaves the rest until a later reconnect (its
 * default, 1,000, stranded 8,416 of an ingest worker's messages after 25 s away), so it is the whole
 * bound of a session's queue: what a subscriber missed comes back in one replay.
 */
export const REDIS_SESSION_DELIVERY = 1_000_000;

/**
 * How long a queued message waits in Redis for a subscriber that does not come back: 7 days, the same
 * window ingest accepts readings in (DESIGN.md "MQTT contract"); older readings would be refused anyway.
 */
export const REDIS_QUEUED_TTL_S = 7 * 24 * 3600;

// aedes-persistence-redis' key layout (asyncPersistence.js): the set of persistent clients, and one list
// of queued packet keys per client.
const CLIENTS_KEY = 'clients';
const outgoingKey = (clientId: string) => `outgoing:${encodeURIComponent(clientId)}`;

/**
 * `louyu_broker_redis_queued_messages{client}`: messages queued in Redis per persistent session (all
 * nodes' sessions: the queues are shared), read at each scrape with one pipelined LLEN per session.
 */
export function watchRedisQueues(db: Redis, registry: Registry): void {
  new Gauge({
    name: 'louyu_broker_redis_queued_messages',
    help: 'QoS 1 messages queued in Redis for each persistent session, waiting for its subscriber',
    labelNames: ['client'],
    registers: [registry],
    async collect() {
      this.reset();
      if (db.status !== 'ready') return;
      const clients = await db.smembers(CLIENTS_KEY);
      if (clients.length === 0) return;
      const pipeline = db.pipeline();
      for (const client of clients) pipeline.llen(outgoingKey(client));
      const lengths = (await pipeline.exec()) ?? [];
      clients.forEach((client, i) => {
        const length = lengths[i]?.[1];
        if (typeof length === 'number' && length > 0) this.set({ client }, length);
      });
    },
  });
}
