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

/** How long the live link may be away before the summaries are read over HTTP, and how often again after. */
export const SUMMARIES_AFTER_MS = 5_000;
export const SUMMARIES_EVERY_MS = 30_000;

/**
 * The buildings this user may see: their registry entries, from `GET /api/registry/buildings`, which the
 * browser keeps and revalidates (a page load costs a 304, not the 1,000-building list again). Live
 * summaries are not part of it: they come from the socket's rooms, which send them on joining anyway.
 * When the socket cannot deliver them (a proxy that passes no WebSocket and no long polling, or the link
 * is down), they are read from `GET /api/buildings` instead (see {@link readSummaries}), so the figures
 * are there, as of that read, while the connection badge says the link is down.
 */
class BuildingDirectory {
  list = $state.raw<Building[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  readonly #byId = new SvelteMap<string, Building>();
  /** Summaries read over HTTP while the socket is away; forgotten once it is back. */
  readonly #read = new SvelteMap<string, BuildingLive>();

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
    this.#read.clear();
    this.loaded = false;
  }

  /** Reads every building's live summary over HTTP (the socket is away); a failed read keeps the last. */
  async readSummaries(): Promise<void> {
    try {
      const list = await apiGet<{ building: Building; live: BuildingLive }[]>('/api/buildings');
      for (const item of list) this.#read.set(item.building.id, item.live);
    } catch {
      // The next round tries again; the badge already says the link is down.
    }
  }

  /** The socket is back: its rooms' snapshots are newer than anything read over HTTP. */
  forgetReadSummaries(): void {
    this.#read.clear();
  }

  get(id: string): Building | undefined {
    return this.#byId.get(id);
  }

  /**
   * The freshest live summary of a building: the district room's, else the building room's (managers have
   * no district room, and are in all their buildings' rooms).
   */
  liveOf(id: string): BuildingLive | undefined {
    // Read over HTTP only while the socket is away, and after it went: newer than what it last sent.
    const read = this.#read.get(id);
    if (read && live.status !== 'connected') return read;
    return live.district?.buildings[id] ?? live.building(id)?.detail.summary ?? read;
  }
}

/** The one building directory of the app. */
export const buildings = new BuildingDirectory();
