import { createQuery, type CreateQueryResult } from '@tanstack/svelte-query';
import type { Building } from '@louyu/core';
import type { AlarmView, BuildingDetail, BuildingReply, HistoryReply } from '../contracts.ts';
import { ApiCallError } from '../api.ts';
import { live } from '../live/connection.svelte.ts';
import { errorText } from '../resource/client.ts';
import { BUILDING_POLL_MS, buildingPowerQuery, buildingQuery } from '../resource/queries.ts';

function isStatus(error: unknown, ...statuses: number[]): boolean {
  return error instanceof ApiCallError && statuses.includes(error.status);
}

/**
 * One building's page: the registry entry and a first picture from `GET /api/buildings/{id}`, then the
 * live `building:{id}` room replaces it as deltas arrive, and the power history for the chart. Create it
 * while a component initialises: its queries live (and are aborted) with that component.
 */
export class BuildingPage {
  readonly #reply: CreateQueryResult<BuildingReply>;
  readonly #power: CreateQueryResult<HistoryReply>;

  constructor(readonly id: string) {
    const room = `building:${id}` as const;
    // REST is polled only while the socket is not in the building's room (the room pushes every change).
    this.#reply = createQuery(() => ({
      ...buildingQuery(id),
      refetchInterval: live.inRoom(room) ? false : BUILDING_POLL_MS,
    }));
    this.#power = createQuery(() => buildingPowerQuery(id));
  }

  // Getters rather than $derived fields: the queries are made in the constructor, after field initialisers;
  // each query's result is reactive by itself.
  get building(): Building | null {
    return this.#reply.data?.building ?? null;
  }
  get #rest(): { detail: BuildingDetail; alarms: AlarmView[] } | null {
    const reply = this.#reply.data;
    return reply ? { detail: reply.live, alarms: reply.alarms } : null;
  }
  /** A building this user may not see is "not found" too: the page does not confirm it exists. */
  get notFound(): boolean {
    return isStatus(this.#reply.error, 403, 404);
  }
  /** The chart says it has no data when there is none (404); the rest of the page is still useful. */
  get history(): HistoryReply | null {
    return this.#power.data ?? null;
  }
  get error(): string | null {
    return (
      (this.notFound ? null : errorText(this.#reply.error)) ??
      (isStatus(this.#power.error, 404) ? null : errorText(this.#power.error))
    );
  }

  /** Live room state when the socket has it, else the REST reply. */
  readonly state = $derived.by(() => live.building(this.id) ?? this.#rest);
  readonly detail = $derived(this.state?.detail ?? null);
  readonly alarms = $derived(this.state?.alarms ?? []);
  /** True while the numbers come from the socket (as opposed to the last REST poll). */
  readonly isLive = $derived.by(() => live.building(this.id) !== null && live.status === 'connected');

  /** Joins the building's live room while the page is shown; returns the cleanup for its $effect. */
  follow(): () => void {
    return live.watch(this.id);
  }
}
