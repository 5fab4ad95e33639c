// The dashboard's store in `louyu start`: it reads through its own connection on the main thread, and
// writes (the alarm journal's transitions, a manager's tenancy entry) go to ingest's store worker. The
// main thread is the broker's: with the embedded SQLite store, one write waiting on a lock (a backup tool
// holding BEGIN EXCLUSIVE) froze it for the whole busy timeout, and every gateway's PUBACK with it.
import type { PointSink } from '@louyu/ingest';
import type { TelemetryStore } from '@louyu/store';

/** `reads` for everything but `write`, which goes to `writes` (the store worker). */
export class WritesInWorker implements TelemetryStore {
  readonly #reads: TelemetryStore;
  readonly #writes: PointSink;

  constructor(reads: TelemetryStore, writes: PointSink) {
    this.#reads = reads;
    this.#writes = writes;
  }

  get kind(): TelemetryStore['kind'] {
    return this.#reads.kind;
  }
  get retention(): TelemetryStore['retention'] {
    return this.#reads.retention;
  }
  write(...args: Parameters<TelemetryStore['write']>) {
    return this.#writes.write(...args);
  }
  latest(...args: Parameters<TelemetryStore['latest']>) {
    return this.#reads.latest(...args);
  }
  series(...args: Parameters<TelemetryStore['series']>) {
    return this.#reads.series(...args);
  }
  points(...args: Parameters<TelemetryStore['points']>) {
    return this.#reads.points(...args);
  }
  seriesByBuilding(...args: Parameters<TelemetryStore['seriesByBuilding']>) {
    return this.#reads.seriesByBuilding(...args);
  }
  seriesByDevice(...args: Parameters<TelemetryStore['seriesByDevice']>) {
    return this.#reads.seriesByDevice(...args);
  }
  applyRetention(...args: Parameters<TelemetryStore['applyRetention']>) {
    return this.#reads.applyRetention(...args);
  }
  ping() {
    return this.#reads.ping();
  }
  /** The reading connection only: the worker is ingest's, closed after ingest. */
  close() {
    return this.#reads.close();
  }
}
