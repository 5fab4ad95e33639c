import type { Client, PublishPacket } from 'aedes';
import type { BrokerContext } from '../context.ts';
import { describe, identityOf } from '../identity.ts';
import type { RefusalReason } from '../metrics.ts';
import { dropPacket } from './drop.ts';
import { publishDenial, topicDepth } from './rules.ts';

type Callback = (error?: Error | null) => void;

/**
 * aedes `authorizePublish`: the last step before aedes acknowledges and routes a message. In order:
 * topic depth, ACL, payload size; a refused message is dropped and counted and the client stays
 * connected (see drop.ts). Then the account's rate: a publish over it is held, not refused, until the
 * rate allows it; aedes reads no more of that client's socket meanwhile (its batch is unfinished), so
 * the gateway is slowed by TCP backpressure and nothing it was acknowledged for is dropped. Then the
 * caller's `onPublish` hook runs; if it fails, the message is refused with an error, which makes aedes
 * close the connection without PUBACK so the client sends it again later.
 */
export function makeAuthorizePublish(ctx: BrokerContext) {
  return function authorizePublish(client: Client | null, packet: PublishPacket, callback: Callback) {
    // A will left behind by a broker node that died: its ACL was checked when it was set, at CONNECT.
    if (client === null) return accept(ctx, null, packet, callback);

    const identity = identityOf(client);
    if (!identity) return callback(new Error('publish before authentication'));

    const facts = ctx.connectFacts.get(client);
    const isWill = facts?.will === packet;

    if (isWill && ctx.superseded.has(client)) {
      // The client id lives on at another broker node: this connection moved, it did not fail.
      dropPacket(packet);
      return callback(null);
    }
    if (topicDepth(packet.topic) > ctx.config.maxTopicDepth)
      return refuse(ctx, client, packet, 'topic_too_deep', callback);
    const denial = publishDenial(identity, packet.topic);
    if (denial) return refuse(ctx, client, packet, denial, callback);
    if (packet.payload.length > ctx.config.maxPayloadBytes)
      return refuse(ctx, client, packet, 'payload_too_large', callback);

    const wait = isWill ? 0 : ctx.rates.reserve(client);
    if (wait > 0) return hold(ctx, client, packet, wait, callback);
    accept(ctx, client, packet, callback);
  };
}

/** Holds a publish over its account's rate until the rate allows it, then accepts it. */
function hold(ctx: BrokerContext, client: Client, packet: PublishPacket, wait: number, callback: Callback) {
  ctx.metrics.throttledPublishes.inc();
  if (!ctx.throttled.has(client)) {
    // The gauge counts each client once per connection; broker.ts lowers it when the client leaves.
    ctx.throttled.add(client);
    ctx.metrics.rateLimitedClients.inc();
    ctx.log.info(
      { clientId: client.id, who: describe(identityOf(client)) },
      'publishes held back: over the account rate',
    );
  }
  setTimeout(() => {
    // Gone meanwhile: not acknowledged, so the gateway sends it again when it reconnects.
    if (client.closed) return callback(new Error('connection closed while over its publish rate'));
    accept(ctx, client, packet, callback);
  }, wait);
}

// Every accepted message passes through here, so nothing in the synchronous path allocates a closure.
function accept(ctx: BrokerContext, client: Client | null, packet: PublishPacket, callback: Callback): void {
  const hook = ctx.onPublish;
  if (!hook) {
    count(ctx, packet);
    return callback(null);
  }
  let pending: void | Promise<void>;
  try {
    pending = hook(packet, client);
  } catch (err) {
    return refuseByHook(ctx, client, packet, err, callback);
  }
  if (pending instanceof Promise) {
    pending.then(
      () => {
        count(ctx, packet);
        callback(null);
      },
      (err: unknown) => refuseByHook(ctx, client, packet, err, callback),
    );
  } else {
    count(ctx, packet);
    callback(null);
  }
}

function count(ctx: BrokerContext, packet: PublishPacket): void {
  ctx.metrics.messagesIn.inc();
  ctx.metrics.bytesIn.inc(packet.payload.length);
}

/** A refused message is dropped and counted, and acknowledged: the client stays connected (drop.ts). */
function refuse(
  ctx: BrokerContext,
  client: Client,
  packet: PublishPacket,
  reason: RefusalReason,
  callback: Callback,
): void {
  ctx.metrics.refuse(reason);
  ctx.log.debug(
    { clientId: client.id, who: describe(identityOf(client)), topic: packet.topic, reason },
    'publish refused',
  );
  try {
    ctx.onRefused?.(packet, client, reason);
  } catch (err) {
    ctx.log.warn({ err, topic: packet.topic }, 'onRefused failed');
  }
  dropPacket(packet);
  callback(null);
}

function refuseByHook(
  ctx: BrokerContext,
  client: Client | null,
  packet: PublishPacket,
  err: unknown,
  callback: Callback,
) {
  ctx.metrics.refuse('ingest_refused');
  ctx.log.warn(
    { clientId: client?.id, topic: packet.topic, err: (err as Error)?.message },
    'publish not acknowledged: onPublish failed',
  );
  callback(err instanceof Error ? err : new Error(String(err)));
}
