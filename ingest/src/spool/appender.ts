// Appending to the active segment: the records appended in one event-loop turn are written to the
// operating system together at its end (one system call for a turn's messages rather than one each), and
// flushed to disk before the acknowledgements (`fsync: 'always'`) or in group commits every interval.
// Segments are rolled here, once the active one reaches its size.
import type { SegmentList } from './segment-list.ts';
import {
  appendAll,
  closeFile,
  createSegment,
  syncLater,
  syncNow,
  truncateActive,
  type SpoolPosition,
} from './segment-files.ts';

/** When appended bytes reach the disk: before every ack, or in group commits every `intervalMs`. */
export type FsyncPolicy = 'always' | { intervalMs: number };

/** The records appended in one event-loop turn, written together at its end. */
interface WriteCycle {
  frames: Buffer[];
  bytes: number;
  written: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** What the appender tells the spool about each turn's write. */
export interface AppenderEvents {
  /** The turn's records reached the operating system. */
  written(records: number): void;
  /**
   * The operating system refused the turn's records (ENOSPC, EFBIG): they are not in the spool, which
   * ends at `from` again.
   */
  failed(records: number, bytes: number, from: SpoolPosition, error: Error): void;
}

export class Appender {
  private fd: number;
  /** Records appended in this turn and not yet written (all in the active segment, at its end). */
  private cycle: WriteCycle | undefined;
  private dirty = false;
  private syncing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;

  /** Starts a fresh active segment after the ones in `segments`, with id `firstId`. */
  constructor(
    private readonly dir: string,
    private readonly segments: SegmentList,
    firstId: number,
    private readonly segmentBytes: number,
    private readonly fsync: FsyncPolicy,
    private readonly events: AppenderEvents,
  ) {
    this.fd = createSegment(dir, firstId);
    segments.push({ id: firstId, size: 0 });
    if (fsync !== 'always') {
      this.timer = setInterval(() => this.groupCommit(), fsync.intervalMs);
      this.timer.unref();
    }
  }

  /**
   * Queues one record for this turn's write and returns where it lands. A full active segment is sealed
   * first (its queued records written) and the next one started.
   */
  add(frame: Buffer): SpoolPosition {
    const active = this.segments.active;
    if (active.size > 0 && active.size + frame.byteLength > this.segmentBytes) {
      // A sealed segment holds only written records: this turn's go out before the next file starts.
      this.writeCycle();
      this.roll();
    }
    const segment = this.segments.active;
    const cycle = (this.cycle ??= this.startCycle());
    cycle.frames.push(frame);
    cycle.bytes += frame.byteLength;
    const position = { segment: segment.id, offset: segment.size };
    segment.size += frame.byteLength;
    return position;
  }

  /** Settles once everything queued so far is written; rejects if the write failed. */
  written(): Promise<void> {
    return this.cycle?.written ?? Promise.resolve();
  }

  private startCycle(): WriteCycle {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const written = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A cycle nobody waits on (a test appending directly) must not fail the process when a write fails.
    written.catch(() => undefined);
    setImmediate(() => this.writeCycle());
    return { frames: [], bytes: 0, written, resolve, reject };
  }

  /** Writes this turn's records in one system call; on failure they leave the spool as if never appended. */
  writeCycle(): void {
    const cycle = this.cycle;
    if (!cycle) return;
    this.cycle = undefined;
    const records = cycle.frames.length;
    const active = this.segments.active;
    // The cycle's records are the last bytes the active segment counts; the file ends where they begin.
    const position = active.size - cycle.bytes;
    try {
      appendAll(
        this.fd,
        cycle.frames.length === 1 ? (cycle.frames[0] as Buffer) : Buffer.concat(cycle.frames, cycle.bytes),
        position,
      );
      if (this.fsync === 'always') syncNow(this.fd);
    } catch (thrown) {
      active.size = position;
      // Whatever part of the write landed is cut off, so the next write starts on a record boundary.
      try {
        truncateActive(this.fd, position);
      } catch {
        // The next write is positioned at the file's end anyway and overwrites it.
      }
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      this.events.failed(records, cycle.bytes, { segment: active.id, offset: position }, error);
      cycle.reject(error);
      return;
    }
    if (this.fsync !== 'always') this.dirty = true;
    this.events.written(records);
    cycle.resolve();
  }

  /** Flushes appended bytes to disk now (the group commit's work, or before shutdown). */
  async flush(): Promise<void> {
    await this.syncing;
    if (this.closed) return;
    this.dirty = false;
    const fd = this.fd;
    this.syncing = new Promise<void>((resolve, reject) =>
      syncLater(fd, (error) => (error ? reject(error) : resolve())),
    ).finally(() => (this.syncing = undefined));
    await this.syncing;
  }

  private groupCommit(): void {
    if (!this.dirty || this.syncing || this.closed) return;
    this.flush().catch(() => {
      // A failed flush leaves the bytes with the operating system; the next interval tries again.
      this.dirty = true;
    });
  }

  private roll(): void {
    const sealed = this.segments.active;
    // A sealed segment is flushed before the next is created, so after a power loss a gap is only ever at
    // the very end of the spool, where the scan on open finds and cuts it.
    syncNow(this.fd);
    const oldFd = this.fd;
    const inFlight = this.syncing;
    if (inFlight) void inFlight.finally(() => closeFile(oldFd));
    else closeFile(oldFd);
    const id = sealed.id + 1;
    this.fd = createSegment(this.dir, id);
    this.segments.push({ id, size: 0 });
  }

  /** Stops the group commits and waits for one in flight (the first step of closing). */
  async stopGroupCommit(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.syncing;
  }

  /** Writes what is queued; no flush starts after it (closing, once the checkpoints are done). */
  finish(): void {
    this.writeCycle();
    this.closed = true;
  }

  /** Flushes and closes the active segment's file (the last step of closing). */
  closeFile(): void {
    syncNow(this.fd);
    closeFile(this.fd);
  }
}
