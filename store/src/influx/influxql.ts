// InfluxQL text for the InfluxDB store. Identifiers are double-quoted and string literals single-quoted,
// with backslash and the quote escaped (InfluxQL's scanner knows \\ \' \" \n and rejects anything else);
// every value reaching here has passed validate.ts first, so building and device are topic segments, names
// are identifiers, and no value holds a control character.
import type { Aggregate, SeriesFilter, SeriesQuery, TimeRange } from '../types.ts';
import { filterBuildings, filterDevices } from '../validate.ts';

/** A double-quoted identifier (database, retention policy, measurement, tag or field name). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A single-quoted string literal. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `"db"."rp"."measurement"`, or `"measurement"` (default retention policy of the query's db). */
export function source(measurement: string, database?: string, retentionPolicy?: string): string {
  if (!database) return quoteIdent(measurement);
  return `${quoteIdent(database)}.${retentionPolicy ? quoteIdent(retentionPolicy) : ''}.${quoteIdent(measurement)}`;
}

/** The tag conditions of a filter (already validated), or undefined when the filter can match nothing. */
export function tagConditions(filter: SeriesFilter): string[] | undefined {
  const conditions: string[] = [];
  const buildings = filterBuildings(filter);
  if (buildings) {
    if (buildings.length === 0) return undefined;
    conditions.push(`(${buildings.map((b) => `"building" = ${quoteString(b)}`).join(' OR ')})`);
  }
  const devices = filterDevices(filter);
  if (devices) {
    if (devices.length === 0) return undefined;
    const each = devices.map((d) => `"device" = ${quoteString(d)}`);
    conditions.push(each.length === 1 ? each[0]! : `(${each.join(' OR ')})`);
  }
  for (const [key, value] of Object.entries(filter.tags ?? {}))
    conditions.push(`${quoteIdent(key)} = ${quoteString(value)}`);
  return conditions;
}

/** The latest row of every matching series (in [from, to) when a range is given). */
export function latestQuery(filter: SeriesFilter, conditions: string[], range?: TimeRange): string {
  const all = range ? [...conditions, `time >= ${range.from}ms`, `time < ${range.to}ms`] : conditions;
  const where = all.length > 0 ? ` WHERE ${all.join(' AND ')}` : '';
  return `SELECT * FROM ${source(filter.measurement)}${where} GROUP BY * ORDER BY time DESC LIMIT 1`;
}

/** The newest `limit` raw rows of every matching series in [from, to). */
export function pointsQuery(
  filter: SeriesFilter,
  conditions: string[],
  from: number,
  to: number,
  limit: number,
): string {
  const where = [...conditions, `time >= ${from}ms`, `time < ${to}ms`].join(' AND ');
  return `SELECT * FROM ${source(filter.measurement)} WHERE ${where} GROUP BY * ORDER BY time DESC LIMIT ${limit}`;
}

const RAW_AGG: Record<Aggregate, (field: string) => string> = {
  mean: (f) => `mean(${quoteIdent(f)})`,
  min: (f) => `min(${quoteIdent(f)})`,
  max: (f) => `max(${quoteIdent(f)})`,
  sum: (f) => `sum(${quoteIdent(f)})`,
  count: (f) => `count(${quoteIdent(f)})`,
  last: (f) => `last(${quoteIdent(f)})`,
};

// Over hour rollups (fields count_x, sum_x, min_x, max_x, last_x written by the rollup query).
const ROLLUP_AGG: Record<Aggregate, (field: string) => string> = {
  mean: (f) => `sum(${quoteIdent(`sum_${f}`)}) / sum(${quoteIdent(`count_${f}`)})`,
  min: (f) => `min(${quoteIdent(`min_${f}`)})`,
  max: (f) => `max(${quoteIdent(`max_${f}`)})`,
  sum: (f) => `sum(${quoteIdent(`sum_${f}`)})`,
  count: (f) => `sum(${quoteIdent(`count_${f}`)})`,
  last: (f) => `last(${quoteIdent(`last_${f}`)})`,
};

/** The tags a district-wide series query is grouped by, besides time. */
export type GroupTag = 'building' | 'device';

/** Where a series query reads: the raw data, or hour rollups in another database. */
export type SeriesSource = { tier: 'raw' } | { tier: 'hour'; database: string; retentionPolicy: string };

/** One series query over the aligned range [start, end). */
export function seriesQuery(
  query: SeriesQuery,
  conditions: string[],
  start: number,
  end: number,
  groupBy: readonly GroupTag[],
  from: SeriesSource,
): string {
  const select = (from.tier === 'raw' ? RAW_AGG : ROLLUP_AGG)[query.agg](query.field);
  const measurement =
    from.tier === 'raw'
      ? source(query.filter.measurement)
      : source(query.filter.measurement, from.database, from.retentionPolicy);
  const where = [...conditions, `time >= ${start}ms`, `time < ${end}ms`].join(' AND ');
  const group = [`time(${query.stepMs}ms)`, ...groupBy.map(quoteIdent)].join(', ');
  return `SELECT ${select} AS "value" FROM ${measurement} WHERE ${where} GROUP BY ${group} fill(none)`;
}

/** The statement that folds raw data of [start, end) into hour rollups (the continuous query's body). */
export function rollupSelect(rawDb: string, rawRp: string, rollupDb: string, rollupRp: string): string {
  return (
    `SELECT count(*), sum(*), min(*), max(*), last(*) INTO ${quoteIdent(rollupDb)}.${quoteIdent(rollupRp)}.:MEASUREMENT ` +
    `FROM ${quoteIdent(rawDb)}.${quoteIdent(rawRp)}./.*/`
  );
}
