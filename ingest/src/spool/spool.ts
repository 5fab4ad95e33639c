import type { TelemetryPoint } from '@louyu/core';
import { encodeFrame, FRAME_HEADER_BYTES, readFrame } from './frame.ts';
import { scanSegment } from './scan.ts';
import {
  acquireLock,
  appendAll,
  closeFile,
  createSegment,
  ensureDir,
  listSegments,
  openSegmentForRead,
  readAt,
  readCheckpoint,
  releaseLock,
  removeSegment,
  removeSegmentLater,
  syncLater,
  syncNow,
  truncateActive,
  truncateSegment,
  writeCheckpoint,
  type SpoolPosition,
} from './segment-files.ts';

/** When appended bytes reach the disk: before every ack, or in group commits every `intervalMs`. */
export type FsyncPolicy = 'always' | { intervalMs: number };

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
  onRecovery?: (event: { segment: number; droppedBytes: number; problem: string }) => void;
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

/** The records appended in one event-loop turn, written together at its end. */
interface WriteCycle {
  frames: Buffer[];
  bytes: number;
  /** How many of the cycle's records are also held in memory (the last ones of `cached`). */
  cachedRecords: number;
  cachedBytes: number;
  written: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A run of records handed to the writer; commit it once the store has them. */
export interface SpoolBatch {
  points: TelemetryPoint[];
  records: number;
  bytes: number;
  /** The position just after the batch's last record. */
  end: SpoolPosition;
}

/** A record appended in this run, still held in memory: where it is on disk, and its points. */
interface CachedRecord {
  segment: number;
  offset: number;
  bytes: number;
  points: readonly TelemetryPoint[];
}

const DEFAULT_MEMORY_BYTES = 16 * 1024 * 1024;

interface Segment {
  id: number;
  /** Bytes of whole records (what has been written; for recovered segments, up to the last whole record). */
  size: number;
}

/** The spool resumes accepting after being full once it drains below this share of the quota. */
const RESUME_RATIO = 0.8;
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Durable, append-only queue of points between the sources (which acknowledge messages once appended) and
 * the writer (which commits records once the store has them). Everything after the checkpoint is replayed
 * on open.
 */
export class Spool {
  private readonly segments: Segment[] = [];
  private activeFd: number;
  private readPos: SpoolPosition;
  private commitPos: SpoolPosition;
  private readFd: { segment: number; fd: number } | undefined;
  private pendingRecords: number;
  private pendingBytes: number;
  private unreadRecordCount: number;
  private outstanding = false;
  private full = false;
  private dirty = false;
  private syncing: Promise<void> | undefined;
  /** The checkpoint being written in the background, and the newer position waiting to follow it. */
  private checkpointing: Promise<void> | undefined;
  private checkpointWanted: SpoolPosition | undefined;
  /** Consumed segments being deleted in the background. */
  private readonly removals = new Set<Promise<void>>();
  private closed = false;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly appendListeners = new Set<() => void>();
  /** Unread records appended in this run, in spool order (gaps where the memory budget was spent). */
  private cached: CachedRecord[] = [];
  private cachedHead = 0;
  private cachedBytes = 0;
  private readonly memoryBytes: number;
  /** Records appended in this turn and not yet written (all in the active segment, at its end). */
  private cycle: WriteCycle | undefined;

  /** Opens (or creates) a spool; use {@link openSpool}. */
  constructor(private readonly options: SpoolOptions) {
    ensureDir(options.dir);
    acquireLock(options.dir);
    const checkpoint = readCheckpoint(options.dir) ?? { segment: 0, offset: 0 };
    let records = 0;
    let bytes = 0;
    for (const id of listSegments(options.dir)) {
      if (id < checkpoint.segment) {
        removeSegment(options.dir, id); // consumed before a crash cut the deletion short
        continue;
      }
      const from = id === checkpoint.segment ? checkpoint.offset : 0;
      const scan = scanSegment(options.dir, id, from);
      if (scan.validEnd < scan.fileSize) {
        truncateSegment(options.dir, id, scan.validEnd);
        options.onRecovery?.({
          segment: id,
          droppedBytes: scan.fileSize - scan.validEnd,
          problem: scan.problem ?? 'unreadable tail',
        });
      }
      records += scan.records;
      bytes += Math.max(0, scan.validEnd - from);
      this.segments.push({ id, size: scan.validEnd });
    }
    const first = this.segments[0];
    const start =
      first?.id === checkpoint.segment
        ? { segment: first.id, offset: Math.min(checkpoint.offset, first.size) }
        : { segment: first?.id ?? checkpoint.segment + 1, offset: 0 };
    // Always append to a fresh segment: a recovered one may end in a cut we made, and sealed files stay sealed.
    const nextId = Math.max(checkpoint.segment, this.segments.at(-1)?.id ?? 0) + 1;
    this.activeFd = createSegment(options.dir, nextId);
    this.segments.push({ id: nextId, size: 0 });
    this.readPos = { ...start };
    this.commitPos = { ...start };
    this.pendingRecords = records;
    this.pendingBytes = bytes;
    this.unreadRecordCount = records;
    this.memoryBytes = options.memoryBytes ?? DEFAULT_MEMORY_BYTES;
    if (options.fsync !== 'always') {
      this.timer = setInterval(() => this.groupCommit(), options.fsync.intervalMs);
      this.timer.unref();
    }
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
   * source can withhold its acknowledgement. The spool keeps `points` (it may hand the same objects to the
   * writer): the caller must not change them afterwards.
   */
  append(points: readonly TelemetryPoint[]): AppendResult {
    if (this.closed) throw new Error('spool is closed');
    const frame = encodeFrame(JSON.stringify(points));
    if (this.pendingBytes + frame.byteLength > this.options.maxBytes) {
      this.setFull(true);
      return 'full';
    }
    const active = this.activeSegment();
    if (active.size > 0 && active.size + frame.byteLength > this.options.segmentBytes) {
      // A sealed segment holds only written records: this turn's go out before the next file starts.
      this.writeCycle();
      this.roll();
    }
    const segment = this.activeSegment();
    const cycle = (this.cycle ??= this.startCycle());
    cycle.frames.push(frame);
    cycle.bytes += frame.byteLength;
    if (this.cachedBytes + frame.byteLength <= this.memoryBytes) {
      this.cached.push({ segment: segment.id, offset: segment.size, bytes: frame.byteLength, points });
      this.cachedBytes += frame.byteLength;
      cycle.cachedRecords += 1;
      cycle.cachedBytes += frame.byteLength;
    }
    segment.size += frame.byteLength;
    this.pendingRecords += 1;
    this.pendingBytes += frame.byteLength;
    return 'appended';
  }

  /**
   * Settles once every record appended so far has reached the operating system; rejects if writing them
   * failed, in which case they are not in the spool and must not be acknowledged.
   */
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
    return { frames: [], bytes: 0, cachedRecords: 0, cachedBytes: 0, written, resolve, reject };
  }

  /** Writes this turn's records in one system call; on failure they leave the spool as if never appended. */
  private writeCycle(): void {
    const cycle = this.cycle;
    if (!cycle) return;
    this.cycle = undefined;
    const records = cycle.frames.length;
    // The cycle's records are the last bytes the active segment counts; the file ends where they begin.
    const position = this.activeSegment().size - cycle.bytes;
    try {
      appendAll(
        this.activeFd,
        cycle.frames.length === 1 ? (cycle.frames[0] as Buffer) : Buffer.concat(cycle.frames, cycle.bytes),
        position,
      );
      if (this.options.fsync === 'always') syncNow(this.activeFd);
    } catch (thrown) {
      this.forgetCycle(cycle, position);
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      this.options.onWrite?.({ records, error });
      cycle.reject(error);
      return;
    }
    this.unreadRecordCount += records;
    if (this.options.fsync !== 'always') this.dirty = true;
    this.options.onWrite?.({ records });
    cycle.resolve();
    for (const listener of this.appendListeners) listener();
  }

  private forgetCycle(cycle: WriteCycle, fileEnd: number): void {
    this.activeSegment().size = fileEnd;
    this.pendingRecords -= cycle.frames.length;
    this.pendingBytes -= cycle.bytes;
    this.cached.length -= cycle.cachedRecords;
    this.cachedBytes -= cycle.cachedBytes;
    // Whatever part of the write landed is cut off, so the next write starts on a record boundary.
    try {
      truncateActive(this.activeFd, fileEnd);
    } catch {
      // The next write is positioned at the file's end anyway and overwrites it.
    }
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
    const points: TelemetryPoint[] = [];
    let records = 0;
    let bytes = 0;
    const pos = { ...this.readPos };
    while (points.length < maxPoints && this.unreadRecordCount - records > 0) {
      const segment = this.segmentById(pos.segment);
      if (pos.offset >= segment.size) {
        const following = this.segmentAfter(pos.segment);
        if (!following) break;
        pos.segment = following.id;
        pos.offset = 0;
        continue;
      }
      const next = this.firstCachedFrom(pos);
      if (next?.segment === pos.segment && next.offset === pos.offset) {
        // Appended in this run and still in memory: the very points that were written, no disk read.
        for (const point of next.points) points.push(point);
        records += 1;
        bytes += next.bytes;
        pos.offset += next.bytes;
        continue;
      }
      // From the files: up to the next record held in memory, so a gap is read and nothing twice.
      const stop = next?.segment === pos.segment ? next.offset : segment.size;
      const fd = this.readerFor(pos.segment);
      const want = Math.min(READ_CHUNK_BYTES, stop - pos.offset);
      let chunk = readAt(fd, pos.offset, want);
      let at = 0;
      let grown = false;
      for (;;) {
        if (points.length >= maxPoints) break;
        const frame = readFrame(chunk, at);
        if (frame.type === 'record') {
          for (const point of JSON.parse(frame.body.toString('utf8')) as TelemetryPoint[]) points.push(point);
          records += 1;
          bytes += frame.next - at;
          at = frame.next;
          continue;
        }
        if (frame.type === 'corrupt') {
          throw new Error(`spool segment ${pos.segment} is corrupt at ${pos.offset + at}: ${frame.detail}`);
        }
        if (at === 0 && !grown && chunk.byteLength >= FRAME_HEADER_BYTES) {
          // One record larger than the chunk: read it whole (segment sizes only ever cover whole records).
          grown = true;
          chunk = readAt(fd, pos.offset, FRAME_HEADER_BYTES + chunk.readUInt32LE(0));
          continue;
        }
        if (at === 0) throw new Error(`spool segment ${pos.segment} ends inside a record at ${pos.offset}`);
        break;
      }
      pos.offset += at;
    }
    if (records === 0) return undefined;
    this.readPos = pos;
    this.dropCachedBefore(pos);
    this.unreadRecordCount -= records;
    this.outstanding = true;
    return { points, records, bytes, end: { ...pos } };
  }

  /**
   * Gives a batch back unstored (the writer is stopping while the store is down): it will be read again,
   * here or after the next open.
   */
  release(batch: SpoolBatch): void {
    this.outstanding = false;
    this.readPos = { ...this.commitPos };
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
      const segment = this.segmentById(position.segment);
      const next = this.segmentAfter(position.segment);
      if (!next || position.offset < segment.size) break;
      position = { segment: next.id, offset: 0 };
    }
    this.commitPos = position;
    this.readPos = { ...position }; // one batch outstanding at a time, so reading resumes right here
    this.checkpointWanted = position;
    this.saveCheckpoint();
    if (this.full && this.pendingBytes <= this.options.maxBytes * RESUME_RATIO) this.setFull(false);
  }

  /** Flushes appended bytes to disk now (the group commit's work, or before shutdown). */
  async flush(): Promise<void> {
    await this.syncing;
    if (this.closed) return;
    this.dirty = false;
    const fd = this.activeFd;
    this.syncing = new Promise<void>((resolve, reject) =>
      syncLater(fd, (error) => (error ? reject(error) : resolve())),
    ).finally(() => (this.syncing = undefined));
    await this.syncing;
  }

  /** Flushes and closes the files and gives the lock back. Unconsumed records stay for the next open. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    await this.syncing;
    // A finished checkpoint write starts the next one if a newer position waits: let the chain run out.
    while (this.checkpointing) await this.checkpointing;
    this.writeCycle();
    this.closed = true;
    const position = this.checkpointWanted;
    if (position) {
      await writeCheckpoint(this.options.dir, position);
      this.removeSegmentsBefore(position);
    }
    await Promise.all(this.removals);
    syncNow(this.activeFd);
    closeFile(this.activeFd);
    this.closeReader();
    releaseLock(this.options.dir);
  }

  /** Writes the newest committed position in the background; one write at a time, the latest wins. */
  private saveCheckpoint(): void {
    const position = this.checkpointWanted;
    if (!position || this.checkpointing || this.closed) return;
    this.checkpointWanted = undefined;
    this.checkpointing = writeCheckpoint(this.options.dir, position).then(
      () => {
        this.removeSegmentsBefore(position);
        this.checkpointing = undefined;
        this.saveCheckpoint();
      },
      () => {
        // The old checkpoint stays, which only means replaying stored points; the next commit (or close)
        // tries again, rather than spinning on a disk that refuses.
        this.checkpointWanted ??= position;
        this.checkpointing = undefined;
      },
    );
  }

  /** Deletes the segments wholly before a durable checkpoint. */
  private removeSegmentsBefore(position: SpoolPosition): void {
    while ((this.segments[0]?.id ?? Infinity) < position.segment) {
      const gone = this.segments.shift() as Segment;
      if (this.readFd?.segment === gone.id) this.closeReader();
      // A deletion that fails leaves a segment before the checkpoint, which the next open deletes.
      const removal = removeSegmentLater(this.options.dir, gone.id).catch(() => undefined);
      this.removals.add(removal);
      void removal.finally(() => this.removals.delete(removal));
    }
  }

  private groupCommit(): void {
    if (!this.dirty || this.syncing || this.closed) return;
    this.flush().catch(() => {
      // A failed flush leaves the bytes with the operating system; the next interval tries again.
      this.dirty = true;
    });
  }

  private roll(): void {
    const sealed = this.activeSegment();
    // A sealed segment is flushed before the next is created, so after a power loss a gap is only ever at
    // the very end of the spool, where the scan on open finds and cuts it.
    syncNow(this.activeFd);
    const oldFd = this.activeFd;
    const inFlight = this.syncing;
    if (inFlight) void inFlight.finally(() => closeFile(oldFd));
    else closeFile(oldFd);
    const id = sealed.id + 1;
    this.activeFd = createSegment(this.options.dir, id);
    this.segments.push({ id, size: 0 });
  }

  /** The first record held in memory at or after `pos` (records before it are dropped on the way). */
  private firstCachedFrom(pos: SpoolPosition): CachedRecord | undefined {
    this.dropCachedBefore(pos);
    return this.cached[this.cachedHead];
  }

  /** Forgets the records in memory that lie before `pos`: they have been read. */
  private dropCachedBefore(pos: SpoolPosition): void {
    let head = this.cachedHead;
    for (;;) {
      const record = this.cached[head];
      if (!record) break;
      if (record.segment > pos.segment || (record.segment === pos.segment && record.offset >= pos.offset))
        break;
      this.cachedBytes -= record.bytes;
      head++;
    }
    if (head === this.cached.length) {
      this.cached = [];
      head = 0;
    } else if (head > 1024 && head * 2 > this.cached.length) {
      // Compact now and then rather than shift() per record (shift is linear in the array's length).
      this.cached = this.cached.slice(head);
      head = 0;
    }
    this.cachedHead = head;
  }

  private activeSegment(): Segment {
    return this.segments.at(-1) as Segment;
  }

  private segmentById(id: number): Segment {
    const segment = this.segments.find((s) => s.id === id);
    if (!segment) throw new Error(`spool segment ${id} is not open`);
    return segment;
  }

  private segmentAfter(id: number): Segment | undefined {
    return this.segments.find((s) => s.id > id);
  }

  private readerFor(segment: number): number {
    if (this.readFd?.segment !== segment) {
      this.closeReader();
      this.readFd = { segment, fd: openSegmentForRead(this.options.dir, segment) };
    }
    return this.readFd.fd;
  }

  private closeReader(): void {
    if (this.readFd) closeFile(this.readFd.fd);
    this.readFd = undefined;
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
