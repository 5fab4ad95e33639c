/** Stable codes for everything a store refuses or fails at. */
export type StoreErrorCode =
  | 'INVALID_POINT' // a point the store cannot represent: never retry, dead-letter it
  | 'INVALID_QUERY' // a filter or query argument refused before any query was built
  | 'REJECTED' // the database refused the data or the query (HTTP 4xx, InfluxQL error): retrying will not help
  | 'UNAVAILABLE' // the database could not be reached or answered 5xx / timed out: retry with backoff
  | 'CLOSED'; // the store was closed

const RETRIABLE: ReadonlySet<StoreErrorCode> = new Set(['UNAVAILABLE']);

/** An error from a {@link TelemetryStore}; `canRetry()` tells ingest's writer whether to back off and retry. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }

  /** True when the same call may succeed later (database down, overloaded, timed out). */
  canRetry(): boolean {
    return RETRIABLE.has(this.code);
  }
}

/** True when `error` says a retry may succeed: a {@link StoreError} that says so. Anything else is a bug. */
export function canRetry(error: unknown): boolean {
  return error instanceof StoreError && error.canRetry();
}

/** Runs synchronous store work as a promise, so a throw becomes a rejection like any async failure. */
export function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}
