// Opening a spool folder: segments consumed before a crash cut their deletion short are deleted, torn or
// corrupt tails are cut off, and what lies after the checkpoint is counted for replay.
import { scanSegment } from './scan.ts';
import { SegmentList } from './segment-list.ts';
import {
  listSegments,
  readCheckpoint,
  removeSegment,
  truncateSegment,
  type SpoolPosition,
} from './segment-files.ts';

/** A tail dropped on open. */
export interface RecoveryEvent {
  segment: number;
  droppedBytes: number;
  problem: string;
}

/** What an open spool folder holds. */
export interface Recovered {
  /** The segments kept, oldest first (not yet with a new active one). */
  segments: SegmentList;
  /** The id of the fresh segment to append to. */
  nextId: number;
  /** Where the first unconsumed record is. */
  start: SpoolPosition;
  /** Whole records and their bytes after the checkpoint: to be replayed into the store. */
  records: number;
  bytes: number;
}

export function recoverSegments(dir: string, onRecovery?: (event: RecoveryEvent) => void): Recovered {
  const checkpoint = readCheckpoint(dir) ?? { segment: 0, offset: 0 };
  const segments = new SegmentList();
  let records = 0;
  let bytes = 0;
  let last: number | undefined;
  for (const id of listSegments(dir)) {
    if (id < checkpoint.segment) {
      removeSegment(dir, id); // consumed before a crash cut the deletion short
      continue;
    }
    const from = id === checkpoint.segment ? checkpoint.offset : 0;
    const scan = scanSegment(dir, id, from);
    if (scan.validEnd < scan.fileSize) {
      truncateSegment(dir, id, scan.validEnd);
      onRecovery?.({
        segment: id,
        droppedBytes: scan.fileSize - scan.validEnd,
        problem: scan.problem ?? 'unreadable tail',
      });
    }
    records += scan.records;
    bytes += Math.max(0, scan.validEnd - from);
    segments.push({ id, size: scan.validEnd });
    last = id;
  }
  const first = segments.first;
  const start =
    first?.id === checkpoint.segment
      ? { segment: first.id, offset: Math.min(checkpoint.offset, first.size) }
      : { segment: first?.id ?? checkpoint.segment + 1, offset: 0 };
  // Always append to a fresh segment: a recovered one may end in a cut we made, and sealed files stay sealed.
  const nextId = Math.max(checkpoint.segment, last ?? 0) + 1;
  return { segments, nextId, start, records, bytes };
}
