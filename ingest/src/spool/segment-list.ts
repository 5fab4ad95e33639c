// The spool's segments, oldest first, with the sizes the rest of the spool works from. The last one is the
// active segment, the only one appended to; the others are sealed.

/** One segment file as the spool counts it. */
export interface Segment {
  id: number;
  /**
   * Bytes of whole records the segment holds, counting the active segment's records appended in this
   * event-loop turn and not yet written (until the turn's write cycle runs, the file ends that many bytes
   * sooner; if the write fails, the size goes back to the file's end). For a recovered segment, up to its
   * last whole record.
   */
  size: number;
}

/** The open segments, oldest first; there is always at least the active one once the spool is open. */
export class SegmentList {
  private readonly segments: Segment[] = [];

  /** Adds a segment after the others: it becomes the active one. */
  push(segment: Segment): void {
    this.segments.push(segment);
  }

  /** The segment appended to (the newest). */
  get active(): Segment {
    return this.segments.at(-1) as Segment;
  }

  /** The oldest segment, if any. */
  get first(): Segment | undefined {
    return this.segments[0];
  }

  byId(id: number): Segment {
    const segment = this.segments.find((s) => s.id === id);
    if (!segment) throw new Error(`spool segment ${id} is not open`);
    return segment;
  }

  /** The segment following `id`, if one has been started. */
  after(id: number): Segment | undefined {
    return this.segments.find((s) => s.id > id);
  }

  /** Takes out and returns the segments whose ids are below `id` (consumed wholly). */
  removeBefore(id: number): Segment[] {
    const removed: Segment[] = [];
    while ((this.segments[0]?.id ?? Infinity) < id) removed.push(this.segments.shift() as Segment);
    return removed;
  }
}
