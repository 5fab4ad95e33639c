import { SvelteMap } from 'svelte/reactivity';
import type { Building } from '@louyu/core';
import type { BuildingLive } from '../contracts.ts';
import { apiGet } from '../api.ts';
import { live } from '../live/connection.svelte.ts';

/** How a building looks on the map and in lists, worst first. */
export type BuildingStatus = 'critical' | 'alarm' | 'offline' | 'stale' | 'warning' | 'ok';

/** The status a building's live summary amounts to: alarms first, then missing data, then shortfalls. */
export function buildingStatus(summary: BuildingLive | undefined, hasShortfall = false): BuildingStatus {
  if (!summary) return 'stale';
  if (summary.alarms.critical > 0) return 'critical';
  if (summary.alarms.active > 0) return 'alarm';
  const { fresh, stale, offline } = summary.freshness;
  if (summary.gateway === 'offline' || (offline > 0 && fresh === 0 && stale === 0)) return 'offline';
  if (stale + offline > fresh) return 'stale';
  if (hasShortfall) return 'warning';
  return 'ok';
}

/**
 * The buildings this user may see: their registry entries, from `GET /api/registry/buildings`, which the
 * browser keeps and revalidates (a page load costs a 304, not the 1,000-building list again). Live
 * summaries are not part of it: they come from the socket's rooms, which send them on joining anyway.
 */
class BuildingDirectory {
  list = $state.raw<Building[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  readonly #byId = new SvelteMap<string, Building>();

  async load(): Promise<void> {
    try {
      const list = await apiGet<Building[]>('/api/registry/buildings');
      this.list = list;
      this.#byId.clear();
      for (const building of list) this.#byId.set(building.id, building);
      this.loaded = true;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  clear(): void {
    this.list = [];
    this.#byId.clear();
    this.loaded = false;
  }

  get(id: string): Building | undefined {
    return this.#byId.get(id);
  }

  /**
   * The freshest live summary of a building: the district room's, else the building room's (managers have
   * no district room, and are in all their buildings' rooms).
   */
  liveOf(id: string): BuildingLive | undefined {
    return live.district?.buildings[id] ?? live.building(id)?.detail.summary;
  }
}

/** The one building directory of the app. */
export const buildings = new BuildingDirectory();
