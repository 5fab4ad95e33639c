// Reading the spool for the writer: records in order from the read position, from memory when they were
// appended in this run and are still held there, else from the segment files.
import { FRAME_HEADER_BYTES, readFrame } from './frame.ts';
import { parsePoints } from './point-json.ts';
import type { RecentRecords } from './recent-records.ts';
import type { SegmentList } from './segment-list.ts';
import { closeFile, openSegmentForRead, readAt, type SpoolPosition } from './segment-files.ts';

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Records read: their bodies (each the JSON array of its points), the points in them, how many records,
 * their bytes, and the position just after the last one.
 */
export interface ReadRun {
  bodies: Uint8Array[];
  count: number;
  records: number;
  bytes: number;
  end: SpoolPosition;
}

export class SpoolReader {
  private pos: SpoolPosition;
  private file: { segment: number; fd: number } | undefined;

  constructor(
    private readonly dir: string,
    private readonly segments: SegmentList,
    private readonly recent: RecentRecords,
    start: SpoolPosition,
  ) {
    this.pos = { ...start };
  }

  /** Moves the read position (back to the commit position, or on to it). */
  seek(position: SpoolPosition): void {
    this.pos = { ...position };
  }

  /**
   * Reads at least one and up to `maxPoints` points (a record is never split) of the next `available`
   * written records, and moves past them. Returns undefined when there is nothing to read.
   */
  read(maxPoints: number, available: number): ReadRun | undefined {
    const bodies: Uint8Array[] = [];
    let count = 0;
    let records = 0;
    let bytes = 0;
    const pos = { ...this.pos };
    while (count < maxPoints && available - records > 0) {
      const segment = this.segments.byId(pos.segment);
      if (pos.offset >= segment.size) {
        const following = this.segments.after(pos.segment);
        if (!following) break;
        pos.segment = following.id;
        pos.offset = 0;
        continue;
      }
      const next = this.recent.firstFrom(pos);
      if (next?.segment === pos.segment && next.offset === pos.offset) {
        // Appended in this run and still in memory: the very bytes that were written, no disk read.
        bodies.push(next.body);
        count += next.count;
        records += 1;
        bytes += next.bytes;
        pos.offset += next.bytes;
        continue;
      }
      // From the files: up to the next record held in memory, so a gap is read and nothing twice.
      const stop = next?.segment === pos.segment ? next.offset : segment.size;
      const fd = this.fdFor(pos.segment);
      const want = Math.min(READ_CHUNK_BYTES, stop - pos.offset);
      let chunk = readAt(fd, pos.offset, want);
      let at = 0;
      let grown = false;
      for (;;) {
        if (count >= maxPoints) break;
        const frame = readFrame(chunk, at);
        if (frame.type === 'record') {
          // Parsed here only to be counted (a batch holds up to maxPoints points); the store's thread parses
          // the bytes again. This is the replay path: what was appended in this run comes from memory.
          count += (parsePoints(frame.body) as unknown[]).length;
          bodies.push(frame.body);
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
    this.pos = pos;
    this.recent.dropBefore(pos);
    return { bodies, count, records, bytes, end: { ...pos } };
  }

  /** Closes the file it reads if it is segment `id` (about to be deleted). */
  forget(id: number): void {
    if (this.file?.segment === id) this.close();
  }

  close(): void {
    if (this.file) closeFile(this.file.fd);
    this.file = undefined;
  }

  private fdFor(segment: number): number {
    if (this.file?.segment !== segment) {
      this.close();
      this.file = { segment, fd: openSegmentForRead(this.dir, segment) };
    }
    return this.file.fd;
  }
}
