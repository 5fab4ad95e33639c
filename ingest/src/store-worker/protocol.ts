// The messages between ingest's writer (main thread) and the store worker. A spool batch's points cross as
// their JSON text (its buffer transferred, not copied) and are parsed on the worker; points the writer holds
// as objects (the halves of a refused batch) cross as structured clones. Errors cross as their name, code
// and message, and become StoreErrors again on the other side.
import type { TelemetryPoint } from '@louyu/core';
import type { StoreConfig } from '@louyu/store';

/** Main thread -> worker. */
export type ToWorker =
  | { type: 'write'; id: number; points: readonly TelemetryPoint[] }
  /** `json`: a JSON array of points (spool/point-json.ts). */
  | { type: 'write-json'; id: number; json: Uint8Array }
  | { type: 'close' };

/** An error as it crosses the thread boundary. */
export interface WireError {
  name: string;
  code?: string;
  message: string;
  /** A configuration mistake's option (ConfigError), so it is one again on the other side. */
  option?: string;
}

/** Worker -> main thread. */
export type FromWorker =
  | { type: 'ready' }
  /** The store could not be opened yet (database down): the worker keeps trying on each write. */
  | { type: 'waiting'; error: WireError }
  /** The store configuration is wrong: the worker stops. */
  | { type: 'failed'; error: WireError }
  | { type: 'written'; id: number }
  | { type: 'refused'; id: number; error: WireError }
  | { type: 'closed' };

/** What the worker is started with (`workerData`). */
export interface WorkerStart {
  config: StoreConfig;
}

export function toWire(error: unknown): WireError {
  if (error instanceof Error) {
    const { code, option } = error as { code?: unknown; option?: unknown };
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof option === 'string' ? { option } : {}),
    };
  }
  return { name: 'Error', message: String(error) };
}
