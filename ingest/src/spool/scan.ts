import { FRAME_HEADER_BYTES, readFrame } from './frame.ts';
import { closeFile, openSegmentForRead, readAt, segmentSize } from './segment-files.ts';

/** What a segment holds from a given offset on. */
export interface SegmentScan {
  /** Whole, checksummed records from `from` to `validEnd`. */
  records: number;
  /** Offset just after the last whole record. */
  validEnd: number;
  /** The file's size: anything past `validEnd` is a torn or corrupt tail. */
  fileSize: number;
  /** Why the bytes after `validEnd` are not records, when there are any. */
  problem?: string;
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/** Walks a segment's frames from `from`, checking every checksum, to find where whole records end. */
export function scanSegment(dir: string, id: number, from: number): SegmentScan {
  const fileSize = segmentSize(dir, id);
  const fd = openSegmentForRead(dir, id);
  try {
    let records = 0;
    let offset = Math.min(from, fileSize);
    while (offset < fileSize) {
      const chunk = readAt(fd, offset, Math.min(CHUNK_BYTES, fileSize - offset));
      let at = 0;
      for (;;) {
        const frame = readFrame(chunk, at);
        if (frame.type === 'record') {
          records += 1;
          at = frame.next;
        } else if (frame.type === 'corrupt') {
          return { records, validEnd: offset + at, fileSize, problem: frame.detail };
        } else {
          break;
        }
      }
      if (at > 0) {
        offset += at;
        continue;
      }
      // Not even one frame fits in the chunk: either the file ends inside it (a torn tail) or the frame is
      // larger than a chunk, so read exactly that frame.
      if (chunk.byteLength === fileSize - offset && chunk.byteLength < CHUNK_BYTES) {
        return { records, validEnd: offset, fileSize, problem: 'torn record at the end of the segment' };
      }
      const whole = readAt(fd, offset, FRAME_HEADER_BYTES + chunk.readUInt32LE(0));
      const frame = readFrame(whole, 0);
      if (frame.type !== 'record') {
        const problem = frame.type === 'corrupt' ? frame.detail : 'torn record at the end of the segment';
        return { records, validEnd: offset, fileSize, problem };
      }
      records += 1;
      offset += frame.next;
    }
    return { records, validEnd: offset, fileSize };
  } finally {
    closeFile(fd);
  }
}
