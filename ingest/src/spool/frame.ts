import { crc32 } from 'node:zlib';

/**
 * A spool record on disk: `[u32 length][u32 crc32(body)][body]`, little-endian. The checksum is what lets
 * the spool tell a record that was fully written from a torn tail left by a crash (or a garbled byte), so a
 * half-written record is dropped on open and never read back as data.
 */
export const FRAME_HEADER_BYTES = 8;

/** A record body is at most 16 MiB: anything larger is a corrupt length field, not a record. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Frames one record body. */
export function encodeFrame(body: Uint8Array | string): Buffer {
  // A string body is encoded straight into the frame: one buffer per record, not two and a copy.
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.writeUInt32LE(length, 0);
  if (typeof body === 'string') frame.write(body, FRAME_HEADER_BYTES);
  else frame.set(body, FRAME_HEADER_BYTES);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

/** What {@link readFrame} found at an offset. */
export type FrameRead =
  | { type: 'record'; body: Buffer; next: number }
  /** The buffer ends before the frame does: read more, or (at the end of a file) a torn tail. */
  | { type: 'incomplete' }
  /** The length is impossible or the checksum does not match: the bytes from here on are not records. */
  | { type: 'corrupt'; detail: string };

/** Reads the frame starting at `offset` of `buffer` (only the first `end` bytes are valid). */
export function readFrame(buffer: Buffer, offset: number, end: number = buffer.byteLength): FrameRead {
  if (end - offset < FRAME_HEADER_BYTES) return { type: 'incomplete' };
  const length = buffer.readUInt32LE(offset);
  // A record body is never empty (it is JSON), so a zero length is a zero-filled tail (a file the kernel
  // extended before a crash), not an empty record whose checksum happens to be 0.
  if (length === 0) return { type: 'corrupt', detail: 'zero-length record (zero-filled tail)' };
  if (length > MAX_RECORD_BYTES) {
    return { type: 'corrupt', detail: `record length ${length} exceeds ${MAX_RECORD_BYTES}` };
  }
  const start = offset + FRAME_HEADER_BYTES;
  if (end - start < length) return { type: 'incomplete' };
  const body = buffer.subarray(start, start + length);
  const expected = buffer.readUInt32LE(offset + 4);
  if (crc32(body) !== expected) return { type: 'corrupt', detail: 'record checksum mismatch' };
  return { type: 'record', body, next: start + length };
}
