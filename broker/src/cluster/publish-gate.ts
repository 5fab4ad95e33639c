import type { Redis } from 'ioredis';

/**
 * How long this node holds the messages it forwards after its publishing connection is back from an
 * outage. The other nodes' subscribed connections retry every 200 ms at most (redis-connections.ts), so
 * by then they are back and subscribed on the (possibly new) master.
 */
export const PUBLISH_GRACE_MS = 1000;

/**
 * Messages cross broker nodes by Redis pub/sub, which keeps nothing for a subscriber that is away. After a
 * Redis restart or a Sentinel failover every node reconnects, and a node whose publishing connection came
 * back before another node's subscribed one published into the void; worse, ioredis had queued everything
 * published during the outage and sent it all at once on reconnect. In a Sentinel failover test 68 of 400
 * acknowledged messages never reached the persistent subscriber on the other node, though its node was
 * back 76 ms later.
 *
 * So the forwarding waits while the publishing connection is away and for {@link PUBLISH_GRACE_MS} after
 * it is back. Nothing waits in normal running, nor at the first connect. (aedes acknowledges a QoS 1
 * publish only once it has been handed on, so a gateway's message is acknowledged later, not lost.)
 */
export class PublishGate {
  #wasReady: boolean;
  #away = false;
  #opensAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #opened: Promise<void> | undefined;
  #open: () => void = () => {};

  constructor(pub: Redis, graceMs = PUBLISH_GRACE_MS) {
    this.#wasReady = pub.status === 'ready';
    pub.on('ready', () => {
      if (!this.#wasReady) {
        this.#wasReady = true; // the first connect: no other node missed anything
        return;
      }
      if (!this.#away) return;
      this.#away = false;
      this.#opensAt = Date.now() + graceMs;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#release(), graceMs);
    });
    pub.on('close', () => {
      if (this.#wasReady) this.#away = true;
    });
    // Closing: whatever waits goes on and fails on the ended connection (aedes hears so).
    pub.on('end', () => {
      clearTimeout(this.#timer);
      this.#away = false;
      this.#opensAt = 0;
      this.#release();
    });
  }

  /** Null when forwarding may go now; else what resolves when it may, in the order asked. */
  wait(): Promise<void> | null {
    if (!this.#away && Date.now() >= this.#opensAt && this.#opened === undefined) return null;
    this.#opened ??= new Promise((resolve) => (this.#open = resolve));
    return this.#opened;
  }

  #release(): void {
    if (this.#away) return; // away again: the next 'ready' schedules the release
    const open = this.#open;
    this.#opened = undefined;
    open();
  }
}
