import type { Duplex } from 'node:stream';

/**
 * Stops the broker reading from publishing connections while it must not take more messages (a
 * persistent session's queue is at its bound, session-queues.ts), and starts them again after.
 *
 * aedes reads a socket in `nextBatch` when a 'readable' event arrives or the last packet of the
 * previous read is done; it also counts every 'readable' event as if a packet were done, so a gateway
 * that keeps sending small packets is read again even while its earlier packets wait. Holding those
 * packets alone does not stop the reads (and the PUBACKs that aedes writes for each packet read), so the
 * frame guard, which is where aedes reads, asks this gate first (frame-guard.ts).
 */
export class ReadGate {
  #closed = false;
  readonly #starved = new Set<Duplex>();
  /** Connections whose 'close' already forgets them (one listener per connection, however often it waits). */
  readonly #watched = new WeakSet<Duplex>();

  get closed(): boolean {
    return this.#closed;
  }

  /** Connections refused a read, waiting for {@link ReadGate.open}. */
  get waiting(): number {
    return this.#starved.size;
  }

  close(): void {
    this.#closed = true;
  }

  /** Notes a connection that was refused a read. */
  starve(socket: Duplex): void {
    if (this.#starved.has(socket)) return;
    this.#starved.add(socket);
    if (this.#watched.has(socket)) return;
    this.#watched.add(socket);
    socket.once('close', () => this.#starved.delete(socket));
  }

  /** Opens and tells every refused connection's reader (aedes) to read again. */
  open(): void {
    if (!this.#closed) return;
    this.#closed = false;
    const starved = [...this.#starved];
    this.#starved.clear();
    setImmediate(() => {
      for (const socket of starved) {
        if (this.#closed) this.starve(socket);
        else if (!socket.destroyed) socket.emit('readable');
      }
    });
  }
}

/** Where a persistence wrapped by session-queues.ts keeps its gate. */
export const READ_GATE = Symbol('louyu.readGate');

/**
 * The gate of the broker a connection belongs to: aedes sets `conn.client`, the client has its
 * `broker`, whose persistence carries the gate when it is Louyu's memory persistence.
 */
export function readGateOf(socket: Duplex): ReadGate | undefined {
  const holder = socket as Duplex & {
    client?: { broker?: { persistence?: { [READ_GATE]?: ReadGate } } };
  };
  return holder.client?.broker?.persistence?.[READ_GATE];
}
