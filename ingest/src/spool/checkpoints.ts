// Consumed records leave the spool here: the newest committed position is written to the checkpoint file in
// the background (atomically, one write at a time, the latest wins), and the segments wholly before a
// durable checkpoint are deleted.
import type { SegmentList } from './segment-list.ts';
import { removeSegmentLater, writeCheckpoint, type SpoolPosition } from './segment-files.ts';

export class Checkpoints {
  /** The checkpoint being written in the background, and the newer position waiting to follow it. */
  private writing: Promise<void> | undefined;
  private wanted: SpoolPosition | undefined;
  /** Consumed segments being deleted in the background. */
  private readonly removals = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly segments: SegmentList,
    /** Told before segment `id`'s file is deleted (the reader closes it). */
    private readonly onRemove: (id: number) => void,
  ) {}

  /** Persists `position` in the background, after any write in progress. */
  save(position: SpoolPosition): void {
    this.wanted = position;
    this.writeNext();
  }

  /** Waits until no checkpoint write is in progress (a finished one starts the next if a newer waits). */
  async settle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Writes the last wanted position now, deletes what it consumed and waits for every deletion. */
  async close(): Promise<void> {
    this.closed = true;
    const position = this.wanted;
    if (position) {
      await writeCheckpoint(this.dir, position);
      this.removeBefore(position);
    }
    await Promise.all(this.removals);
  }

  private writeNext(): void {
    const position = this.wanted;
    if (!position || this.writing || this.closed) return;
    this.wanted = undefined;
    this.writing = writeCheckpoint(this.dir, position).then(
      () => {
        this.removeBefore(position);
        this.writing = undefined;
        this.writeNext();
      },
      () => {
        // The old checkpoint stays, which only means replaying stored points; the next commit (or close)
        // tries again, rather than spinning on a disk that refuses.
        this.wanted ??= position;
        this.writing = undefined;
      },
    );
  }

  /** Deletes the segments wholly before a durable checkpoint. */
  private removeBefore(position: SpoolPosition): void {
    for (const gone of this.segments.removeBefore(position.segment)) {
      this.onRemove(gone.id);
      // A deletion that fails leaves a segment before the checkpoint, which the next open deletes.
      const removal = removeSegmentLater(this.dir, gone.id).catch(() => undefined);
      this.removals.add(removal);
      void removal.finally(() => this.removals.delete(removal));
    }
  }
}
