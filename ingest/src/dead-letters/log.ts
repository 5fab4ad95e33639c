import { appendDeadLetters, dropPreviousDeadLetters, readDeadLetters, rotateDeadLetters } from './files.ts';
import { toDeadLetter, type DeadLetter, type DeadLetterInput } from './entry.ts';

/** Options of {@link DeadLetterLog}. */
export interface DeadLetterOptions {
  /** Bytes kept (as JSON lines), in memory and on disk alike; the oldest entries go first. */
  maxBytes: number;
  /** Entries older than this (by `receivedAt`) are forgotten. */
  maxAgeMs: number;
  /** Keep the log on disk in this folder too, so it survives restarts and other processes can read it. */
  dir?: string;
  /** How often buffered entries are written to disk, in ms (a flood costs one write per interval). */
  flushIntervalMs?: number;
  /**
   * A write of the files failed (a full disk): the entries stay in memory, only their copy on disk is
   * missing. Without it, the failure is ignored; it must never end the process.
   */
  onWriteError?: (error: Error) => void;
  now?: () => number;
}

interface Kept {
  entry: DeadLetter;
  /** Its JSON line's size in bytes: what it costs in memory and on disk. */
  size: number;
}

/**
 * A log of refused messages bounded by bytes and by age (a count bound let a few large entries take far
 * more than a flood of small ones, and kept week-old entries forever): a queue in memory, mirrored to a
 * pair of rotating files. Adding is a push into memory, so a flood of bad messages never waits on the
 * disk or slows valid traffic.
 */
export class DeadLetterLog {
  readonly #options: DeadLetterOptions;
  readonly #now: () => number;
  // A queue with a moving head: dropping the oldest is O(1); the array is compacted now and then.
  #kept: Kept[] = [];
  #head = 0;
  #bytes = 0;
  #buffer: Kept[] = [];
  #bufferBytes = 0;
  #currentFileBytes = 0;
  /** `receivedAt` of the newest entry in the previous file, to drop the file once it is all too old. */
  #previousNewest = -Infinity;
  #currentNewest = -Infinity;
  #total = 0;
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(options: DeadLetterOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    if (options.dir) {
      const onDisk = readDeadLetters(options.dir);
      for (const entry of onDisk.entries) this.#push({ entry, size: lineBytes(entry) });
      this.#evict();
      this.#currentFileBytes = onDisk.currentBytes;
      this.#previousNewest = onDisk.previous.at(-1)?.receivedAt ?? -Infinity;
      if (onDisk.entries.length > onDisk.previous.length)
        this.#currentNewest = onDisk.entries.at(-1)?.receivedAt ?? -Infinity;
      this.#timer = setInterval(() => this.#flushSafely(), options.flushIntervalMs ?? 250);
      this.#timer.unref();
    }
  }

  /** Entries added since this log was created. */
  get added(): number {
    return this.#total;
  }

  /** Bytes the entries kept in memory take as JSON lines (at most `maxBytes`). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Keeps one refused message. */
  add(input: DeadLetterInput): DeadLetter {
    const entry = toDeadLetter(input);
    const kept = { entry, size: lineBytes(entry) };
    this.#total += 1;
    this.#push(kept);
    this.#evict();
    if (this.#options.dir) {
      this.#buffer.push(kept);
      this.#bufferBytes += kept.size;
      // A flood between two flushes: only what the disk could keep anyway waits to be written.
      while (this.#bufferBytes > this.#options.maxBytes && this.#buffer.length > 1)
        this.#bufferBytes -= this.#buffer.shift()!.size;
    }
    return entry;
  }

  /** The newest entries first, at most `limit`. */
  list(limit = Infinity): DeadLetter[] {
    this.#evict();
    const out: DeadLetter[] = [];
    for (let i = this.#kept.length - 1; i >= this.#head && out.length < limit; i--)
      out.push(this.#kept[i]!.entry);
    return out;
  }

  /** Writes buffered entries to disk, rotating the files so each holds at most half of `maxBytes`. */
  flush(): void {
    const dir = this.#options.dir;
    if (!dir) return;
    if (this.#previousNewest < this.#now() - this.#options.maxAgeMs) {
      dropPreviousDeadLetters(dir);
      this.#previousNewest = -Infinity;
    }
    if (this.#buffer.length === 0) return;
    const share = Math.max(1, Math.floor(this.#options.maxBytes / 2));
    const pending = this.#buffer;
    this.#buffer = [];
    this.#bufferBytes = 0;
    let batch: DeadLetter[] = [];
    let batchBytes = 0;
    for (const { entry, size } of pending) {
      if (this.#currentFileBytes + batchBytes + size > share && this.#currentFileBytes + batchBytes > 0) {
        if (batch.length > 0) appendDeadLetters(dir, batch);
        rotateDeadLetters(dir);
        this.#previousNewest = batch.at(-1)?.receivedAt ?? this.#currentNewest;
        this.#currentNewest = -Infinity;
        this.#currentFileBytes = 0;
        batch = [];
        batchBytes = 0;
      }
      batch.push(entry);
      batchBytes += size;
    }
    if (batch.length > 0) {
      appendDeadLetters(dir, batch);
      this.#currentNewest = batch.at(-1)!.receivedAt;
    }
    this.#currentFileBytes += batchBytes;
  }

  /** Writes what is buffered and stops the timer. */
  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#flushSafely();
  }

  #flushSafely(): void {
    try {
      this.flush();
    } catch (error) {
      this.#options.onWriteError?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #push(kept: Kept): void {
    this.#kept.push(kept);
    this.#bytes += kept.size;
  }

  /** Drops the oldest entries while over the byte bound or past the age bound. */
  #evict(): void {
    const oldest = this.#now() - this.#options.maxAgeMs;
    while (this.#head < this.#kept.length) {
      const first = this.#kept[this.#head]!;
      if (this.#bytes <= this.#options.maxBytes && first.entry.receivedAt >= oldest) break;
      this.#bytes -= first.size;
      this.#head += 1;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#kept.length) {
      this.#kept = this.#kept.slice(this.#head);
      this.#head = 0;
    }
  }
}

function lineBytes(entry: DeadLetter): number {
  return Buffer.byteLength(JSON.stringify(entry)) + 1;
}
