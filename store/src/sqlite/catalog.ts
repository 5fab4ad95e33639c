// The series catalogue: every (measurement, tags) the store has seen, with its integer id. It is small
// (bounded by the registry: buildings x devices x kinds), so it lives in memory and filters are matched
// here in plain code; no filter value is ever spliced into SQL.
import type Database from 'better-sqlite3';
import type { TelemetryPoint } from '@louyu/core';
import type { SeriesFilter } from '../types.ts';
import { filterBuildings } from '../validate.ts';

/** One known series. */
export interface SeriesInfo {
  id: number;
  measurement: string;
  tags: Readonly<Record<string, string>>;
}

function seriesKey(measurement: string, tags: Readonly<Record<string, string>>): string {
  // Sorted tag pairs in JSON: unambiguous whatever the values hold.
  const pairs = Object.keys(tags)
    .sort()
    .map((key) => [key, tags[key]]);
  return JSON.stringify([measurement, pairs]);
}

/** Maps series to ids, creating rows for new ones; matches filters against the known series. */
export class SeriesCatalog {
  private readonly byKey = new Map<string, SeriesInfo>();
  private readonly byMeasurement = new Map<string, SeriesInfo[]>();
  private readonly insert: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO series (series_key, measurement, tags) VALUES (?, ?, ?)');
    const rows = db.prepare('SELECT id, series_key, measurement, tags FROM series').all() as {
      id: number;
      series_key: string;
      measurement: string;
      tags: string;
    }[];
    for (const row of rows) {
      this.remember(row.series_key, {
        id: row.id,
        measurement: row.measurement,
        tags: JSON.parse(row.tags) as Record<string, string>,
      });
    }
  }

  private remember(key: string, info: SeriesInfo): void {
    this.byKey.set(key, info);
    const list = this.byMeasurement.get(info.measurement);
    if (list) list.push(info);
    else this.byMeasurement.set(info.measurement, [info]);
  }

  /** The id of the point's series; inserts the series row when it is new (call inside the write transaction). */
  idFor(point: TelemetryPoint): number {
    const key = seriesKey(point.measurement, point.tags);
    const known = this.byKey.get(key);
    if (known) return known.id;
    const tags = { ...point.tags };
    const id = Number(this.insert.run(key, point.measurement, JSON.stringify(tags)).lastInsertRowid);
    this.remember(key, { id, measurement: point.measurement, tags });
    return id;
  }

  /** Every known series that matches the filter (already validated). */
  match(filter: SeriesFilter): SeriesInfo[] {
    const buildings = filterBuildings(filter);
    const wanted = buildings ? new Set(buildings) : undefined;
    const extra = Object.entries(filter.tags ?? {});
    return (this.byMeasurement.get(filter.measurement) ?? []).filter((info) => {
      if (wanted && !wanted.has(info.tags.building ?? '')) return false;
      if (filter.device !== undefined && info.tags.device !== filter.device) return false;
      return extra.every(([key, value]) => info.tags[key] === value);
    });
  }
}
