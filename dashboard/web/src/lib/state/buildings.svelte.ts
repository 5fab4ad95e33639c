import { SvelteMap } from 'svelte/reactivity';
import type { Building } from '@louyu/core';
import type { BuildingListItem, BuildingLive } from '../contracts.ts';
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
 * The buildings this user may see (the registry entries from `GET /api/buildings`), with each one's live
 * summary taken from the district room when it has one, else from the REST reply.
 */
class BuildingDirectory {
  items = $state.raw<BuildingListItem[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  readonly #byId = new SvelteMap<string, Building>();

  readonly list = $derived(this.items.map((item) => item.building));
  readonly #restLive = $derived(new Map(this.items.map((item) => [item.building.id, item.live])));

  async load(): Promise<void> {
    try {
      const items = await apiGet<BuildingListItem[]>('/api/buildings');
      this.items = items;
      this.#byId.clear();
      for (const item of items) this.#byId.set(item.building.id, item.building);
      this.loaded = true;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  clear(): void {
    this.items = [];
    this.#byId.clear();
    this.loaded = false;
  }

  get(id: string): Building | undefined {
    return this.#byId.get(id);
  }

  /**
   * The freshest live summary of a building: the district room's, else the building room's (managers have
   * no district room), else the one loaded with the list.
   */
  liveOf(id: string): BuildingLive | undefined {
    return live.district?.buildings[id] ?? live.building(id)?.detail.summary ?? this.#restLive.get(id);
  }
}

/** The one building directory of the app. */
export const buildings = new BuildingDirectory();
