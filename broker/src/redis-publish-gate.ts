import type { MQEmitter } from 'mqemitter';
import type { Redis } from 'ioredis';

/**
 * How long this node holds its messages after its publishing connection is back from an outage. The other
 * nodes' subscribed connections retry every 200 ms at most (redis-connections.ts), so by then they are
 * back and subscribed on the (possibly new) master.
 */
export const PUBLISH_GRACE_MS = 1000;

type Emit = MQEmitter['emit'];

/**
 * Messages cross broker nodes by Redis pub/sub, which keeps nothing for a subscriber that is away. After a
 * Redis restart or a Sentinel failover, every node reconnects; a node whose publishing connection came back
 * before another node's subscribed one published into the void. Worse, ioredis had queued everything
 * published during the outage and sent it all at once on reconnect: in a Sentinel failover test 68 of 400
 * acknowledged messages never reached the persistent subscriber on the other node, though its node was
 * back 76 ms later.
 *
 * So this node holds what it publishes, in order, while its publishing connection is away and for
 * {@link PUBLISH_GRACE_MS} after it is back, then sends it. Nothing is held in normal running, nor at
 * the first connect. (aedes acknowledges a QoS 1 publish only once it has been handed on, so a gateway's
 * message waits, acknowledged later, rather than being lost.)
 */
export function holdPublishesAcrossOutages(mq: MQEmitter, pub: Redis, graceMs = PUBLISH_GRACE_MS): void {
  const emit: Emit = mq.emit.bind(mq);
  const held: Array<Parameters<Emit>> = [];
  let wasReady = pub.status === 'ready';
  let away = false;
  let opensAt = 0;
  let timer: NodeJS.Timeout | undefined;

  const release = (): void => {
    timer = undefined;
    if (away) return; // away again: the next 'ready' schedules the release
    for (const args of held.splice(0)) emit(...args);
  };
  pub.on('ready', () => {
    if (!wasReady) {
      wasReady = true; // the first connect: the other nodes' subscriptions are not affected
      return;
    }
    if (!away) return;
    away = false;
    opensAt = Date.now() + graceMs;
    clearTimeout(timer);
    timer = setTimeout(release, graceMs);
  });
  pub.on('close', () => {
    if (wasReady) away = true;
  });
  // Closing: what is still held will not be sent; aedes hears so (no acknowledgement for it).
  pub.on('end', () => {
    clearTimeout(timer);
    for (const [, done] of held.splice(0)) done?.(new Error('broker closing: message not handed on'));
  });

  mq.emit = (...args: Parameters<Emit>) => {
    if (away || held.length > 0 || Date.now() < opensAt) {
      held.push(args);
      return mq;
    }
    return emit(...args);
  };
}
