import mqemitter, { type MQEmitter, type Message } from 'mqemitter';

type Listener = (message: Message, done: () => void) => void;
type Callback = (error?: Error) => void;

/** Options of {@link DeferringEmitter}. */
export interface DeferringEmitterOptions {
  /** Messages being routed at once; more wait in order (mqemitter's `concurrency`, aedes' default 100). */
  concurrency?: number;
  /**
   * Routings that may complete synchronously, one after another, in one turn of the event loop; past
   * it the rest of the queue waits for `setImmediate`, so sockets and timers get their turn.
   */
  maxSyncCompletions?: number;
}

/**
 * aedes' message router (its `mq`): mqemitter for matching, with the queue of messages waiting for a
 * routing slot kept here and drained by a loop instead of by recursion.
 *
 * mqemitter 7 drains its queue recursively: when a routing finishes it calls the emitter's callback and
 * then, in the same stack, starts the next queued message (`released` -> `_do` -> fastparallel ->
 * `released` ...). A message that matches no listener finishes synchronously, so a long queue of them
 * is drained in one ever deeper stack, and aedes' callback in that stack reads and parses the next
 * packets of the publisher's socket (client.js `nextBatch` -> `socket.read` -> `parse` -> `publish` ->
 * `mq.emit`). That queue grows when a subscriber stops reading (its deliveries wait for 'drain' and
 * hold all 100 slots, while publishers' packets keep arriving); when that subscriber then goes away
 * (ingest pausing on a full spool, a bench subscriber disconnecting) the queued messages match nobody,
 * and the broker dies with `RangeError: Maximum call stack size exceeded` (mcollina/mqemitter#204).
 *
 * Here the inner mqemitter has no concurrency limit of its own (it never queues), and this class does
 * what it did: at most `concurrency` messages routing, the rest in a FIFO. A routing that completes
 * synchronously only marks its slot free; the loop that is already draining starts the next message,
 * so the stack depth no longer depends on the queue's length. After `maxSyncCompletions` synchronous
 * completions in one turn, the loop yields to the event loop (`setImmediate`), as mqemitter's
 * maintainer suggested: deferral only when the same tick has gone past a depth, so the usual path
 * costs nothing extra.
 */
export class DeferringEmitter implements MQEmitter {
  readonly #inner: MQEmitter;
  readonly #concurrency: number;
  readonly #maxSync: number;
  #current = 0;
  #queue: (Message | Callback)[] = [];
  #head = 0;
  #draining = false;
  #syncCompletions = 0;
  #yieldScheduled = false;
  #closed = false;

  constructor(inner: MQEmitter, options: DeferringEmitterOptions = {}) {
    this.#inner = inner;
    this.#concurrency = Math.max(1, options.concurrency ?? 100);
    this.#maxSync = Math.max(1, options.maxSyncCompletions ?? 1000);
  }

  /** Messages routing now. */
  get current(): number {
    return this.#current;
  }

  /** The most messages routing at once. */
  get concurrent(): number {
    return this.#concurrency;
  }

  /** Messages waiting for a routing slot. */
  get length(): number {
    return (this.#queue.length - this.#head) / 2;
  }

  on(topic: string, listener: Listener, callback?: () => void): this {
    this.#inner.on(topic, listener, callback);
    return this;
  }

  removeListener(topic: string, listener: Listener, callback?: () => void): void {
    this.#inner.removeListener(topic, listener, callback);
  }

  emit(message: Message, callback?: Callback): void {
    if (this.#closed) {
      // As mqemitter: a closed emitter refuses at once.
      callback?.(new Error('mqemitter is closed'));
      return;
    }
    this.#queue.push(message, callback ?? noop);
    this.#drain();
  }

  close(callback: () => void): void {
    this.#closed = true;
    this.#inner.close(callback);
  }

  #drain(): void {
    // A drain further up this stack starts whatever is queued: no recursion through the queue.
    if (this.#draining || this.#yieldScheduled) return;
    this.#draining = true;
    try {
      while (this.#current < this.#concurrency && this.#head < this.#queue.length) {
        if (this.#syncCompletions >= this.#maxSync) {
          this.#yieldScheduled = true;
          setImmediate(() => {
            this.#yieldScheduled = false;
            this.#syncCompletions = 0;
            this.#drain();
          });
          return;
        }
        const message = this.#queue[this.#head] as Message;
        const callback = this.#queue[this.#head + 1] as Callback;
        this.#queue[this.#head] = this.#queue[this.#head + 1] = undefined as unknown as Message;
        this.#head += 2;
        this.#current++;
        let sync = true;
        this.#inner.emit(message, (error?: Error) => {
          this.#current--;
          if (sync) this.#syncCompletions++;
          callback(error);
          // Completed later (a listener waited): nothing up the stack is draining, so start the next.
          if (!sync) this.#drain();
        });
        sync = false;
      }
    } finally {
      this.#draining = false;
      this.#compact();
    }
    // Asynchronous completions happen in later turns: the count is per turn.
    if (!this.#yieldScheduled) this.#syncCompletions = 0;
  }

  #compact(): void {
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}

/** The emitter for a single broker node: mqemitter (matching) behind a {@link DeferringEmitter}. */
export function deferringMqemitter(options: DeferringEmitterOptions = {}): DeferringEmitter {
  // concurrency 0: mqemitter never queues; the wrapper does. [MQTT-4.7.1-3] empty levels match.
  return new DeferringEmitter(mqemitter({ concurrency: 0, matchEmptyLevels: true }), options);
}

function noop(): void {}
