import { createQuery } from '@tanstack/svelte-query';
import type { AlarmList as AlarmListReply, AlarmShelf, AlarmView } from '../contracts.ts';
import { apiDelete, apiPost } from '../api.ts';
import { queryClient, errorText } from '../resource/client.ts';
import { alarmsQuery } from '../resource/queries.ts';

/** Severity order, worst first, for sorting. */
const SEVERITY_RANK = { critical: 0, major: 1, minor: 2, warning: 3 } as const;

/** Sorts alarms worst first, then newest first. */
export function byUrgency(a: AlarmView, b: AlarmView): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.raised_at - a.raised_at;
}

/** Marks the alarm list stale: every component showing it fetches it again (one request for all). */
export function alarmsChanged(): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: alarmsQuery.queryKey });
}

/**
 * Active alarms, the roll-up per building and recent history (`GET /api/alarms`), as one component shows
 * them. Create it while the component initialises; every count in the app comes from the same query.
 */
export class AlarmList {
  readonly #query = createQuery(() => alarmsQuery);

  readonly data = $derived<AlarmListReply | null>(this.#query.data ?? null);
  readonly error = $derived(errorText(this.#query.error));
  readonly active = $derived([...(this.data?.active ?? [])].sort(byUrgency));
  /** Standing alarms nobody has acknowledged yet: what the nav badge counts. */
  readonly unacknowledged = $derived(this.active.filter((a) => a.state === 'active').length);

  /** The history of one alarm (what the list holds of it), oldest first. */
  historyOf(id: string): AlarmListReply['history'] {
    return (this.data?.history ?? []).filter((h) => h.alarm === id).sort((a, b) => a.at - b.at);
  }
}

/** What users do to alarms: acknowledge, assign, shelve; each one reloads the list when it is done. */
class AlarmActions {
  /** Alarm ids being acted on right now (their buttons are disabled meanwhile). */
  pending = $state.raw<ReadonlySet<string>>(new Set());
  /** Why the last action failed, shown on the alarm list. */
  error = $state<string | null>(null);

  /** Acknowledges an alarm, with a comment or none (`POST /api/alarms/{id}/ack`). */
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

  /** Runs one action on an alarm (its buttons disabled meanwhile), then reloads the list. */
  async #act(id: string, action: () => Promise<unknown>): Promise<void> {
    this.pending = new Set([...this.pending, id]);
    try {
      await action();
      this.error = null;
    } catch (error) {
      this.error = errorText(error);
    } finally {
      const next = new Set(this.pending);
      next.delete(id);
      this.pending = next;
    }
    await alarmsChanged();
  }
}

/** The app's alarm actions (one set of pending buttons whichever table shows the alarm). */
export const alarmActions = new AlarmActions();
