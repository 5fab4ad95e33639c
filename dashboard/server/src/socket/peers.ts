// Scale-out: several dashboard nodes behind one load balancer, joined through socket.io's Redis adapter.
//
// What the adapter carries, and what it does not:
// - Deltas and snapshots do NOT cross nodes. Each node computes them from its own live state and sends them
//   to its own sockets only (`io.local`): a browser talks to one node, and the sequence numbers it checks
//   are that node's, per room. Broadcasting one node's deltas to another node's clients would interleave two
//   sequences in one room and, with MQTT sources, deliver every change twice.
// - What DOES cross nodes is what only one node saw and every node's live state needs (PeerEvents below):
//   readings from a source that does not reach every node (the all-in-one in-process source, the tenancy
//   form), gateway status from such a source, and alarm commands (acknowledgements, ingest's spool-full
//   hook), so every node shows the same alarms. A reading from MQTT reaches every node from the broker, so
//   it is not forwarded.
// - Alarm transitions are written to the store by one node only, the holder of a Redis lease
//   (alarm-writer-lease.ts): every node raises alarms on its own clock, so their writes would not coincide.
// - The adapter also gives the cluster-wide room operations of socket.io (fetchSockets, disconnectSockets
//   across nodes); the dashboard keeps its own per-node operations local (`io.local`).
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { stayConnected } from '@louyu/core/redis-stay-connected';
import { parseRedisUrl, redactRedisUrl } from '@louyu/core/redis-url';
import type { AlarmShelf, Reading, StatusMessage } from '@louyu/core';
import type { LeaseStatus } from './alarm-writer-lease.ts';
import type { LiveServer } from './plugin.ts';

/** An alarm change one node was asked for, replayed by the others (same time, so stored events coincide). */
export type AlarmCommand =
  | { type: 'acknowledge'; id: string; user: string; at: number; comment?: string }
  | { type: 'assign'; id: string; user: string; assignee: string | null; at: number }
  | { type: 'shelve'; shelf: AlarmShelf; at: number }
  | { type: 'unshelve'; id: string; user: string; at: number }
  | { type: 'spool_full'; full: boolean; detail: string | null; at: number };

/** What dashboard nodes tell each other through the Redis adapter (socket.io `serverSideEmit`). */
export interface PeerEvents {
  reading: (reading: Reading) => void;
  status: (status: StatusMessage) => void;
  alarm: (command: AlarmCommand) => void;
}

/** The link to the other dashboard nodes; sending is a no-op while there is none (a single node). */
export class PeerLink {
  #io: LiveServer | undefined;
  #lease: { readonly held: boolean; status(): LeaseStatus } | undefined;

  /** True once the Redis adapter is in place. */
  get connected(): boolean {
    return this.#io !== undefined;
  }

  /** Called by the socket plugin once the adapter is subscribed and the alarm-writer lease is running. */
  attach(io: LiveServer, lease: { readonly held: boolean; status(): LeaseStatus }): void {
    this.#io = io;
    this.#lease = lease;
  }

  detach(): void {
    this.#io = undefined;
  }

  /** Which node holds the alarm-writer lease, as this node sees it; undefined for a single node. */
  alarmLease(): LeaseStatus | undefined {
    return this.#io ? this.#lease?.status() : undefined;
  }

  /** Whether this node writes alarm transitions to the store: a single node does; of several, the lease holder. */
  writesAlarms(): boolean {
    return this.#lease?.held ?? true;
  }

  /** Tells every other node (never this one: socket.io does not deliver a server-side emit to its sender). */
  send<E extends keyof PeerEvents>(event: E, ...args: Parameters<PeerEvents[E]>): void {
    this.#io?.serverSideEmit(event, ...args);
  }
}

/**
 * Checks `AppOptions.redis` at start: a single server or Sentinels (core/src/redis-url.ts, shared with the
 * broker). A malformed URL is a ConfigError naming `--redis`, so `louyu` stops with a configuration error.
 */
export function checkRedisUrl(url: string | undefined): void {
  if (url !== undefined) parseRedisUrl(url, '--redis');
}

/**
 * Puts socket.io on the Redis adapter: one publishing and one subscribed connection. Resolves once the
 * subscriptions are in place (a PING on the subscribed connection answers after them), so nothing a peer
 * sends after this node is ready is missed. Gives the publishing connection (for the alarm-writer lease)
 * and the function that closes both.
 */
export async function useRedisAdapter(
  io: LiveServer,
  url: string,
  onError: (error: Error) => void,
): Promise<{ redis: Redis; close: () => Promise<void> }> {
  // With Sentinels, ioredis asks them for the master at every (re)connect: both follow a failover, and so
  // does the alarm-writer lease, which runs on `pub`.
  const pub = new Redis({ ...parseRedisUrl(url), lazyConnect: true, maxRetriesPerRequest: 3 });
  // The subscribed connection skips ioredis 5's ready check (INFO) and client-info handshake: on a
  // reconnect they can race the adapter's SUBSCRIBE and be refused in subscriber mode (redis/ioredis#2037).
  const sub = pub.duplicate({ enableReadyCheck: false, disableClientInfo: true });
  pub.on('error', onError);
  sub.on('error', onError);
  // A connection ioredis ends in a Sentinel failover connects again (core/src/redis-stay-connected.ts);
  // `close` quits both, which stops that.
  stayConnected(pub);
  stayConnected(sub);
  try {
    await pub.connect();
    await sub.connect();
  } catch (error) {
    pub.disconnect();
    sub.disconnect();
    throw new Error(
      `dashboard: cannot reach Redis at option redis ${redactRedisUrl(url)}: ${(error as Error).message}`,
    );
  }
  io.adapter(createAdapter(pub, sub));
  await sub.ping();
  return {
    redis: pub,
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
