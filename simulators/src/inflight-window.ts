/**
 * A bound on unacknowledged QoS 1 publishes: `acquire` takes a slot (waiting while all are taken),
 * `release` returns one when the PUBACK arrives. The only place a gateway's back-pressure lives.
 */
export class InflightWindow {
  private used = 0;
  private readonly waiters: (() => void)[] = [];
  private aborted = false;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`in-flight window must be a positive integer, got ${size}`);
  }

  get inFlight(): number {
    return this.used;
  }

  get full(): boolean {
    return this.used >= this.size;
  }

  /** Takes a slot now if one is free (true), without waiting. */
  tryAcquire(): boolean {
    if (this.used >= this.size) return false;
    this.used++;
    return true;
  }

  /** Takes a slot, waiting for a release while the window is full. */
  async acquire(): Promise<void> {
    while (!this.aborted && !this.tryAcquire())
      await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Wakes every waiter and stops waiting from now on (the owner is shutting down). */
  abort(): void {
    this.aborted = true;
    for (const wake of this.waiters.splice(0)) wake();
  }

  release(): void {
    if (this.used > 0) this.used--;
    this.waiters.shift()?.();
  }
}
