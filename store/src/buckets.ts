// Bucket arithmetic shared by both stores: buckets start at multiples of the step since the epoch, as
// InfluxQL's GROUP BY time() does, so a chart refreshed a second later shows the same buckets and rollups
// (whole minutes, whole hours) nest inside any step that is a whole number of them.

/** Start of the bucket holding `ts`. */
export function bucketStart(ts: number, stepMs: number): number {
  return Math.floor(ts / stepMs) * stepMs;
}

/** How many buckets of `stepMs` touch [from, to): the most points a series query can return. */
export function bucketCount(from: number, to: number, stepMs: number): number {
  if (to <= from) return 0;
  return bucketStart(to - 1, stepMs) / stepMs - bucketStart(from, stepMs) / stepMs + 1;
}

/**
 * The range a series query really reads: [from, to) widened to whole buckets, so every bucket that
 * overlaps the request is aggregated over its whole width, whichever tier (raw, minute, hour) answers it.
 */
export function alignedRange(from: number, to: number, stepMs: number): { start: number; end: number } {
  return { start: bucketStart(from, stepMs), end: bucketStart(to - 1, stepMs) + stepMs };
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NICE_STEPS = [
  SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
];

/**
 * The smallest readable step (1 s ... 1 day, then whole days) that shows [from, to) in at most `maxPoints`
 * buckets: what a chart `maxPoints` pixels wide should ask for. Minute and hour steps hit the rollups.
 */
export function stepFor(from: number, to: number, maxPoints: number): number {
  const points = Math.max(1, Math.floor(maxPoints));
  for (const step of NICE_STEPS) if (bucketCount(from, to, step) <= points) return step;
  let days = Math.max(1, Math.ceil((to - from) / DAY / points));
  while (bucketCount(from, to, days * DAY) > points) days++;
  return days * DAY;
}
