import { setTimeout as delay } from 'node:timers/promises';
import { STATUS_VALUES, TOPIC_ROOT, type GatewayStatus } from '@louyu/core';
import type { Aedes, Client, PublishPacket } from 'aedes';
import type { MQEmitter } from 'mqemitter';
import { dropPacket } from './acl/drop.ts';
import type { BrokerContext } from './context.ts';
import { identityOf } from './identity.ts';
import { MemoryPresence, type GatewayPresence } from './status/presence.ts';
import { RedisPresence } from './status/redis-presence.ts';

/** How often a node says it is alive and looks for nodes that died (with `--redis`). */
const HEARTBEAT_MS = 10_000;
/** A node silent this long is dead: its gateways no longer count. */
const NODE_TTL_MS = 3 * HEARTBEAT_MS;
/** How long an orderly shutdown waits for its `stopped` statuses. */
const SHUTDOWN_WAIT_MS = 5_000;

/**
 * Keeps each building's retained status topic `louyu/v1/{building}/status` true (core/README.md, "MQTT
 * contract"). Status is per gateway: a building may have several gateways (or a technician's tool on a
 * gateway account), and it is `online` while at least one of them is connected. When the last one goes,
 * the status says how: `offline` for an outage (a broken link, a keep-alive expiry, a DISCONNECT without
 * a goodbye), `stopped` for an orderly stop (the gateway said `offline` itself before disconnecting, or
 * the broker is shutting down), which dashboards do not count as an outage.
 *
 * The broker is the only writer of the topic for gateway accounts: a gateway's own messages there, its
 * Last Will included, speak for that gateway only, so they are noted and dropped (the gateway still
 * gets its PUBACK) and the broker publishes the building's status instead. Admin accounts may still set
 * it by hand. With `--redis` the gateway connections of every node are counted in Redis
 * ({@link RedisPresence}); without it, in memory.
 */
export function trackGatewayStatus(broker: Aedes, ctx: BrokerContext): void {
  const presence: GatewayPresence = ctx.config.redis
    ? new RedisPresence(ctx.config.redis, ctx.log, { nodeTtlMs: NODE_TTL_MS })
    : new MemoryPresence();
  const tracker = new StatusTracker(broker, ctx, presence);

  broker.on('clientReady', (client) => tracker.connected(client));
  broker.on('clientDisconnect', (client) => tracker.disconnected(client));

  // aedes calls its handlers through the instance (aedes docs: `aedes.authorizePublish = ...`), for a
  // client's messages, its will, and the wills of dead nodes alike.
  const authorize = broker.authorizePublish.bind(broker);
  broker.authorizePublish = (client, packet, callback) => {
    if (!tracker.takes(client, packet)) return authorize(client, packet, callback);
    dropPacket(packet);
    callback(null);
  };

  // An orderly shutdown publishes `stopped` for the buildings whose last gateways are here before aedes
  // disconnects them, so that neither their wills nor the broker say `offline`.
  const close = broker.close.bind(broker);
  broker.close = (callback?: () => void) => {
    if (broker.closed) return close(callback);
    void tracker
      .shutdown()
      .catch((err: unknown) => ctx.log.error({ err }, 'could not publish the shutdown status'))
      .finally(() =>
        close(() => {
          void presence.close(broker.id).finally(() => callback?.());
        }),
      );
  };
}

/** The building whose status topic `topic` is, or null. */
function statusBuilding(topic: string): string | null {
  if (!topic.endsWith('/status') || !topic.startsWith(`${TOPIC_ROOT}/`)) return null;
  const parts = topic.split('/');
  return parts.length === 4 ? (parts[2] ?? null) : null;
}

/** A will that aedes publishes for a client of another node (the node died): it names them. */
type StoredWill = PublishPacket & { clientId?: string; brokerId?: string };

class StatusTracker {
  readonly #broker: Aedes;
  readonly #ctx: BrokerContext;
  readonly #presence: GatewayPresence;
  /** Gateway connections on this node and their buildings. */
  readonly #local = new Map<Client, string>();
  /** Gateways that said `offline` (or `stopped`) themselves: their leaving is orderly. */
  readonly #saidGoodbye = new WeakSet<Client>();
  /** Connections that have closed (aedes may still say they are ready afterwards). */
  readonly #gone = new WeakSet<Client>();
  /** Connections already let go by the shutdown: their disconnect says nothing more. */
  readonly #released = new WeakSet<Client>();
  /** One queue per building, so this node's joins, leaves and publishes keep their order. */
  readonly #queues = new Map<string, Promise<void>>();
  /** The node's first heartbeat: nothing is counted before its connections would look alive. */
  readonly #ready: Promise<void>;
  #stopping = false;

  constructor(broker: Aedes, ctx: BrokerContext, presence: GatewayPresence) {
    this.#broker = broker;
    this.#ctx = ctx;
    this.#presence = presence;
    this.#ready = this.#heartbeat();
    const timer = setInterval(() => {
      void this.#heartbeat().then(() => this.#sweep());
    }, HEARTBEAT_MS);
    timer.unref();
    broker.on('closed', () => clearInterval(timer));
  }

  connected(client: Client): void {
    const identity = identityOf(client);
    // aedes says a client is ready only once its queued messages are out, after CONNACK: a client that
    // closed its connection as soon as it had CONNACK may have been disconnected already.
    if (identity?.role !== 'gateway' || this.#gone.has(client)) return;
    if (this.#stopping) {
      this.#released.add(client);
      return;
    }
    const { building } = identity;
    this.#local.set(client, building);
    this.#enqueue(building, async () => {
      await this.#presence.join(building, client.id, this.#broker.id);
      await this.#publish(building, 'online');
    });
  }

  disconnected(client: Client): void {
    const identity = identityOf(client);
    if (identity?.role !== 'gateway') return;
    this.#gone.add(client);
    this.#local.delete(client);
    // A client id that moved to another node did not go offline (see watchTakeovers).
    if (this.#released.has(client) || this.#ctx.superseded.has(client)) return;
    const orderly = this.#saidGoodbye.has(client) || this.#stopping;
    this.#leave(identity.building, client.id, this.#broker.id, orderly ? 'stopped' : 'offline');
  }

  /**
   * Whether a message is a gateway speaking on its building's status topic (which this tracker takes
   * and the caller drops), rather than something for the broker's ordinary rules.
   */
  takes(client: Client | null, packet: PublishPacket): boolean {
    const building = statusBuilding(packet.topic);
    if (building === null) return false;
    const will = packet as StoredWill;
    if (will.brokerId !== undefined && will.brokerId !== this.#broker.id) {
      // The will of a gateway whose node died: that connection is gone, whatever it said.
      if (will.clientId !== undefined) this.#leave(building, will.clientId, will.brokerId, 'offline');
      return true;
    }
    const identity = identityOf(client);
    if (client === null || identity?.role !== 'gateway' || identity.building !== building) return false;
    if (this.#ctx.connectFacts.get(client)?.will === packet) return true; // disconnected() speaks for it
    const said = String(packet.payload).trim();
    if (said === 'online') this.#saidGoodbye.delete(client);
    else if (STATUS_VALUES.includes(said as GatewayStatus)) this.#saidGoodbye.add(client);
    return true;
  }

  /** Lets go of this node's gateways before aedes disconnects them: `stopped` where none is left. */
  async shutdown(): Promise<void> {
    this.#stopping = true;
    for (const [client, building] of this.#local) {
      this.#released.add(client);
      this.#leave(building, client.id, this.#broker.id, 'stopped');
    }
    this.#local.clear();
    // A Redis outage must not hold the shutdown: aedes then disconnects the gateways anyway.
    const waited = await Promise.race([
      Promise.all(this.#queues.values()).then(() => true),
      delay(SHUTDOWN_WAIT_MS, false, { ref: false }),
    ]);
    if (!waited) this.#ctx.log.warn('shutting down before every gateway status was published');
  }

  #leave(building: string, clientId: string, node: string, gone: 'offline' | 'stopped'): void {
    this.#enqueue(building, async () => {
      if ((await this.#presence.leave(building, clientId, node)) > 0) return;
      await this.#publish(building, gone);
      // Another node may have counted a gateway in the meantime and published `online` before this.
      if (!this.#stopping && (await this.#presence.count(building)) > 0)
        await this.#publish(building, 'online');
    });
  }

  #enqueue(building: string, step: () => Promise<void>): void {
    const previous = this.#queues.get(building) ?? this.#ready;
    const next = previous
      .then(step)
      .catch((err: unknown) => this.#ctx.log.error({ err, building }, 'could not update gateway status'));
    this.#queues.set(building, next);
    void next.finally(() => {
      if (this.#queues.get(building) === next) this.#queues.delete(building);
    });
  }

  async #heartbeat(): Promise<void> {
    try {
      if (await this.#presence.heartbeat(this.#broker.id)) return;
      // Redis gave this node up for dead (or this is its first heartbeat): count its gateways again.
      for (const [client, building] of this.#local) {
        this.#enqueue(building, async () => {
          await this.#presence.join(building, client.id, this.#broker.id);
          await this.#publish(building, 'online');
        });
      }
    } catch (err) {
      this.#ctx.log.warn({ err }, 'gateway status heartbeat failed');
    }
  }

  async #sweep(): Promise<void> {
    if (this.#stopping) return;
    try {
      for (const building of await this.#presence.sweep())
        this.#enqueue(building, () => this.#publish(building, 'offline'));
    } catch (err) {
      this.#ctx.log.warn({ err }, 'gateway status sweep failed');
    }
  }

  /** Publishes a building's status, retained, through the onPublish hook first (the all-in-one ingest). */
  async #publish(building: string, status: GatewayStatus): Promise<void> {
    const packet = {
      cmd: 'publish',
      topic: `${TOPIC_ROOT}/${building}/status`,
      payload: Buffer.from(status),
      qos: 1,
      retain: true,
      dup: false,
    } as PublishPacket;
    const hook = this.#ctx.onPublish;
    // The in-process ingest sees status changes too; a failure there must not hide the status.
    if (hook) {
      try {
        await hook(packet, null);
      } catch (err) {
        this.#ctx.log.warn({ err, building }, 'onPublish failed for a gateway status');
      }
    }
    await new Promise<void>((resolve) =>
      this.#broker.publish(packet, (err) => {
        if (err) this.#ctx.log.error({ err, building }, 'could not publish gateway status');
        resolve();
      }),
    );
  }
}

/**
 * When a gateway's client id connects on another broker node, aedes there announces it on
 * `$SYS/{node}/new/clients` and this node closes its old connection. That node has already published
 * `online`; an `offline` (ours or the old connection's will) would land after it and stick. So the old
 * connection is marked as superseded: no broker `offline`, and its will is dropped (authorize-publish).
 * This listener must be on the emitter before aedes' own (which closes the old connection, at times
 * synchronously), hence it is added before aedes is created. On a single node aedes closes the old
 * connection before the new one registers, so the order is already right there.
 */
export function watchTakeovers(mq: MQEmitter, getBroker: () => Aedes | null, ctx: BrokerContext): void {
  mq.on('$SYS/+/new/clients', (packet, done) => {
    const broker = getBroker() as (Aedes & { clients: Record<string, Client | undefined> }) | null;
    const node = packet.topic.split('/')[1];
    const local = broker?.clients[String(packet.payload)];
    if (broker && node !== broker.id && local) ctx.superseded.add(local);
    done();
  });
}
