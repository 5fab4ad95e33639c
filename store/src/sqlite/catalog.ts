// The series catalogue: every (measurement, tags) the store has seen, with its integer id. It is small
// (bounded by the registry: buildings x devices x kinds), so it lives in memory and filters are matched
// here in plain code; no filter value is ever spliced into SQL. Another connection may add series (ingest
// writes on its own thread and connection, the dashboard reads on its own): ids only grow, so the rows past
// the highest id known here are read before a filter is matched or a series created.
import type Database from 'better-sqlite3';
import type { TelemetryPoint } from '@louyu/core';
import type { SeriesFilter } from '../types.ts';
import { filterBuildings, filterDevices } from '../validate.ts';

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

/**
 * A point's series as its tags come, unsorted: a cheap lookup key (a gateway sends its tags in one order).
 * Validated names and tag values hold no control character, so NUL separates them unambiguously.
 */
function writtenKey(point: TelemetryPoint): string {
  let key = point.measurement;
  for (const name in point.tags) key += `\0${name}\0${point.tags[name]}`;
  return key;
}

/** Maps series to ids, creating rows for new ones; matches filters against the known series. */
export class SeriesCatalog {
  private readonly byKey = new Map<string, SeriesInfo>();
  /** The same series by {@link writtenKey}: the tags in the order a point holds them, no sort. */
  private readonly byWrittenKey = new Map<string, SeriesInfo>();
  private readonly byMeasurement = new Map<string, SeriesInfo[]>();
  private readonly insert: Database.Statement;
  private readonly newer: Database.Statement;
  /** The highest series id read or created through this catalogue. */
  private highestId = 0;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO series (series_key, measurement, tags) VALUES (?, ?, ?)');
    this.newer = db.prepare('SELECT id, series_key, measurement, tags FROM series WHERE id > ? ORDER BY id');
    this.refresh();
  }

  /** Reads the series other connections created since the last look (an index range on the primary key). */
  private refresh(): void {
    const rows = this.newer.all(this.highestId) as {
      id: number;
      series_key: string;
      measurement: string;
      tags: string;
    }[];
    for (const row of rows) {
      if (this.byKey.has(row.series_key)) continue;
      this.remember(row.series_key, {
        id: row.id,
        measurement: row.measurement,
        tags: JSON.parse(row.tags) as Record<string, string>,
      });
    }
  }

  private remember(key: string, info: SeriesInfo): void {
    this.highestId = Math.max(this.highestId, info.id);
    this.byKey.set(key, info);
    const list = this.byMeasurement.get(info.measurement);
    if (list) list.push(info);
    else this.byMeasurement.set(info.measurement, [info]);
  }

  /** The id of the point's series; inserts the series row when it is new (call inside the write transaction). */
  idFor(point: TelemetryPoint): number {
    // Every point of a batch asks; sorting its tags for the canonical key was 6 % of a write's time.
    const written = writtenKey(point);
    const seen = this.byWrittenKey.get(written);
    if (seen) return seen.id;
    const id = this.idForNew(point);
    this.byWrittenKey.set(written, this.byKey.get(seriesKey(point.measurement, point.tags))!);
    return id;
  }

  private idForNew(point: TelemetryPoint): number {
    const key = seriesKey(point.measurement, point.tags);
    let known = this.byKey.get(key);
    if (known) return known.id;
    this.refresh();
    known = this.byKey.get(key);
    if (known) return known.id;
    const tags = { ...point.tags };
    const id = Number(this.insert.run(key, point.measurement, JSON.stringify(tags)).lastInsertRowid);
    this.remember(key, { id, measurement: point.measurement, tags });
    return id;
  }

  /** Every known series that matches the filter (already validated). */
  match(filter: SeriesFilter): SeriesInfo[] {
    this.refresh();
    const buildings = filterBuildings(filter);
    const wanted = buildings ? new Set(buildings) : undefined;
    const devices = filterDevices(filter);
    const wantedDevices = devices ? new Set(devices) : undefined;
    const extra = Object.entries(filter.tags ?? {});
    return (this.byMeasurement.get(filter.measurement) ?? []).filter((info) => {
      if (wanted && !wanted.has(info.tags.building ?? '')) return false;
      if (wantedDevices && !wantedDevices.has(info.tags.device ?? '')) return false;
      return extra.every(([key, value]) => info.tags[key] === value);
    });
  }
}
