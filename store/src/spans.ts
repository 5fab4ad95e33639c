// The spans a series query with `within` (SeriesOptions) reads: both stores cut the range the same way.
import { StoreError } from './errors.ts';
import type { TimeRange } from './types.ts';

/**
 * The parts of [from, to) inside the `within` spans, in time order, overlapping or touching spans merged;
 * [from, to) itself when there are no spans to keep to. Refuses a span that is not [from, to) of integer ms.
 */
export function querySpans(from: number, to: number, within?: readonly TimeRange[]): TimeRange[] {
  if (within === undefined) return [{ from, to }];
  for (const span of within) {
    if (!Number.isSafeInteger(span?.from) || !Number.isSafeInteger(span?.to) || span.from >= span.to) {
      throw new StoreError(
        'INVALID_QUERY',
        `within span ${JSON.stringify(span)} must be integer ms with from < to`,
      );
    }
  }
  const clipped = within
    .map((span) => ({ from: Math.max(from, span.from), to: Math.min(to, span.to) }))
    .filter((span) => span.from < span.to)
    .sort((a, b) => a.from - b.from);
  const merged: TimeRange[] = [];
  for (const span of clipped) {
    const last = merged.at(-1);
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

/** Whether a bucket starting at `ts` belongs to a query over these spans (its start lies in one of them). */
export function startsIn(ts: number, spans: readonly TimeRange[]): boolean {
  return spans.some((span) => ts >= span.from && ts < span.to);
}
