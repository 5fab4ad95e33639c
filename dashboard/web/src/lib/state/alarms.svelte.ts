import type { AlarmList, AlarmView } from '../contracts.ts';
import { apiGet, apiPost } from '../api.ts';
import { live } from '../live/connection.svelte.ts';

/** Severity order, worst first, for sorting. */
const SEVERITY_RANK = { critical: 0, major: 1, minor: 2, warning: 3 } as const;

/** Sorts alarms worst first, then newest first. */
export function byUrgency(a: AlarmView, b: AlarmView): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.raised_at - a.raised_at;
}

/**
 * Active alarms, the roll-up per building and recent history (`GET /api/alarms`). The district room says
 * how many alarms are active; when that changes the list is fetched again, so it follows without polling.
 */
class AlarmBoard {
  data = $state.raw<AlarmList | null>(null);
  error = $state<string | null>(null);
  /** Alarm ids being acknowledged right now (the button is disabled meanwhile). */
  pending = $state.raw<ReadonlySet<string>>(new Set());

  readonly active = $derived([...(this.data?.active ?? [])].sort(byUrgency));

  /** A fingerprint of the district's alarm counts; a change means the list is out of date. */
  readonly #signal = $derived.by(() => {
    const counts = live.district?.district.alarms;
    return counts
      ? `${counts.active}/${counts.critical}/${counts.major}/${counts.minor}/${counts.warning}`
      : '';
  });
  #lastSignal: string | null = null;

  async load(): Promise<void> {
    try {
      this.data = await apiGet<AlarmList>('/api/alarms');
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** Call from a component's $effect: reloads when the live alarm counts change. */
  follow(): void {
    const signal = this.#signal;
    if (signal === this.#lastSignal) return;
    this.#lastSignal = signal;
    void this.load();
  }

  /** Acknowledges an alarm (`POST /api/alarms/{id}/ack`) and reloads the list. */
  async acknowledge(id: string): Promise<void> {
    this.pending = new Set([...this.pending, id]);
    try {
      await apiPost<AlarmView>(`/api/alarms/${encodeURIComponent(id)}/ack`);
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      const next = new Set(this.pending);
      next.delete(id);
      this.pending = next;
    }
    await this.load();
  }
}

/** The one alarm board of the app. */
export const alarms = new AlarmBoard();
