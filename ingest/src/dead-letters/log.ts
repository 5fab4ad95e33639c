import { appendDeadLetters, readDeadLetters, rotateDeadLetters } from './files.ts';
import { toDeadLetter, type DeadLetter, type DeadLetterInput } from './entry.ts';

/** Options of {@link DeadLetterLog}. */
export interface DeadLetterOptions {
  /** At most this many entries are kept (the oldest go first). */
  maxEntries: number;
  /** Keep the log on disk in this folder too, so it survives restarts and other processes can read it. */
  dir?: string;
  /** How often buffered entries are written to disk, in ms (a flood costs one write per interval). */
  flushIntervalMs?: number;
}

/**
 * A bounded log of refused messages: a ring in memory, mirrored to a pair of rotating files. Adding is a
 * push into memory, so a flood of bad messages never waits on the disk or slows valid traffic.
 */
export class DeadLetterLog {
  private readonly ring: DeadLetter[] = [];
  private buffer: DeadLetter[] = [];
  private inCurrentFile = 0;
  private total = 0;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DeadLetterOptions) {
    if (options.dir) {
      const kept = readDeadLetters(options.dir);
      this.ring.push(...kept.entries.slice(-options.maxEntries));
      this.inCurrentFile = kept.currentCount;
      this.timer = setInterval(() => this.flush(), options.flushIntervalMs ?? 250);
      this.timer.unref();
    }
  }

  /** Entries added since this log was created. */
  get added(): number {
    return this.total;
  }

  /** Keeps one refused message. */
  add(input: DeadLetterInput): DeadLetter {
    const entry = toDeadLetter(input);
    this.total += 1;
    this.ring.push(entry);
    if (this.ring.length > this.options.maxEntries)
      this.ring.splice(0, this.ring.length - this.options.maxEntries);
    if (this.options.dir) {
      this.buffer.push(entry);
      if (this.buffer.length > this.options.maxEntries)
        this.buffer.splice(0, this.buffer.length - this.options.maxEntries);
    }
    return entry;
  }

  /** The newest entries first, at most `limit`. */
  list(limit = this.options.maxEntries): DeadLetter[] {
    return this.ring.slice(-limit).reverse();
  }

  /** Writes buffered entries to disk (rotating the files so they stay within the cap). */
  flush(): void {
    const dir = this.options.dir;
    if (!dir || this.buffer.length === 0) return;
    const share = Math.max(1, Math.ceil(this.options.maxEntries / 2));
    let pending = this.buffer;
    this.buffer = [];
    while (pending.length > 0) {
      if (this.inCurrentFile >= share) {
        rotateDeadLetters(dir);
        this.inCurrentFile = 0;
      }
      const room = share - this.inCurrentFile;
      const now = pending.slice(0, room);
      pending = pending.slice(room);
      appendDeadLetters(dir, now);
      this.inCurrentFile += now.length;
    }
  }

  /** Writes what is buffered and stops the timer. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.flush();
  }
}
