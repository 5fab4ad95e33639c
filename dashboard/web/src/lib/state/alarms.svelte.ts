import type { AlarmList, AlarmShelf, AlarmView } from '../contracts.ts';
import { apiDelete, apiGet, apiPost } from '../api.ts';
import { live } from '../live/connection.svelte.ts';

/** Severity order, worst first, for sorting. */
const SEVERITY_RANK = { critical: 0, major: 1, minor: 2, warning: 3 } as const;

/** Sorts alarms worst first, then newest first. */
export function byUrgency(a: AlarmView, b: AlarmView): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.raised_at - a.raised_at;
}

/**
 * Active alarms, the roll-up per building and recent history (`GET /api/alarms`). The server pushes
 * `alarms` to every user who may see a changed alarm (managers too, acknowledgements by others too); the
 * list is fetched again then, so it follows without polling and every count in the app comes from it.
 */
class AlarmBoard {
  data = $state.raw<AlarmList | null>(null);
  error = $state<string | null>(null);
  /** Alarm ids being acknowledged right now (the button is disabled meanwhile). */
  pending = $state.raw<ReadonlySet<string>>(new Set());

  readonly active = $derived([...(this.data?.active ?? [])].sort(byUrgency));
  /** Standing alarms nobody has acknowledged yet: what the nav badge counts. */
  readonly unacknowledged = $derived(this.active.filter((a) => a.state === 'active').length);

  #lastSignal: number | null = null;
  /** Loads started; only the newest one's answer is kept (an older one may arrive after it). */
  #loads = 0;

  async load(): Promise<void> {
    const mine = ++this.#loads;
    try {
      const data = await apiGet<AlarmList>('/api/alarms');
      if (mine !== this.#loads) return;
      this.data = data;
      this.error = null;
    } catch (error) {
      if (mine !== this.#loads) return;
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** Call from a component's $effect: loads now, and again at every alarm push and reconnection. */
  follow(): void {
    const signal = live.alarmsChanged;
    if (signal === this.#lastSignal) return;
    this.#lastSignal = signal;
    void this.load();
  }

  /** Acknowledges an alarm, with a comment or none (`POST /api/alarms/{id}/ack`), and reloads the list. */
  acknowledge(id: string, comment = ''): Promise<void> {
    const body = comment.trim() ? { comment: comment.trim() } : {};
    return this.#act(id, () => apiPost<AlarmView>(`/api/alarms/${encodeURIComponent(id)}/ack`, body));
  }

  /** Assigns an alarm to a user (empty: to no one). */
  assign(id: string, assignee: string): Promise<void> {
    const body = { assignee: assignee.trim() || null };
    return this.#act(id, () => apiPost<AlarmView>(`/api/alarms/${encodeURIComponent(id)}/assign`, body));
  }

  /** Shelves the alarm's device, its type in the building, or the whole building, for `minutes`. */
  shelve(
    alarm: AlarmView,
    scope: 'device' | 'type' | 'building',
    minutes: number,
    reason: string,
  ): Promise<void> {
    const body = {
      building: alarm.building,
      ...(scope === 'device' ? { device: alarm.device, type: alarm.type } : {}),
      ...(scope === 'type' ? { type: alarm.type } : {}),
      minutes,
      reason,
    };
    return this.#act(alarm.id, () => apiPost<AlarmShelf>('/api/alarms/shelves', body));
  }

  /** Ends a shelf early. */
  unshelve(alarmId: string, shelf: string): Promise<void> {
    return this.#act(alarmId, () => apiDelete(`/api/alarms/shelves/${encodeURIComponent(shelf)}`));
  }

  /** The history of one alarm (what the list holds of it), oldest first. */
  historyOf(id: string): AlarmList['history'] {
    return (this.data?.history ?? []).filter((h) => h.alarm === id).sort((a, b) => a.at - b.at);
  }

  /** Runs one action on an alarm (its buttons disabled meanwhile), then reloads the list. */
  async #act(id: string, action: () => Promise<unknown>): Promise<void> {
    this.pending = new Set([...this.pending, id]);
    try {
      await action();
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
