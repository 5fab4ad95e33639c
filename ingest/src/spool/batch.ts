// A run of spool records handed to the writer, as the spool holds them: each record's JSON text.
import type { TelemetryPoint } from '@louyu/core';
import { joinPointBodies, parsePoints } from './point-json.ts';
import type { SpoolPosition } from './segment-files.ts';

/** A run of records handed to the writer; commit it once the store has them. */
export class SpoolBatch {
  #points: TelemetryPoint[] | undefined;

  constructor(
    /** Each record's body: the JSON array of its points. */
    readonly bodies: readonly Uint8Array[],
    /** The points in all its records. */
    readonly count: number,
    readonly records: number,
    readonly bytes: number,
    /** The position just after the batch's last record. */
    readonly end: SpoolPosition,
  ) {}

  /** All its points as one JSON array text, in a buffer of its own (for the store's thread). */
  json(): Uint8Array {
    return joinPointBodies(this.bodies);
  }

  /** Its points, parsed on this thread (the writer splits a refused batch to find the points refused). */
  get points(): TelemetryPoint[] {
    this.#points ??= this.bodies.flatMap(parsePoints);
    return this.#points;
  }
}
