import type { TelemetryPoint } from '@louyu/core';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.ts';
import type { IngestMetrics } from './metrics.ts';
import type { Spool, SpoolBatch } from './spool/spool.ts';

/** The part of a `TelemetryStore` the writer needs. */
export interface PointSink {
  write(points: readonly TelemetryPoint[]): Promise<void>;
  /**
   * Optional: writes `count` points given as one JSON array text, which the sink parses itself (the store
   * worker does, on its own thread). The writer hands a spool batch over this way when it can; it falls
   * back to `write` for the halves of a batch the store refused.
   */
  writeJson?(json: Uint8Array, count: number): Promise<void>;
}

/** Options of {@link Writer}. */
export interface WriterOptions {
  spool: Spool;
  store: PointSink;
  /** Most points per store write. */
  batchSize: number;
  /** How long to wait for a full batch before writing a partial one, in ms. */
  lingerMs: number;
  retry: BackoffOptions;
  metrics?: IngestMetrics;
  /** A point the store refused for good (it was split out of its batch); the rest of the batch is stored. */
  onRejectedPoint?: (point: TelemetryPoint, error: unknown) => void;
  /** Each failed write, before the backoff (for logs). */
  onStoreError?: (error: unknown, retryInMs: number | undefined) => void;
  /** The writer hit an error it cannot work around (an unreadable spool) and stopped. */
  onFatal?: (error: unknown) => void;
  random?: () => number;
}

class Stopped extends Error {
  constructor() {
    super('writer stopped before the store took the batch');
  }
}

/**
 * True when a failed write may succeed later. The store's errors say so themselves (`canRetry()`); an error
 * without that method is unexpected, and retrying it keeps the data, where splitting would throw it away.
 */
export function isRetryable(error: unknown): boolean {
  const canRetry = (error as { canRetry?: unknown } | null)?.canRetry;
  return typeof canRetry === 'function' ? Boolean((canRetry as () => unknown).call(error)) : true;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

/**
 * Drains the spool into the store: batches of up to `batchSize` points (waiting up to `lingerMs` to fill
 * one), retried with exponential backoff and jitter while the store is down, committed to the spool only
 * after the store confirms. A batch the store refuses outright is split in halves until the refused points
 * are alone; those are dead-lettered and every other point is stored.
 */
export class Writer {
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private draining = false;
  private readonly abort = new AbortController();
  private unsubscribe: (() => void) | undefined;
  /** True while a partial batch waits to fill (an append then only wakes the loop for a full batch). */
  private lingering = false;

  constructor(private readonly options: WriterOptions) {}

  /** Starts draining in the background. */
  start(): void {
    if (this.running) return;
    this.unsubscribe = this.options.spool.onAppend(() => {
      if (this.options.spool.unread >= this.options.batchSize) this.wakeUp();
      else if (this.wake && !this.lingering) this.wakeUp();
    });
    this.running = this.loop().catch((error: unknown) => this.options.onFatal?.(error));
  }

  /**
   * Writes everything in the spool, then stops. If the store does not take it all within `timeoutMs`, the
   * rest stays in the spool (on disk) for the next start.
   */
  async stop(timeoutMs: number): Promise<void> {
    // Records appended in this event-loop turn are written at its end: the drain takes them too.
    await this.options.spool.written().catch(() => undefined);
    this.draining = true;
    this.wakeUp();
    const timer = setTimeout(() => this.abort.abort(new Stopped()), timeoutMs);
    try {
      await this.running;
    } finally {
      clearTimeout(timer);
      this.unsubscribe?.();
    }
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private waitForWake(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.wakeUp(), ms);
      this.wake = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    const { spool, batchSize, lingerMs } = this.options;
    /** When the points of the next batch began to gather: the last read, or the wake after an empty spool. */
    let gathering = performance.now();
    for (;;) {
      if (this.abort.signal.aborted) return;
      if (spool.unread === 0) {
        if (this.draining) return;
        this.lingering = false;
        await this.waitForWake(undefined);
        gathering = performance.now();
        continue;
      }
      // Give a partial batch a moment to fill: fewer, larger writes are what the store is fast at. The
      // moment counts from when the batch began to gather, so the time the previous write took counts:
      // when the store is what limits (a write took longer than the linger), the next batch goes at once.
      // Lingering after every write left the store idle for a linger a write while its backlog grew
      // (SQLite at 6,000 msg/s: 620-point writes of 72 ms, busy half the time, the spool growing).
      const left = lingerMs - (performance.now() - gathering);
      if (spool.unread < batchSize && !this.draining && left > 0) {
        this.lingering = true;
        await this.waitForWake(left);
        this.lingering = false;
      }
      const batch = spool.read(batchSize);
      gathering = performance.now();
      if (!batch) continue;
      try {
        await this.storeBatch(batch);
      } catch (error) {
        if (error instanceof Stopped) {
          spool.release(batch);
          return;
        }
        throw error;
      }
      this.commit(batch);
    }
  }

  private commit(batch: SpoolBatch): void {
    this.options.spool.commit(batch);
  }

  /** Stores a batch, as JSON when the sink takes it, retrying while the store is unavailable. */
  private async storeBatch(batch: SpoolBatch): Promise<void> {
    const { store } = this.options;
    if (!store.writeJson) return this.storeAll(batch.points);
    // A fresh text each attempt: the sink may transfer the buffer to its thread.
    const refused = await this.retrying(batch.count, () => store.writeJson!(batch.json(), batch.count));
    if (refused) await this.splitAround(batch.points, refused.error);
  }

  /** Stores `points`, retrying while the store is unavailable and splitting around points it refuses. */
  private async storeAll(points: readonly TelemetryPoint[]): Promise<void> {
    const refused = await this.retrying(points.length, () => this.options.store.write(points));
    if (refused) await this.splitAround(points, refused.error);
  }

  /**
   * Runs `write` until it succeeds, with backoff while the error says a retry may succeed. Returns the error
   * when the store refused the points for good.
   */
  private async retrying(count: number, write: () => Promise<void>): Promise<{ error: unknown } | undefined> {
    const { metrics, retry } = this.options;
    for (let attempt = 0; ; attempt++) {
      if (this.abort.signal.aborted) throw new Stopped();
      const end = metrics?.writeSeconds.startTimer();
      try {
        await write();
        end?.();
        metrics?.stored.inc(count);
        return undefined;
      } catch (error) {
        metrics?.storeErrors.inc({ code: errorCode(error) });
        if (isRetryable(error)) {
          const delay = backoffDelay(attempt, retry, this.options.random);
          this.options.onStoreError?.(error, delay);
          await sleep(delay, this.abort.signal);
          continue;
        }
        this.options.onStoreError?.(error, undefined);
        return { error };
      }
    }
  }

  /** Points the store refused together: halves until the refused ones are alone and dead-lettered. */
  private async splitAround(points: readonly TelemetryPoint[], error: unknown): Promise<void> {
    const { metrics } = this.options;
    if (points.length === 1) {
      metrics?.deadLettered.inc({ stage: 'store' });
      this.options.onRejectedPoint?.(points[0] as TelemetryPoint, error);
      return;
    }
    const half = Math.ceil(points.length / 2);
    await this.storeAll(points.slice(0, half));
    await this.storeAll(points.slice(half));
  }
}
