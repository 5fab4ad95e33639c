import { randomUUID } from 'node:crypto';
import type { MQEmitter, Message } from 'mqemitter';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { deferringMqemitter, type DeferringEmitter } from '../limits/deferring-emitter.ts';
import type { BrokerRedis } from '../redis-connections.ts';
import { PublishGate } from './publish-gate.ts';
import { RemoteInterest } from './remote-interest.ts';
import { decodeForward, encodeForward } from './wire.ts';

type Listener = (message: Message, done: () => void) => void;
type Callback = (error?: Error) => void;

/** Timings of {@link InterestEmitter}; the defaults suit production, tests shorten them. */
export interface InterestTimings {
  /** How often a node says it is alive (and refreshes the expiry of its filters in Redis). */
  heartbeatMs: number;
  /** A node silent this long is dead: its filters are dropped here and expire in Redis. */
  nodeTtlMs: number;
  /** The longest a subscription waits for the other nodes to confirm its filter before its SUBACK. */
  ackTimeoutMs: number;
}

const DEFAULT_TIMINGS: InterestTimings = { heartbeatMs: 5_000, nodeTtlMs: 30_000, ackTimeoutMs: 5_000 };

/**
 * `LOUYU_BROKER_NODE_TTL_MS`: how long a silent node counts as alive (30 s by default), its heartbeat a
 * sixth of it. The fault tests shorten it so that a killed node's expiry does not take half a minute.
 */
export function interestTimingsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<InterestTimings> {
  const raw = env.LOUYU_BROKER_NODE_TTL_MS;
  if (raw === undefined || raw === '') return {};
  const nodeTtlMs = Number(raw);
  if (!Number.isSafeInteger(nodeTtlMs) || nodeTtlMs < 600)
    throw new Error(
      `LOUYU_BROKER_NODE_TTL_MS must be an integer of at least 600 (got ${JSON.stringify(raw)})`,
    );
  return { nodeTtlMs, heartbeatMs: Math.min(DEFAULT_TIMINGS.heartbeatMs, Math.floor(nodeTtlMs / 6)) };
}

/** Redis names, all under one prefix. */
const PREFIX = 'louyu:mq:';
const CONTROL = `${PREFIX}control`;
const EVERYONE = `${PREFIX}all`;
const toNode = (node: string) => `${PREFIX}to:${node}`;
const filtersKey = (node: string) => `${PREFIX}filters:${node}`;
/** The hash field holding the order number of the node's last change (MQTT filters cannot hold NUL). */
const SEQ_FIELD = '\u0000seq';

/** A change of a node's filters, its heartbeat, its goodbye, or a confirmation, on the control channel. */
type Control =
  | { t: 'add' | 'rm' | 'reset'; n: string; s: number; f: string[] }
  | { t: 'hb'; n: string; s: number }
  | { t: 'bye'; n: string }
  | { t: 'ack'; n: string; to: string; s: number };

/** A message waiting for its Redis publish before local delivery, so local order stays emit order. */
interface Outgoing {
  packet: Message;
  callback: Callback | undefined;
  ready: boolean;
  error: Error | undefined;
}

/**
 * aedes' message router (its `mq`) for broker nodes sharing a Redis, with interest-based forwarding.
 *
 * mqemitter-redis published every message to Redis and delivered it, on its own node too, only when it
 * came back: each reading cost a msgpack encode, a PUBLISH and its reply on every node, whether or not a
 * subscriber anywhere else wanted it (a third of a `louyu node`'s CPU in the bench, where nobody did).
 * Here messages are routed locally as on a single node (limits/deferring-emitter.ts), and a message
 * goes to Redis only for the nodes that have a matching subscriber: each node keeps its topic filters in
 * a Redis hash, announces every change on a control channel, and follows the others' (RemoteInterest).
 *
 * What makes it safe:
 * - A subscription completes (aedes sends the SUBACK) only after every other node listening on the
 *   control channel has applied the new filter and said so, so a message published on any node after
 *   the SUBACK is forwarded to it. A node that does not answer in `ackTimeoutMs` is logged and not
 *   waited for.
 * - A node that does not know the others' state (starting, or its subscribed connection was cut) sends
 *   every message to all nodes until it has read their filters again; a node whose filters it is
 *   (re)reading gets every message meanwhile. Changes carry order numbers, so a missed one is noticed and
 *   the node's filters read again.
 * - When a message is forwarded, local delivery waits for Redis to take it, as it did with
 *   mqemitter-redis, so aedes-persistence-redis' subscription broadcasts (`$SYS/sub/+`, which every
 *   node listens to) have reached Redis before their subscriber's SUBACK.
 * - A node's filters expire in Redis after `nodeTtlMs` without a heartbeat (a killed node), and the
 *   other nodes forget it then; an orderly close says goodbye at once. Its node id is new at every start.
 *
 * Every node of a cluster must run this (the messages travel on Louyu's own channels, not mqemitter-redis').
 */
export class InterestEmitter implements MQEmitter {
  /** This node's id in Redis names and control messages, new at each start. */
  readonly node = randomUUID();
  readonly #redis: BrokerRedis;
  readonly #log: Logger;
  readonly #timings: InterestTimings;
  readonly #local: DeferringEmitter = deferringMqemitter({ concurrency: 100 });
  readonly #interest = new RemoteInterest();
  readonly #forwarded: Counter;
  readonly #received: Counter;
  /** Local subscriptions per filter (several clients may share one). */
  readonly #filters = new Map<string, number>();
  /** Each filter's announcement, done once every other node confirmed it. */
  readonly #announced = new Map<string, Promise<void>>();
  #seq = 0;
  readonly #acks = new Map<number, { from: Set<string>; need: number; finish: () => void }>();
  /** Whether the other nodes' filters are known; until then every message goes to all of them. */
  #synced = false;
  #generation = 0;
  /** Control messages of nodes whose filters are being read, applied after the read. */
  readonly #buffered = new Map<string, Control[]>();
  #outgoing: Outgoing[] = [];
  #head = 0;
  readonly #controlChannel = Buffer.from(CONTROL);
  readonly #timer: NodeJS.Timeout;
  #closed = false;
  /**
   * Resolves once this node listens on the control channel. Announcements wait for it, so the number of
   * listeners Redis answers to each of them counts this node, and they reach Redis in order.
   */
  readonly #listening: Promise<void>;
  /** Forwarding waits after an outage of the publishing connection until the others are back. */
  readonly #gate: PublishGate;
  #nowListening: () => void = () => {};

  constructor(
    redis: BrokerRedis,
    log: Logger,
    registry: Registry,
    timings: Partial<InterestTimings> = interestTimingsFromEnv(),
  ) {
    this.#redis = redis;
    this.#gate = new PublishGate(redis.pub);
    this.#log = log.child({ part: 'cluster' });
    this.#timings = { ...DEFAULT_TIMINGS, ...timings };
    this.#forwarded = new Counter({
      name: 'louyu_broker_cluster_forwarded_messages_total',
      help: 'Messages this node published to Redis for subscribers on other nodes (a message sent to every node counts once)',
      registers: [registry],
    });
    this.#received = new Counter({
      name: 'louyu_broker_cluster_received_messages_total',
      help: 'Messages other nodes forwarded to this one through Redis',
      registers: [registry],
    });
    const { sub } = redis;
    sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#onRedisMessage(channel, message));
    // Cut from the control channel: changes may be missed, so everything goes to everyone until the
    // filters are read again.
    sub.on('close', () => {
      this.#synced = false;
    });
    this.#listening = new Promise((resolve) => (this.#nowListening = resolve));
    sub.on('ready', () => void this.#subscribeAndSync());
    if (sub.status === 'ready') void this.#subscribeAndSync();
    this.#timer = setInterval(() => this.#heartbeat(), this.#timings.heartbeatMs);
    this.#timer.unref();
  }

  get current(): number {
    return this.#local.current;
  }

  get concurrent(): number {
    return this.#local.concurrent;
  }

  /** Messages waiting for a routing slot. */
  get length(): number {
    return this.#local.length;
  }

  on(topic: string, listener: Listener, callback?: () => void): this {
    this.#local.on(topic, listener);
    const count = this.#filters.get(topic) ?? 0;
    this.#filters.set(topic, count + 1);
    let announced = this.#announced.get(topic);
    if (!announced) {
      announced = this.#announce('add', [topic]);
      this.#announced.set(topic, announced);
    }
    if (callback) void announced.then(() => setImmediate(callback));
    return this;
  }

  removeListener(topic: string, listener: Listener, callback?: () => void): void {
    this.#local.removeListener(topic, listener);
    const count = this.#filters.get(topic) ?? 0;
    if (count > 1) this.#filters.set(topic, count - 1);
    else if (count === 1) {
      this.#filters.delete(topic);
      this.#announced.delete(topic);
      // Not waited for: until the others apply it, they send a few messages nobody here wants.
      void this.#announce('rm', [topic]);
    }
    if (callback) setImmediate(callback);
  }

  emit(packet: Message, callback?: Callback): void {
    if (this.#closed) {
      callback?.(new Error('mqemitter is closed'));
      return;
    }
    const targets = this.#synced ? this.#interest.targets(packet.topic) : null;
    if (targets?.length === 0) {
      // Nobody elsewhere wants it: a single node's routing, unless forwarded messages are still ahead.
      if (this.#head === this.#outgoing.length) this.#local.emit(packet, callback);
      else this.#outgoing.push({ packet, callback, ready: true, error: undefined });
      return;
    }
    const entry: Outgoing = { packet, callback, ready: false, error: undefined };
    this.#outgoing.push(entry);
    const encoded = encodeForward(this.node, packet);
    const done = (error?: Error) => {
      if (error) entry.error = error;
      entry.ready = true;
      this.#flushOutgoing();
    };
    this.#forwarded.inc();
    const { pub } = this.#redis;
    // ioredis rejects with Errors (a connection that ended, a command Redis refused).
    const failed = (error: unknown) => done(error as Error);
    const send = (): void => {
      if (targets === null) pub.publish(EVERYONE, encoded).then(() => done(), failed);
      else if (targets.length === 1) pub.publish(toNode(targets[0]!), encoded).then(() => done(), failed);
      else Promise.all(targets.map((node) => pub.publish(toNode(node), encoded))).then(() => done(), failed);
    };
    // After an outage, the other nodes' subscriptions come back first (publish-gate.ts).
    const gate = this.#gate.wait();
    if (gate) void gate.then(send);
    else send();
  }

  close(callback: () => void = () => {}): void {
    if (this.#closed) {
      callback();
      return;
    }
    this.#closed = true;
    clearInterval(this.#timer);
    const { db, pub, sub } = this.#redis;
    // Goodbye, so the others stop forwarding at once (a killed node's filters expire instead).
    const bye =
      db.status === 'ready'
        ? Promise.race([
            db
              .multi()
              .del(filtersKey(this.node))
              .publish(CONTROL, JSON.stringify({ t: 'bye', n: this.node } satisfies Control))
              .exec()
              .catch(() => undefined),
            new Promise((resolve) => setTimeout(resolve, 1000).unref()),
          ])
        : Promise.resolve();
    void bye.then(() => {
      // While Redis is away, ioredis answers QUIT by cancelling the reconnect wait, so the connection
      // never ends: connections that are not ready stop retrying instead and end at their next attempt
      // (within ioredis' back-off, at most 2 s), and the router closes after them.
      const bothReady = sub.status === 'ready' && pub.status === 'ready';
      this.#redis.closing();
      const ended = [sub, pub].map((connection) =>
        connection.status === 'end'
          ? Promise.resolve()
          : new Promise((resolve) => connection.once('end', resolve)),
      );
      if (bothReady) {
        void sub.quit().catch(() => undefined);
        void pub.quit().catch(() => undefined);
      }
      void Promise.all(ended).then(() => this.#local.close(callback));
    });
  }

  /** Delivers locally, in emit order, the messages whose Redis publish is done. */
  #flushOutgoing(): void {
    while (this.#head < this.#outgoing.length) {
      const entry = this.#outgoing[this.#head]!;
      if (!entry.ready) break;
      this.#outgoing[this.#head++] = undefined as unknown as Outgoing;
      const { error, callback } = entry;
      this.#local.emit(entry.packet, (localError) => callback?.(error ?? localError));
    }
    if (this.#head === this.#outgoing.length) {
      this.#outgoing = [];
      this.#head = 0;
    }
  }

  #onRedisMessage(channel: Buffer, message: Buffer): void {
    if (channel.equals(this.#controlChannel)) {
      let control: Control;
      try {
        control = JSON.parse(message.toString('utf8')) as Control;
      } catch {
        return;
      }
      this.#onControl(control);
      return;
    }
    const forwarded = decodeForward(message);
    // Sent to every node by this one while it did not know their filters: already delivered here.
    if (!forwarded || forwarded.origin === this.node || this.#closed) return;
    this.#received.inc();
    this.#local.emit(forwarded.packet);
  }

  #onControl(control: Control): void {
    if (control.n === this.node || this.#closed) return;
    switch (control.t) {
      case 'ack':
        if (control.to === this.node) this.#acked(control.s, control.n);
        return;
      case 'bye':
        this.#buffered.delete(control.n);
        this.#interest.forget(control.n);
        return;
      default:
        this.#apply(control, false);
        // Applied (or this node sends that one everything until it is): the subscription may complete.
        if (control.t === 'add' || control.t === 'reset')
          this.#send({ t: 'ack', n: this.node, to: control.n, s: control.s });
    }
  }

  #apply(control: Exclude<Control, { t: 'ack' | 'bye' }>, replaying: boolean): void {
    const { n: node, s: seq } = control;
    const now = Date.now();
    const buffered = this.#buffered.get(node);
    if (buffered && !replaying) {
      buffered.push(control);
      return;
    }
    const last = this.#interest.seqOf(node);
    if (last === undefined) {
      if (control.t === 'reset') this.#interest.replace(node, seq, control.f, now);
      else void this.#load(node, [control]);
      return;
    }
    if (seq <= last) {
      this.#interest.seen(node, now);
      return;
    }
    if (control.t === 'reset') this.#interest.replace(node, seq, control.f, now);
    else if (control.t === 'hb' || seq !== last + 1) void this.#load(node, [control]);
    else if (control.t === 'add') this.#interest.change(node, seq, control.f, [], now);
    else this.#interest.change(node, seq, [], control.f, now);
  }

  /** Reads a node's filters from Redis; meanwhile it gets every message and its changes wait. */
  async #load(node: string, pending: Control[] = []): Promise<void> {
    if (this.#buffered.has(node)) {
      this.#buffered.get(node)!.push(...pending);
      return;
    }
    this.#buffered.set(node, [...pending]);
    this.#interest.startLoading(node);
    let hash: Record<string, string>;
    try {
      hash = await this.#redis.db.hgetall(filtersKey(node));
    } catch (err) {
      this.#log.warn({ err, node }, 'filters of another node not read: sending it everything, retrying');
      const waiting = this.#buffered.get(node) ?? [];
      this.#buffered.delete(node);
      if (!this.#closed) setTimeout(() => void this.#load(node, waiting), 1000).unref();
      return;
    }
    const waiting = this.#buffered.get(node);
    // Forgotten meanwhile (its goodbye).
    if (!waiting) return;
    this.#buffered.delete(node);
    const seqField = hash[SEQ_FIELD];
    // No filters in Redis (they expired, or Redis restarted empty): everything until its reset or its
    // silence says more.
    if (seqField === undefined) this.#interest.replace(node, 0, ['#'], Date.now());
    else
      this.#interest.replace(
        node,
        Number(seqField),
        Object.keys(hash).filter((field) => field !== SEQ_FIELD),
        Date.now(),
      );
    for (const control of waiting.sort((a, b) => ('s' in a ? a.s : 0) - ('s' in b ? b.s : 0)))
      if (control.t !== 'ack' && control.t !== 'bye') this.#apply(control, true);
  }

  /**
   * Writes this node's filters to Redis and announces the change; resolves once every other node
   * listening has confirmed it (or `ackTimeoutMs` passed), never rejects.
   */
  #announce(kind: 'add' | 'rm' | 'reset', filters: string[]): Promise<void> {
    const seq = ++this.#seq;
    // Promise reactions run in the order they were registered: the changes reach Redis in `seq` order.
    return this.#listening.then(() => this.#write(kind, filters, seq));
  }

  #write(kind: 'add' | 'rm' | 'reset', filters: string[], seq: number): Promise<void> {
    const key = filtersKey(this.node);
    const multi = this.#redis.db.multi();
    if (kind === 'reset') multi.del(key);
    if (kind === 'rm') multi.hdel(key, ...filters);
    const fields: Record<string, string> = { [SEQ_FIELD]: String(seq) };
    if (kind !== 'rm') for (const filter of filters) fields[filter] = '1';
    multi.hset(key, fields);
    multi.pexpire(key, this.#timings.nodeTtlMs);
    multi.publish(CONTROL, JSON.stringify({ t: kind, n: this.node, s: seq, f: filters } satisfies Control));
    if (kind === 'rm') {
      void multi.exec().catch((err: unknown) => this.#log.warn({ err }, 'filter removal not announced'));
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        const waiting = this.#acks.get(seq);
        if (!waiting) return;
        this.#log.warn(
          { filters, confirmed: waiting.from.size, expected: waiting.need },
          'not every node confirmed a new subscription in time: completing it anyway',
        );
        finish();
      }, this.#timings.ackTimeoutMs);
      timer.unref();
      const finish = () => {
        clearTimeout(timer);
        this.#acks.delete(seq);
        resolve();
      };
      const waiting = { from: new Set<string>(), need: Number.POSITIVE_INFINITY, finish };
      this.#acks.set(seq, waiting);
      multi.exec().then(
        (results) => {
          // PUBLISH answers how many connections listen on the control channel: every node, this one too.
          const listeners = Number(results?.at(-1)?.[1] ?? 0);
          waiting.need = Math.max(0, listeners - 1);
          if (waiting.from.size >= waiting.need) finish();
        },
        (err: unknown) => {
          // Redis away: the filter is announced again with all the others when it is back (reset).
          this.#log.warn({ err, filters }, 'subscription not announced to the other nodes');
          finish();
        },
      );
    });
  }

  #acked(seq: number, from: string): void {
    const waiting = this.#acks.get(seq);
    if (!waiting) return;
    waiting.from.add(from);
    if (waiting.from.size >= waiting.need) waiting.finish();
  }

  #send(control: Control): void {
    this.#redis.pub.publish(CONTROL, JSON.stringify(control)).catch(() => undefined);
  }

  /** (Re)subscribes to this node's channels, announces all its filters, then reads the others'. */
  async #subscribeAndSync(): Promise<void> {
    const generation = ++this.#generation;
    this.#synced = false;
    try {
      // Resolves once Redis has them (ioredis also resubscribes by itself after a reconnect).
      await this.#redis.sub.subscribe(CONTROL, EVERYONE, toNode(this.node));
      this.#nowListening();
      if (generation !== this.#generation || this.#closed) return;
      this.#interest.clear();
      this.#buffered.clear();
      void this.#announce('reset', [...this.#filters.keys()]);
      const nodes: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await this.#redis.db.scan(cursor, 'MATCH', `${PREFIX}filters:*`, 'COUNT', 200);
        cursor = next;
        for (const key of keys) {
          const node = key.slice(`${PREFIX}filters:`.length);
          if (node !== this.node) nodes.push(node);
        }
      } while (cursor !== '0');
      await Promise.all(nodes.map((node) => this.#load(node)));
      if (generation === this.#generation && this.#redis.sub.status === 'ready') this.#synced = true;
    } catch (err) {
      if (this.#closed) return;
      this.#log.warn({ err }, 'filters of the other nodes not read: sending them everything, retrying');
      setTimeout(() => {
        if (generation === this.#generation && !this.#closed) void this.#subscribeAndSync();
      }, 1000).unref();
    }
  }

  #heartbeat(): void {
    if (this.#closed || !this.#synced) return;
    const key = filtersKey(this.node);
    this.#redis.db
      .multi()
      .pexpire(key, this.#timings.nodeTtlMs)
      .publish(CONTROL, JSON.stringify({ t: 'hb', n: this.node, s: this.#seq } satisfies Control))
      .exec()
      .then((results) => {
        // The filters are gone from Redis (a restart without persistence, or this node stalled past
        // their expiry): written again whole.
        if (Number(results?.[0]?.[1]) === 0 && !this.#closed)
          void this.#announce('reset', [...this.#filters.keys()]);
      })
      .catch(() => undefined);
    for (const node of this.#interest.silentSince(Date.now() - this.#timings.nodeTtlMs)) {
      this.#interest.forget(node);
      this.#log.info({ node }, 'another node went silent: no longer forwarding to it');
    }
  }
}
