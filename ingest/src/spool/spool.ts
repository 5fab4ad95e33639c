// The spool: what ingest has acknowledged and not yet stored. This file keeps the counts and the quota and
// ties the parts together; each part reads alone: recover.ts (opening a folder), appender.ts (each turn's
// write and the group commits), recent-records.ts (what was just appended, kept in memory for the
// writer), reader.ts (reading records for the writer), checkpoints.ts (consumed records leaving).
import type { TelemetryPoint } from '@louyu/core';
import { Appender, type FsyncPolicy } from './appender.ts';
import { Checkpoints } from './checkpoints.ts';
import { SpoolBatch } from './batch.ts';
import { encodeFrame, FRAME_HEADER_BYTES } from './frame.ts';
import { RecentRecords } from './recent-records.ts';
import { SpoolReader } from './reader.ts';
import { recoverSegments, type RecoveryEvent } from './recover.ts';
import type { SegmentList } from './segment-list.ts';
import { acquireLock, ensureDir, releaseLock, type SpoolPosition } from './segment-files.ts';

export type { FsyncPolicy } from './appender.ts';

/** Options of {@link openSpool}. */
export interface SpoolOptions {
  /** The spool folder (created if missing). */
  dir: string;
  /** Quota of unconsumed bytes: an append that would pass it is refused. */
  maxBytes: number;
  /** A segment file is closed and a new one started once it reaches this size. */
  segmentBytes: number;
  fsync: FsyncPolicy;
  /** Called when the spool becomes full (an append was refused) and when it has drained below 80 %. */
  onFullChange?: (full: boolean) => void;
  /**
   * Called after every write of a turn's records: with how many were written, or with the error the
   * operating system refused them with (ENOSPC, EFBIG), in which case they are not in the spool.
   */
  onWrite?: (result: { records: number; error?: Error }) => void;
  /** Called for every torn or corrupt tail dropped on open. */
  onRecovery?: (event: RecoveryEvent) => void;
  /**
   * Bytes of appended records also kept in memory, so the writer takes what it has just been appended
   * without reading it back from disk and parsing it again (default 16 MiB; 0 turns it off). Records past
   * the budget, and everything replayed on open, are read from the files.
   */
  memoryBytes?: number;
}

/**
 * What {@link Spool.append} did: the record is queued for this turn's write ({@link Spool.written} settles
 * once it reaches the operating system), or the quota refused it.
 */
export type AppendResult = 'appended' | 'full';

export { SpoolBatch } from './batch.ts';

const DEFAULT_MEMORY_BYTES = 16 * 1024 * 1024;

/** The spool resumes accepting after being full once it drains below this share of the quota. */
const RESUME_RATIO = 0.8;

/**
 * Durable, append-only queue of points between the sources (which acknowledge messages once appended) and
 * the writer (which commits records once the store has them). Everything after the checkpoint is replayed
 * on open.
 */
export class Spool {
  private readonly segments: SegmentList;
  private readonly appender: Appender;
  private readonly recent: RecentRecords;
  private readonly reader: SpoolReader;
  private readonly checkpoints: Checkpoints;
  private commitPos: SpoolPosition;
  private pendingRecords: number;
  private pendingBytes: number;
  private unreadRecordCount: number;
  private outstanding = false;
  private full = false;
  private closed = false;
  private readonly appendListeners = new Set<() => void>();

  /** Opens (or creates) a spool; use {@link openSpool}. */
  constructor(private readonly options: SpoolOptions) {
    ensureDir(options.dir);
    acquireLock(options.dir);
    const recovered = recoverSegments(options.dir, options.onRecovery);
    this.segments = recovered.segments;
    this.appender = new Appender(
      options.dir,
      this.segments,
      recovered.nextId,
      options.segmentBytes,
      options.fsync,
      {
        written: (records) => this.onWritten(records),
        failed: (records, bytes, from, error) => this.onWriteFailed(records, bytes, from, error),
      },
    );
    this.recent = new RecentRecords(options.memoryBytes ?? DEFAULT_MEMORY_BYTES);
    this.reader = new SpoolReader(options.dir, this.segments, this.recent, recovered.start);
    this.checkpoints = new Checkpoints(options.dir, this.segments, (id) => this.reader.forget(id));
    this.commitPos = { ...recovered.start };
    this.pendingRecords = recovered.records;
    this.pendingBytes = recovered.bytes;
    this.unreadRecordCount = recovered.records;
  }

  /** Records appended and not yet committed (stored). */
  get depth(): number {
    return this.pendingRecords;
  }

  /** Bytes of records appended and not yet committed. */
  get bytes(): number {
    return this.pendingBytes;
  }

  /** Records appended and not yet handed to the writer. */
  get unread(): number {
    return this.unreadRecordCount;
  }

  /** True from a refused append until the spool drains below 80 % of its quota. */
  get isFull(): boolean {
    return this.full;
  }

  /**
   * Appends one message's points as one record. The records appended in one event-loop turn are written to
   * the operating system together at its end (and flushed to disk first with `fsync: 'always'`): one
   * system call for a turn's messages rather than one each. Acknowledge a message only once
   * {@link written} has settled. Returns `'full'` and queues nothing when the quota would be passed, so the
   * source can withhold its acknowledgement. The spool keeps the points' JSON, not the objects.
   */
  append(points: readonly TelemetryPoint[]): AppendResult {
    if (this.closed) throw new Error('spool is closed');
    const frame = encodeFrame(JSON.stringify(points));
    if (this.pendingBytes + frame.byteLength > this.options.maxBytes) {
      this.setFull(true);
      return 'full';
    }
    const at = this.appender.add(frame);
    this.recent.add({
      ...at,
      bytes: frame.byteLength,
      body: frame.subarray(FRAME_HEADER_BYTES),
      count: points.length,
    });
    this.pendingRecords += 1;
    this.pendingBytes += frame.byteLength;
    return 'appended';
  }

  /**
   * Settles once every record appended so far has reached the operating system; rejects if writing them
   * failed, in which case they are not in the spool and must not be acknowledged.
   */
  written(): Promise<void> {
    return this.appender.written();
  }

  /** A turn's records reached the operating system: the writer may read them. */
  private onWritten(records: number): void {
    this.unreadRecordCount += records;
    this.options.onWrite?.({ records });
    for (const listener of this.appendListeners) listener();
  }

  /** A turn's write failed: its records leave the counts and the memory as if never appended. */
  private onWriteFailed(records: number, bytes: number, from: SpoolPosition, error: Error): void {
    this.pendingRecords -= records;
    this.pendingBytes -= bytes;
    this.recent.forgetFrom(from);
    this.options.onWrite?.({ records, error });
  }

  /** Calls `listener` after appended records are written (the writer wakes on it). Returns a function that removes it. */
  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /**
   * Takes the next records, at least one and up to `maxPoints` points (a record is never split), for the
   * writer. Only one batch may be outstanding: commit it before reading the next. Returns undefined when
   * nothing is unread.
   */
  read(maxPoints: number): SpoolBatch | undefined {
    if (this.outstanding) throw new Error('spool batch outstanding: commit it before reading the next');
    const run = this.reader.read(maxPoints, this.unreadRecordCount);
    if (!run) return undefined;
    this.unreadRecordCount -= run.records;
    this.outstanding = true;
    return new SpoolBatch(run.bodies, run.count, run.records, run.bytes, run.end);
  }

  /**
   * Gives a batch back unstored (the writer is stopping while the store is down): it will be read again,
   * here or after the next open.
   */
  release(batch: SpoolBatch): void {
    this.outstanding = false;
    this.reader.seek(this.commitPos);
    this.unreadRecordCount += batch.records;
  }

  /**
   * Marks a batch as stored: the position after it is persisted (atomically, in the background) and the
   * segments it consumed entirely are deleted once that position is on disk. A crash before then replays
   * the batch on the next open, which the store takes as the same points again (points are idempotent).
   */
  commit(batch: SpoolBatch): void {
    this.outstanding = false;
    this.pendingRecords -= batch.records;
    this.pendingBytes -= batch.bytes;
    let position = batch.end;
    // Skip to the next segment when this one is consumed and sealed, so it can be deleted.
    for (;;) {
      const segment = this.segments.byId(position.segment);
      const next = this.segments.after(position.segment);
      if (!next || position.offset < segment.size) break;
      position = { segment: next.id, offset: 0 };
    }
    this.commitPos = position;
    this.reader.seek(position); // one batch outstanding at a time, so reading resumes right here
    this.checkpoints.save(position);
    if (this.full && this.pendingBytes <= this.options.maxBytes * RESUME_RATIO) this.setFull(false);
  }

  /** Flushes appended bytes to disk now (the group commit's work, or before shutdown). */
  flush(): Promise<void> {
    return this.appender.flush();
  }

  /** Flushes and closes the files and gives the lock back. Unconsumed records stay for the next open. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.appender.stopGroupCommit();
    await this.checkpoints.settle();
    this.appender.finish();
    this.closed = true;
    await this.checkpoints.close();
    this.appender.closeFile();
    this.reader.close();
    releaseLock(this.options.dir);
  }

  private setFull(full: boolean): void {
    if (this.full === full) return;
    this.full = full;
    this.options.onFullChange?.(full);
  }
}

/** Opens a spool folder, cutting torn tails and replaying everything after the checkpoint. */
export function openSpool(options: SpoolOptions): Spool {
  return new Spool(options);
}
