// The one place that decides what a store accepts. Both stores apply the same rules, so a point that one
// store takes the other takes too, and nothing that reaches a query string is unchecked.
import { memoizeString, SEGMENT_PATTERN, type TelemetryPoint } from '@louyu/core';
import { StoreError } from './errors.ts';
import {
  AGGREGATES,
  MAX_POINTS_LIMIT,
  type Aggregate,
  type SeriesFilter,
  type SeriesQuery,
} from './types.ts';
import { bucketCount } from './buckets.ts';

/** Measurement names, tag keys and field keys: identifiers, so they never need escaping to be safe. */
export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Names InfluxDB reserves for itself. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['time', '_field', '_measurement']);
/** Longest tag value, in UTF-16 units (tags are labels, never payloads). */
export const MAX_TAG_VALUE_LENGTH = 256;
/** Longest string field (InfluxDB's own limit is 64 KiB). */
export const MAX_STRING_FIELD_LENGTH = 16_384;
/** Most buckets one series query may ask for. */
export const MAX_BUCKETS = 100_000;

// Control characters break line protocol lines; a backslash before a space, comma, '=' or at the end of a
// tag value cannot be written in line protocol so that it reads back the same (InfluxDB's parser keeps it).
const CONTROL = /[\u0000-\u001f\u007f]/;
const UNREPRESENTABLE_BACKSLASH = /\\([ ,=]|$)/;

function refuse(code: 'INVALID_POINT' | 'INVALID_QUERY', message: string): never {
  throw new StoreError(code, message);
}

// Every point of every batch passes here, and its names and tag values are the same few thousand strings
// over and over: the verdicts are remembered (memoizeString bounds the memory by bytes). Only acceptances
// are kept: a refusal is rare and costs a regular expression, and keeping refusals would let hostile input
// fill the cache.
const isGoodName = memoizeString((name) => NAME_PATTERN.test(name) && !RESERVED_NAMES.has(name), {
  keep: (good) => good,
});

function checkName(code: 'INVALID_POINT' | 'INVALID_QUERY', what: string, name: string): void {
  if (!isGoodName(name)) refuse(code, nameRule(what, name));
}

/** Why `value` cannot be a tag value, or undefined when it can. */
export function tagValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  return stringTagValueProblem(value);
}

const stringTagValueProblem = memoizeString(
  (value: string): string | undefined => {
    if (value.length === 0) return 'is empty';
    if (value.length > MAX_TAG_VALUE_LENGTH) return `is longer than ${MAX_TAG_VALUE_LENGTH} characters`;
    if (CONTROL.test(value)) return 'holds a control character';
    if (UNREPRESENTABLE_BACKSLASH.test(value))
      return "holds a backslash before a space, ',', '=' or at its end";
    return undefined;
  },
  { keep: (problem) => problem === undefined },
);

/** Throws INVALID_POINT naming the first problem of a point; returns quietly when the point can be stored. */
export function validatePoint(point: TelemetryPoint): void {
  checkName('INVALID_POINT', 'measurement', point.measurement);
  if (!Number.isSafeInteger(point.ts) || point.ts < 0) {
    refusePoint(point, 'ts must be a non-negative integer of UTC ms');
  }
  for (const key in point.tags) {
    if (!isGoodName(key)) refusePoint(point, nameRule('tag key', key));
    const problem = tagValueProblem(point.tags[key]);
    if (problem) refusePoint(point, `tag ${key} ${problem}`);
  }
  let fieldCount = 0;
  for (const key in point.fields) {
    const value = point.fields[key];
    if (!isGoodName(key)) refusePoint(point, nameRule('field key', key));
    if (key in point.tags) refusePoint(point, `${key} is both a tag and a field`);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) refusePoint(point, `field ${key} is not a finite number`);
    } else if (typeof value === 'string') {
      if (value.length > MAX_STRING_FIELD_LENGTH) {
        refusePoint(point, `field ${key} is longer than ${MAX_STRING_FIELD_LENGTH} characters`);
      }
    } else if (typeof value !== 'boolean') {
      refusePoint(point, `field ${key} must be a number, string or boolean`);
    }
    fieldCount++;
  }
  if (fieldCount === 0) refusePoint(point, 'a point needs at least one field');
}

// The message names the point only when it is refused: building it for every valid point would cost more
// than the checks themselves.
function refusePoint(point: TelemetryPoint, problem: string): never {
  refuse('INVALID_POINT', `point ${point.measurement}@${point.ts}: ${problem}`);
}

function nameRule(what: string, name: string): string {
  return `${what} ${JSON.stringify(name)} must match ${NAME_PATTERN} and not be time`;
}

/** Validates every point of a batch before any is written (all or none). */
export function validatePoints(points: readonly TelemetryPoint[]): void {
  for (const point of points) validatePoint(point);
}

/** The buildings a filter names, as a list (undefined: any building). Throws INVALID_QUERY on a bad id. */
export function filterBuildings(filter: SeriesFilter): readonly string[] | undefined {
  if (filter.building === undefined) return undefined;
  return typeof filter.building === 'string' ? [filter.building] : filter.building;
}

/** The devices a filter names, as a list (undefined when it names none: any device). */
export function filterDevices(filter: SeriesFilter): readonly string[] | undefined {
  if (filter.device === undefined) return undefined;
  return typeof filter.device === 'string' ? [filter.device] : filter.device;
}

/**
 * Checks a filter before any query is built from it: building and device must be topic segments (refused
 * otherwise), other tag values must be printable text (they are escaped when quoted).
 */
export function validateFilter(filter: SeriesFilter): void {
  checkName('INVALID_QUERY', 'measurement', filter.measurement);
  for (const building of filterBuildings(filter) ?? []) {
    if (typeof building !== 'string' || !SEGMENT_PATTERN.test(building)) {
      refuse('INVALID_QUERY', `filter building ${JSON.stringify(building)} must match ${SEGMENT_PATTERN}`);
    }
  }
  for (const device of filterDevices(filter) ?? []) {
    if (typeof device !== 'string' || !SEGMENT_PATTERN.test(device)) {
      refuse('INVALID_QUERY', `filter device ${JSON.stringify(device)} must match ${SEGMENT_PATTERN}`);
    }
  }
  for (const [key, value] of Object.entries(filter.tags ?? {})) {
    checkName('INVALID_QUERY', 'filter tag key', key);
    if (key === 'building' || key === 'device') {
      refuse('INVALID_QUERY', `filter tag ${key}: use the filter's own ${key} option`);
    }
    const problem = tagValueProblem(value);
    if (problem) refuse('INVALID_QUERY', `filter tag ${key} ${problem}`);
  }
}

/** Checks every argument of a series query; returns them bundled. */
export function validateSeriesQuery(
  filter: SeriesFilter,
  from: number,
  to: number,
  stepMs: number,
  agg: Aggregate,
  field: string,
): SeriesQuery {
  validateFilter(filter);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from >= to) {
    refuse('INVALID_QUERY', `series range [${from}, ${to}) must be non-negative integer ms with from < to`);
  }
  if (!Number.isSafeInteger(stepMs) || stepMs < 1)
    refuse('INVALID_QUERY', `stepMs ${stepMs} must be a positive integer`);
  if (bucketCount(from, to, stepMs) > MAX_BUCKETS) {
    refuse('INVALID_QUERY', `series of ${bucketCount(from, to, stepMs)} buckets is more than ${MAX_BUCKETS}`);
  }
  if (!AGGREGATES.includes(agg))
    refuse('INVALID_QUERY', `agg ${JSON.stringify(agg)} must be one of ${AGGREGATES.join(', ')}`);
  checkName('INVALID_QUERY', 'field', field);
  return { filter, from, to, stepMs, agg, field };
}

/** Checks every argument of a raw points query (a range and a bound on how many points come back). */
/** Checks the range of a bounded `latest`: non-negative integer ms with from < to. */
export function validateRange(range: { from: number; to: number }): void {
  const { from, to } = range;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from >= to) {
    refuse('INVALID_QUERY', `latest range [${from}, ${to}) must be non-negative integer ms with from < to`);
  }
}

export function validatePointsQuery(filter: SeriesFilter, from: number, to: number, limit: number): void {
  validateFilter(filter);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from >= to) {
    refuse('INVALID_QUERY', `points range [${from}, ${to}) must be non-negative integer ms with from < to`);
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_POINTS_LIMIT) {
    refuse('INVALID_QUERY', `points limit ${limit} must be an integer from 1 to ${MAX_POINTS_LIMIT}`);
  }
}
