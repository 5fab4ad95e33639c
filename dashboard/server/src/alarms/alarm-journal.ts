// Alarm transitions on their way to the store. A transition is history that happens once: it cannot be
// asked for again like a gateway's next reading, so a store outage must delay it, never lose it. The
// journal queues the points in order and a writer drains them, retrying with backoff while the store is
// down, as ingest does for readings:
// - `spoolJournal`: ingest's durable spool and writer (ingest/src/spool, writer.ts) in a folder of its own,
//   so what was not stored yet survives a restart of the dashboard too (`louyu start` and `louyu dashboard`
//   give it `{data-dir}/alarm-spool`);
// - `memoryJournal`: the same order and retries in memory, for an app built without a folder (tests,
//   embedding): a store outage loses nothing while the process lives.
import type { TelemetryPoint } from '@louyu/core';
import { backoffDelay, isRetryable, openSpool, Writer, type PointSink } from '@louyu/ingest';

/** Where alarm points wait for the store. */
export interface AlarmJournal {
  /** Queues points (one transition, or one checkpoint) after everything queued before. False: refused (full). */
  append(points: readonly TelemetryPoint[]): boolean;
  /** Settles once what was appended is kept (on disk for the spool): acknowledge a user's action then. */
  written(): Promise<void>;
  /** Records appended and not yet in the store. */
  readonly pending: number;
  /** Drains into the store for at most `timeoutMs`, then stops; what is left stays (on disk for the spool). */
  close(timeoutMs: number): Promise<void>;
}

/** What a journal reports: a store write that failed (retried after `retryInMs`) or a refused point. */
export interface JournalEvents {
  onStoreError?: (error: unknown, retryInMs: number | undefined) => void;
  onRejectedPoint?: (point: TelemetryPoint, error: unknown) => void;
}

const RETRY = { minMs: 200, maxMs: 5_000 };
/** Transitions come a few at a time; a checkpoint is one alarm a point. */
const BATCH_POINTS = 500;
/** A full spool refuses further transitions (logged): far more than a district's alarms in a long outage. */
const SPOOL_MAX_BYTES = 256 * 1024 ** 2;

/** Ingest's durable spool and writer in `dir` (created if missing; one process at a time, it is locked). */
export function spoolJournal(dir: string, store: PointSink, events: JournalEvents = {}): AlarmJournal {
  const spool = openSpool({
    dir,
    maxBytes: SPOOL_MAX_BYTES,
    segmentBytes: 16 * 1024 ** 2,
    // An alarm transition is rare and precious: on disk before the user is told it is recorded.
    fsync: 'always',
  });
  const writer = new Writer({
    spool,
    store,
    batchSize: BATCH_POINTS,
    lingerMs: 0,
    retry: RETRY,
    ...(events.onStoreError ? { onStoreError: events.onStoreError } : {}),
    ...(events.onRejectedPoint ? { onRejectedPoint: events.onRejectedPoint } : {}),
  });
  writer.start();
  return {
    append: (points) => spool.append(points) === 'appended',
    written: () => spool.written(),
    get pending() {
      return spool.depth;
    },
    async close(timeoutMs) {
      await writer.stop(timeoutMs);
      await spool.close();
    },
  };
}

/** The same queue in memory: in order, retried while the store is down, lost only with the process. */
export function memoryJournal(store: PointSink, events: JournalEvents = {}): AlarmJournal {
  const queue: TelemetryPoint[][] = [];
  let running: Promise<void> | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const drain = async (): Promise<void> => {
    for (let attempt = 0; queue.length > 0 && !stopped;) {
      const batch = queue.slice(0, BATCH_POINTS);
      try {
        await store.write(batch.flat());
        queue.splice(0, batch.length);
        attempt = 0;
      } catch (error) {
        if (!isRetryable(error)) {
          // Refused for good: store what can be stored, one record at a time, and report the rest.
          const [first] = queue.splice(0, 1);
          for (const point of first ?? []) {
            await store.write([point]).catch((refused: unknown) => events.onRejectedPoint?.(point, refused));
          }
          continue;
        }
        const delay = backoffDelay(attempt++, RETRY);
        events.onStoreError?.(error, delay);
        await pause(delay);
      }
    }
  };
  const kick = (): void => {
    running ??= drain().finally(() => {
      running = undefined;
      if (queue.length > 0 && !stopped) kick();
    });
  };

  return {
    append(points) {
      if (stopped) return false;
      queue.push([...points]);
      kick();
      return true;
    },
    written: () => Promise.resolve(),
    get pending() {
      return queue.length;
    },
    async close(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length > 0 && Date.now() < deadline) {
        wake?.();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      stopped = true;
      wake?.();
      await running;
    },
  };
}
