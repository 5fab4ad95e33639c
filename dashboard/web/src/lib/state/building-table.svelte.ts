import type { Building, ClusterId } from '@louyu/core';
import { district } from './district.svelte.ts';
import type { BuildingLive, ShortfallFinding } from '../contracts.ts';
import { buildings } from './buildings.svelte.ts';
import { router } from './router.svelte.ts';
import { locale } from '../i18n/locale.svelte.ts';
import { occupancyOf } from '../district.ts';

/** Columns the building list sorts by. */
export const SORT_KEYS = [
  'name',
  'cluster',
  'five_a',
  'occupancy',
  'people',
  'parking_free',
  'power',
  'shortfalls',
  'alarms',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** One row of the building list. */
export interface BuildingRow {
  building: Building;
  live: BuildingLive | undefined;
  occupancy: number | null;
  shortfalls: number;
}

function sortValue(row: BuildingRow, key: SortKey): number | string | null {
  switch (key) {
    case 'name':
      return locale.name(row.building.name);
    case 'cluster':
      return row.building.cluster;
    case 'five_a':
      return row.live?.five_a.index ?? null;
    case 'occupancy':
      return row.occupancy;
    case 'people':
      return row.live?.people ?? null;
    case 'parking_free':
      return row.live?.parking_free ?? null;
    case 'power':
      return row.live?.power_kw ?? null;
    case 'shortfalls':
      return row.shortfalls;
    case 'alarms':
      return row.live?.alarms.active ?? 0;
  }
}

/** Missing values sort last whichever way the column runs. */
function compare(a: number | string | null, b: number | string | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b, locale.tag);
  return (a as number) - (b as number);
}

function numberParam(value: string | null): number | null {
  if (value === null || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * The building list's sorting and filters, kept in the query string (`?sort=five_a&dir=desc&cluster=...`)
 * so a filtered list can be bookmarked and sent to a colleague.
 */
class BuildingTable {
  readonly sort = $derived.by((): SortKey => {
    const value = router.query.get('sort');
    return (SORT_KEYS as readonly string[]).includes(value ?? '') ? (value as SortKey) : 'name';
  });
  readonly descending = $derived(router.query.get('dir') === 'desc');
  readonly cluster = $derived.by((): ClusterId | null => {
    const value = router.query.get('cluster');
    return district.isCluster(value) ? value : null;
  });
  readonly minFiveA = $derived(numberParam(router.query.get('min5a')));
  /** Lower bound of 入驻率 in percent. */
  readonly minOccupancy = $derived(numberParam(router.query.get('minocc')));
  readonly maxOccupancy = $derived(numberParam(router.query.get('maxocc')));
  readonly onlyShortfalls = $derived(router.query.get('shortfalls') === '1');
  readonly onlyAlarms = $derived(router.query.get('alarms') === '1');
  readonly search = $derived(router.query.get('q') ?? '');

  /** The rows to show, sorted and filtered, given each building's shortfall findings. */
  rowsWith(findings: ReadonlyMap<string, readonly ShortfallFinding[]>): BuildingRow[] {
    const needle = this.search.trim().toLowerCase();
    const rows = buildings.list
      .filter((b) => this.cluster === null || b.cluster === this.cluster)
      .filter((b) => !needle || `${b.name.zh} ${b.name.en} ${b.id}`.toLowerCase().includes(needle))
      .map((building): BuildingRow => {
        const live = buildings.liveOf(building.id);
        return {
          building,
          live,
          occupancy: occupancyOf({ building, live }),
          shortfalls: findings.get(building.id)?.length ?? 0,
        };
      })
      .filter((row) => this.minFiveA === null || (row.live?.five_a.index ?? -1) >= this.minFiveA)
      .filter((row) => this.minOccupancy === null || (row.occupancy ?? -1) * 100 >= this.minOccupancy)
      .filter((row) => this.maxOccupancy === null || (row.occupancy ?? 2) * 100 < this.maxOccupancy)
      .filter((row) => !this.onlyShortfalls || row.shortfalls > 0)
      .filter((row) => !this.onlyAlarms || (row.live?.alarms.active ?? 0) > 0);
    const key = this.sort;
    const sign = this.descending ? -1 : 1;
    return rows.sort((a, b) => {
      const va = sortValue(a, key);
      const vb = sortValue(b, key);
      if (va === null || vb === null) return compare(va, vb);
      return sign * compare(va, vb);
    });
  }

  /** Sorts by `key`; the same column again flips the direction. */
  sortBy(key: SortKey): void {
    const descending = this.sort === key ? !this.descending : key !== 'name' && key !== 'cluster';
    const params = new URLSearchParams(router.search);
    params.set('sort', key);
    params.set('dir', descending ? 'desc' : 'asc');
    router.navigate(`${location.pathname}?${params.toString()}`, true);
  }

  set(
    name: 'cluster' | 'min5a' | 'minocc' | 'maxocc' | 'shortfalls' | 'alarms' | 'q',
    value: string | null,
  ): void {
    router.setQuery(name, value);
  }
}

/** The one building table of the app. */
export const buildingTable = new BuildingTable();
