// The records appended in this run and not yet read, kept in memory within a byte budget, so the writer
// takes what was just appended without reading it back from disk. They are kept as the bytes written (the
// points' JSON), which is what the writer hands on: point objects kept this long would outlive the young
// generation and cost the broker's thread a full garbage collection.
import type { SpoolPosition } from './segment-files.ts';

/** A record appended in this run, still held in memory: where it is on disk, its points' JSON and their count. */
export interface RecentRecord {
  segment: number;
  offset: number;
  /** The whole frame's length on disk. */
  bytes: number;
  body: Uint8Array;
  count: number;
}

function before(record: RecentRecord, pos: SpoolPosition): boolean {
  return record.segment < pos.segment || (record.segment === pos.segment && record.offset < pos.offset);
}

/** Unread records in spool order, with gaps where the budget was spent (those are read from the files). */
export class RecentRecords {
  private records: RecentRecord[] = [];
  private head = 0;
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  /** Keeps a just-appended record if the budget allows; false when it is left to the files. */
  add(record: RecentRecord): boolean {
    if (this.bytes + record.bytes > this.budgetBytes) return false;
    this.records.push(record);
    this.bytes += record.bytes;
    return true;
  }

  /** Forgets the records at or after `pos` (their write failed: they are not in the spool). */
  forgetFrom(pos: SpoolPosition): void {
    while (this.records.length > this.head) {
      const last = this.records.at(-1) as RecentRecord;
      if (before(last, pos)) break;
      this.records.pop();
      this.bytes -= last.bytes;
    }
  }

  /** The first record held at or after `pos` (records before it are dropped on the way). */
  firstFrom(pos: SpoolPosition): RecentRecord | undefined {
    this.dropBefore(pos);
    return this.records[this.head];
  }

  /** Forgets the records that lie before `pos`: they have been read. */
  dropBefore(pos: SpoolPosition): void {
    let head = this.head;
    for (;;) {
      const record = this.records[head];
      if (!record || !before(record, pos)) break;
      this.bytes -= record.bytes;
      head++;
    }
    if (head === this.records.length) {
      this.records = [];
      head = 0;
    } else if (head > 1024 && head * 2 > this.records.length) {
      // Compact now and then rather than shift() per record (shift is linear in the array's length).
      this.records = this.records.slice(head);
      head = 0;
    }
    this.head = head;
  }
}
