import type { Logger } from 'pino';
import { Gauge, Counter, type Registry } from 'prom-client';
import { READ_GATE, ReadGate } from './read-gate.ts';

/** The bound on what the broker holds for one persistent session (clean = false) that is not keeping up. */
export interface SessionQueueBound {
  /** QoS 1/2 messages queued for one session, sent or not, until it acknowledges them. */
  maxMessages: number;
  /** Their payload bytes. */
  maxBytes: number;
}

/** 100,000 messages or 64 MiB of payload per session, whichever comes first. */
export const DEFAULT_SESSION_QUEUE_BOUND: SessionQueueBound = {
  maxMessages: 100_000,
  maxBytes: 64 * 1024 * 1024,
};

/** The share of the bound at which the broker warns (log and `louyu_broker_session_queues_near_bound`). */
const WARN_RATIO = 0.8;
/** Held publishes go on once the queue is back under this share of the bound (a little room each time). */
const RESUME_RATIO = 0.95;

/**
 * Reads the bound from `LOUYU_BROKER_SESSION_QUEUE_MAX_MESSAGES` and `LOUYU_BROKER_SESSION_QUEUE_MAX_BYTES`
 * (positive integers), each defaulting to {@link DEFAULT_SESSION_QUEUE_BOUND}.
 */
export function sessionQueueBoundFromEnv(env: NodeJS.ProcessEnv = process.env): SessionQueueBound {
  const read = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new Error(`${name} must be a positive integer (got ${JSON.stringify(raw)})`);
    }
    return value;
  };
  return {
    maxMessages: read('LOUYU_BROKER_SESSION_QUEUE_MAX_MESSAGES', DEFAULT_SESSION_QUEUE_BOUND.maxMessages),
    maxBytes: read('LOUYU_BROKER_SESSION_QUEUE_MAX_BYTES', DEFAULT_SESSION_QUEUE_BOUND.maxBytes),
  };
}

interface Depth {
  messages: number;
  bytes: number;
  /** Warned that it nears the bound (cleared once well under it again). */
  warned: boolean;
  /** At the bound: publishes for it are held. */
  full: boolean;
}

interface QueuedPacket {
  payload?: Uint8Array | string;
}
interface Subscription {
  clientId: string;
}
interface Held {
  targets: string[];
  start: () => void;
}

/** The part of aedes-persistence (memory) this wraps. */
export interface OutgoingPersistence {
  outgoingEnqueue(sub: Subscription, packet: QueuedPacket): Promise<void>;
  outgoingEnqueueCombi(subs: Subscription[], packet: QueuedPacket): Promise<void>;
  outgoingClearMessageId(client: { id: string }, packet: unknown): Promise<QueuedPacket | undefined | null>;
}

/**
 * Counts what aedes-persistence (memory) holds for each persistent session and bounds it.
 *
 * aedes queues every QoS 1 message for each persistent session whose subscription matches (sent or not)
 * until that session's PUBACK; a paused or absent subscriber's queue grows without limit. aedes routes a
 * QoS 1 message in order: PUBACK to the publisher, then `outgoingEnqueueCombi` (this queue), then the
 * live subscribers. When a session's queue is at the bound, `outgoingEnqueueCombi` for a message bound
 * to it waits here (the message is already acknowledged and is kept in this list, in order), and the
 * {@link ReadGate} closes: the frame guard stops reading every connection that has published, so aedes
 * parses and acknowledges nothing more from the gateways (TCP backpressure), while subscribers' PUBACKs
 * are still read. Held messages go on, in their order, once the queue is back under 95 % of the bound,
 * and the gate opens. So the queue can exceed the bound only by what publishers had already sent in
 * the socket read that met it.
 */
export class SessionQueues {
  readonly #bound: SessionQueueBound;
  readonly #log: Logger;
  readonly #depths = new Map<string, Depth>();
  /** Held messages, oldest first. */
  #held: Held[] = [];
  /** How many held messages name each session. */
  readonly #heldFor = new Map<string, number>();
  readonly #heldTotal: Counter;
  /** Closed while a session is full or messages are held: publishers are not read (frame-guard.ts). */
  readonly gate = new ReadGate();

  constructor(bound: SessionQueueBound, log: Logger, registry: Registry) {
    this.#bound = bound;
    this.#log = log;
    const registers = [registry];
    const sum = (pick: (d: Depth) => number) => {
      let total = 0;
      for (const d of this.#depths.values()) total += pick(d);
      return total;
    };
    const largest = (pick: (d: Depth) => number) => {
      let most = 0;
      for (const d of this.#depths.values()) most = Math.max(most, pick(d));
      return most;
    };
    const queues = this.#depths;
    const held = () => this.#held.length;
    new Gauge({
      name: 'louyu_broker_session_queue_messages',
      help: 'QoS 1/2 messages the broker holds for persistent sessions until they acknowledge them (all sessions)',
      registers,
      collect() {
        this.set(sum((d) => d.messages));
      },
    });
    new Gauge({
      name: 'louyu_broker_session_queue_bytes',
      help: 'Payload bytes the broker holds for persistent sessions (all sessions)',
      registers,
      collect() {
        this.set(sum((d) => d.bytes));
      },
    });
    new Gauge({
      name: 'louyu_broker_session_queue_largest_messages',
      help: 'Messages held for the persistent session with the longest queue',
      registers,
      collect() {
        this.set(largest((d) => d.messages));
      },
    });
    new Gauge({
      name: 'louyu_broker_session_queue_bound_messages',
      help: 'The most messages held for one session before its publishers are held back',
      registers,
    }).set(bound.maxMessages);
    new Gauge({
      name: 'louyu_broker_session_queue_bound_bytes',
      help: 'The most payload bytes held for one session before its publishers are held back',
      registers,
    }).set(bound.maxBytes);
    new Gauge({
      name: 'louyu_broker_session_queues_near_bound',
      help: `Persistent sessions whose queue is at ${WARN_RATIO * 100} % of the bound or more (the alarm)`,
      registers,
      collect() {
        let near = 0;
        for (const d of queues.values()) if (d.warned) near++;
        this.set(near);
      },
    });
    new Gauge({
      name: 'louyu_broker_session_queues_full',
      help: 'Persistent sessions at the bound: publishes bound for them are held, not acknowledged',
      registers,
      collect() {
        let full = 0;
        for (const d of queues.values()) if (d.full) full++;
        this.set(full);
      },
    });
    new Gauge({
      name: 'louyu_broker_publishes_held',
      help: 'Acknowledged publishes held because a session they go to is at the bound (their publishers wait)',
      registers,
      collect() {
        this.set(held());
      },
    });
    const gate = this.gate;
    new Gauge({
      name: 'louyu_broker_publishers_not_read',
      help: 'Publishing connections the broker stops reading while a session is at its bound',
      registers,
      collect() {
        this.set(gate.waiting);
      },
    });
    this.#heldTotal = new Counter({
      name: 'louyu_broker_publishes_held_total',
      help: 'Publishes that waited because a session they go to was at the bound',
      registers,
    });
  }

  /** Messages queued for one session now. */
  depth(clientId: string): { messages: number; bytes: number } {
    const d = this.#depths.get(clientId);
    return { messages: d?.messages ?? 0, bytes: d?.bytes ?? 0 };
  }

  /** Publishes waiting for room. */
  get held(): number {
    return this.#held.length;
  }

  /** Wraps the outgoing-queue methods of an aedes-persistence (memory) in place and returns it. */
  wrap<P extends object>(target: P): P {
    // aedes 1.2 calls these without a callback and awaits the promise they return.
    const persistence = target as unknown as OutgoingPersistence;
    Object.defineProperty(target, READ_GATE, { value: this.gate });
    const enqueue = persistence.outgoingEnqueue.bind(persistence);
    const enqueueCombi = persistence.outgoingEnqueueCombi.bind(persistence);
    const clear = persistence.outgoingClearMessageId.bind(persistence);

    // One session's own deliveries (retained messages on subscribe): counted, never held.
    persistence.outgoingEnqueue = (sub, packet) => {
      this.#add(sub.clientId, packet);
      return enqueue(sub, packet);
    };
    persistence.outgoingEnqueueCombi = (subs, packet) => {
      const targets = subs.map((s) => s.clientId);
      const run = () => {
        for (const id of targets) this.#add(id, packet);
        return enqueueCombi(subs, packet);
      };
      if (!this.#mustWait(targets)) return run();
      return new Promise<void>((resolve, reject) => {
        for (const id of targets) this.#heldFor.set(id, (this.#heldFor.get(id) ?? 0) + 1);
        this.#held.push({ targets, start: () => void run().then(resolve, reject) });
        this.gate.close();
        this.#heldTotal.inc();
      });
    };
    persistence.outgoingClearMessageId = async (client, packet) => {
      const removed = await clear(client, packet);
      if (removed) this.#remove(client.id, removed);
      return removed;
    };
    return target;
  }

  /** A message waits if one of its sessions is full or already has messages waiting (order per session). */
  #mustWait(targets: string[]): boolean {
    for (const id of targets) {
      if (this.#depths.get(id)?.full || (this.#heldFor.get(id) ?? 0) > 0) return true;
    }
    return false;
  }

  #add(clientId: string, packet: QueuedPacket): void {
    let d = this.#depths.get(clientId);
    if (!d) {
      d = { messages: 0, bytes: 0, warned: false, full: false };
      this.#depths.set(clientId, d);
    }
    d.messages++;
    d.bytes += sizeOf(packet);
    const { maxMessages, maxBytes } = this.#bound;
    if (!d.warned && (d.messages >= maxMessages * WARN_RATIO || d.bytes >= maxBytes * WARN_RATIO)) {
      d.warned = true;
      this.#log.warn(
        { clientId, messages: d.messages, bytes: d.bytes, bound: this.#bound },
        'session queue nears its bound: this subscriber is not keeping up (publishers will be held back at the bound)',
      );
    }
    if (!d.full && (d.messages >= maxMessages || d.bytes >= maxBytes)) {
      d.full = true;
      this.gate.close();
      this.#log.warn(
        { clientId, messages: d.messages, bytes: d.bytes, bound: this.#bound },
        'session queue at its bound: publishes bound for it are held and not acknowledged until it drains',
      );
    }
  }

  #remove(clientId: string, packet: QueuedPacket): void {
    const d = this.#depths.get(clientId);
    if (!d) return;
    d.messages = Math.max(0, d.messages - 1);
    d.bytes = Math.max(0, d.bytes - sizeOf(packet));
    const { maxMessages, maxBytes } = this.#bound;
    if (d.warned && d.messages < maxMessages * WARN_RATIO * 0.9 && d.bytes < maxBytes * WARN_RATIO * 0.9) {
      d.warned = false;
      this.#log.info(
        { clientId, messages: d.messages, bytes: d.bytes },
        'session queue well under its bound again',
      );
    }
    if (d.full && d.messages < maxMessages * RESUME_RATIO && d.bytes < maxBytes * RESUME_RATIO) {
      d.full = false;
      this.#log.info({ clientId, messages: d.messages }, 'session queue has room: held publishes go on');
      this.#release();
    }
    if (d.messages === 0 && !d.full && !d.warned && !this.#heldFor.get(clientId))
      this.#depths.delete(clientId);
  }

  /** Starts held messages, oldest first, while their sessions have room. */
  #release(): void {
    const still: Held[] = [];
    /** Sessions with an older message still held: a newer one for them must wait too. */
    const blocked = new Set<string>();
    const held = this.#held;
    this.#held = [];
    for (const h of held) {
      const wait = h.targets.some((id) => blocked.has(id) || this.#depths.get(id)?.full);
      if (wait) {
        still.push(h);
        for (const id of h.targets) blocked.add(id);
        continue;
      }
      for (const id of h.targets) {
        const n = (this.#heldFor.get(id) ?? 1) - 1;
        if (n > 0) this.#heldFor.set(id, n);
        else this.#heldFor.delete(id);
      }
      // Counting happens in start(): a session can fill again part way through this list.
      h.start();
    }
    this.#held = still.concat(this.#held);
    if (this.#held.length === 0 && ![...this.#depths.values()].some((d) => d.full)) this.gate.open();
  }
}

function sizeOf(packet: QueuedPacket): number {
  const payload = packet.payload;
  if (payload === undefined) return 0;
  return typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
}
