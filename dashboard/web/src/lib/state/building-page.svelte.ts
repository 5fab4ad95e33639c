import type { Building } from '@louyu/core';
import type { AlarmView, BuildingDetail, BuildingReply, HistoryReply } from '../contracts.ts';
import { apiGet, ApiCallError } from '../api.ts';
import { live } from '../live/connection.svelte.ts';

/** How often the power history is fetched again (the chart's buckets are minutes wide). */
const HISTORY_REFRESH_MS = 5 * 60_000;
/** When the server did not put the socket in this building's room, the page polls REST this often. */
const POLL_MS = 10_000;
const DAY_MS = 86_400_000;

/**
 * One building's page: the registry entry and a first picture from `GET /api/buildings/{id}`, then the
 * live `building:{id}` room replaces it as deltas arrive, and the power history for the chart.
 */
export class BuildingPage {
  building = $state.raw<Building | null>(null);
  #rest = $state.raw<{ detail: BuildingDetail; alarms: AlarmView[] } | null>(null);
  history = $state.raw<HistoryReply | null>(null);
  notFound = $state(false);
  error = $state<string | null>(null);

  /** Live room state when the socket has it, else the REST reply. */
  readonly state = $derived.by(() => live.building(this.id) ?? this.#rest);
  readonly detail = $derived(this.state?.detail ?? null);
  readonly alarms = $derived(this.state?.alarms ?? []);
  /** True while the numbers come from the socket (as opposed to the last REST poll). */
  readonly isLive = $derived.by(() => live.building(this.id) !== null && live.status === 'connected');

  constructor(readonly id: string) {}

  /** Loads the page and keeps it current; returns the cleanup for the component's $effect. */
  follow(): () => void {
    const unwatch = live.watch(this.id);
    void this.#load();
    void this.#loadHistory();
    const history = setInterval(() => void this.#loadHistory(), HISTORY_REFRESH_MS);
    const poll = setInterval(() => {
      if (!live.inRoom(`building:${this.id}`)) void this.#load();
    }, POLL_MS);
    return () => {
      unwatch();
      clearInterval(history);
      clearInterval(poll);
    };
  }

  async #load(): Promise<void> {
    try {
      const reply = await apiGet<BuildingReply>(`/api/buildings/${encodeURIComponent(this.id)}`);
      this.building = reply.building;
      this.#rest = { detail: reply.live, alarms: reply.alarms };
      this.error = null;
    } catch (error) {
      if (error instanceof ApiCallError && (error.status === 404 || error.status === 403))
        this.notFound = true;
      else this.error = error instanceof Error ? error.message : String(error);
    }
  }

  async #loadHistory(): Promise<void> {
    const to = Date.now();
    try {
      this.history = await apiGet<HistoryReply>(`/api/buildings/${encodeURIComponent(this.id)}/history`, {
        kind: 'energy',
        field: 'power_kw',
        circuit: 'total',
        from: to - DAY_MS,
        to,
        points: 288,
        agg: 'mean',
      });
    } catch (error) {
      // The chart says it has no data; the rest of the page is still useful.
      this.history = null;
      if (!(error instanceof ApiCallError && error.status === 404)) {
        this.error = error instanceof Error ? error.message : String(error);
      }
    }
  }
}
