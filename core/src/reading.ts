import type { Kind } from './kinds.ts';
import type { PayloadByKind } from './payloads/index.ts';

/** A validated, normalised telemetry message: what `decode` returns when it accepts one. */
export type Reading = {
  [K in Kind]: {
    building: string;
    kind: K;
    device: string;
    /** UTC milliseconds: the payload's `ts`, or the receipt time when it had none. Fixed before the spool. */
    ts: number;
    /** The payload without `ts`, exactly as validated. */
    data: Omit<PayloadByKind[K], 'ts'>;
  };
}[Kind];

/** A reading of one kind. */
export type ReadingOf<K extends Kind> = Extract<Reading, { kind: K }>;

/** One stored point: measurement + tags + ts identify it, so writing it twice overwrites it. */
export interface TelemetryPoint {
  measurement: string;
  tags: Readonly<Record<string, string>>;
  fields: Readonly<Record<string, number | string | boolean>>;
  /** UTC milliseconds. */
  ts: number;
}
