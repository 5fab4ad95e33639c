// The only module that touches spool files: segment files, the checkpoint file and the lock file. Every
// other part of the spool works on numbers and buffers, so how bytes reach the disk is decided here alone.
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open as openFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

const SEGMENT_NAME = /^(\d{16})\.seg$/;
// Segments and the checkpoint hold gateways' payloads: readable by Louyu's own user only.
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const CHECKPOINT_FILE = 'checkpoint.json';
const LOCK_FILE = 'spool.lock';

/** Where the writer has stored up to: the next unconsumed byte of a segment. */
export interface SpoolPosition {
  segment: number;
  offset: number;
}

function segmentName(id: number): string {
  return `${String(id).padStart(16, '0')}.seg`;
}

/** Creates the spool folder if needed. */
export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
}

/** Ids of the segment files in the folder, oldest first. */
export function listSegments(dir: string): number[] {
  const ids: number[] = [];
  for (const name of readdirSync(dir)) {
    const match = SEGMENT_NAME.exec(name);
    if (match?.[1]) ids.push(Number(match[1]));
  }
  return ids.sort((a, b) => a - b);
}

/** Size of a segment file in bytes. */
export function segmentSize(dir: string, id: number): number {
  return statSync(join(dir, segmentName(id))).size;
}

/** Creates a new, empty segment for appending and makes its directory entry durable. */
export function createSegment(dir: string, id: number): number {
  const fd = openSync(join(dir, segmentName(id)), 'wx', FILE_MODE);
  syncDir(dir);
  return fd;
}

/**
 * Writes the whole buffer at `position` of a segment (a short write is continued, never left). The position
 * is explicit so that after a failed write the next one lands where the last whole record ended.
 */
export function appendAll(fd: number, bytes: Buffer, position: number): void {
  let done = 0;
  while (done < bytes.byteLength)
    done += writeSync(fd, bytes, done, bytes.byteLength - done, position + done);
}

/** Cuts the segment being appended to back to `length` bytes (after a failed write). */
export function truncateActive(fd: number, length: number): void {
  ftruncateSync(fd, length);
}

/** Flushes a segment's data to the disk, blocking (used before every ack with `fsync: 'always'`). */
export function syncNow(fd: number): void {
  fdatasyncSync(fd);
}

/** Flushes a segment's data to the disk off the event loop (group commit). */
export function syncLater(fd: number, done: (error: Error | null) => void): void {
  fdatasync(fd, done);
}

/** Closes a file descriptor. */
export function closeFile(fd: number): void {
  closeSync(fd);
}

/** Opens a segment for reading. */
export function openSegmentForRead(dir: string, id: number): number {
  return openSync(join(dir, segmentName(id)), 'r');
}

/** Reads up to `length` bytes at `position`; returns the bytes actually read. */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

/** Cuts a segment at `length` bytes (drops a torn tail) and makes the cut durable. */
export function truncateSegment(dir: string, id: number, length: number): void {
  const fd = openSync(join(dir, segmentName(id)), 'r+');
  try {
    ftruncateSync(fd, length);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Deletes a fully consumed segment. */
export function removeSegment(dir: string, id: number): void {
  rmSync(join(dir, segmentName(id)), { force: true });
}

/**
 * {@link removeSegment} off the event loop: freeing a full 64 MiB segment took about 20 ms here, long
 * enough to hold back every acknowledgement behind it.
 */
export function removeSegmentLater(dir: string, id: number): Promise<void> {
  return rm(join(dir, segmentName(id)), { force: true });
}

/** The committed position, or undefined when there is none (a new spool) or it cannot be read. */
export function readCheckpoint(dir: string): SpoolPosition | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, CHECKPOINT_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<SpoolPosition>;
    if (Number.isSafeInteger(value.segment) && Number.isSafeInteger(value.offset)) {
      return { segment: value.segment as number, offset: value.offset as number };
    }
  } catch {
    // An unreadable checkpoint means "replay everything": points are idempotent, so that is safe.
  }
  return undefined;
}

/**
 * Replaces the checkpoint atomically (write a temporary file, flush it, rename over the old one), so a crash
 * leaves either the old or the new position, never half of one. Off the event loop: the writer commits a
 * batch several times a second, and a flush on the main thread would hold back every acknowledgement.
 * One at a time (the temporary file is shared).
 */
export async function writeCheckpoint(dir: string, position: SpoolPosition): Promise<void> {
  const tmp = join(dir, `${CHECKPOINT_FILE}.tmp`);
  const file = await openFile(tmp, 'w', FILE_MODE);
  try {
    await file.writeFile(JSON.stringify(position));
    await file.datasync();
  } finally {
    await file.close();
  }
  await rename(tmp, join(dir, CHECKPOINT_FILE));
}

/**
 * Takes the spool's lock file so two ingest processes never append to one spool. A lock left by a process
 * that no longer runs (killed with SIGKILL) is taken over.
 */
export function acquireLock(dir: string): void {
  const path = join(dir, LOCK_FILE);
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(readFileSync(path, 'utf8'));
  if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
    throw new Error(`spool folder ${dir} is in use by process ${holder} (lock file ${path})`);
  }
  writeFileSync(path, String(process.pid));
}

/** Gives the lock back. */
export function releaseLock(dir: string): void {
  rmSync(join(dir, LOCK_FILE), { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
