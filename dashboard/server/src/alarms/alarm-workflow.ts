// What people do with an alarm besides acknowledging it (issue 19, item 2): the comment given with the
// acknowledgement, who it is assigned to, when it was escalated for staying unacknowledged, and shelves
// that silence a building's alarms (one device, one type, or all) for a bounded time or a maintenance
// window. A shelved alarm is still shown, marked shelved; it sends no notification and does not escalate.
import type { AlarmShelf, TelemetryPoint } from '@louyu/core';

/** One alarm's workflow state (forgotten when it clears). */
export interface WorkflowState {
  ackComment: string | null;
  assignee: string | null;
  escalatedAt: number | null;
}

const NONE: WorkflowState = { ackComment: null, assignee: null, escalatedAt: null };

/** The measurement shelves are stored under: a point when one is made, another when it is removed. */
export const SHELF_MEASUREMENT = 'alarm_shelf';

export class AlarmWorkflow {
  readonly #state = new Map<string, WorkflowState>();
  readonly #shelves = new Map<string, AlarmShelf>();

  of(id: string): WorkflowState {
    return this.#state.get(id) ?? NONE;
  }

  set(id: string, patch: Partial<WorkflowState>): void {
    this.#state.set(id, { ...this.of(id), ...patch });
  }

  forget(id: string): void {
    this.#state.delete(id);
  }

  /** The workflow state as point fields (every event and checkpoint point of the alarm carries it). */
  fields(id: string): Record<string, string | number> {
    const s = this.of(id);
    const fields: Record<string, string | number> = {};
    if (s.ackComment !== null) fields.ack_comment = s.ackComment;
    if (s.assignee !== null) fields.assignee = s.assignee;
    if (s.escalatedAt !== null) fields.escalated_at = s.escalatedAt;
    return fields;
  }

  /** Takes the workflow state back from a stored point of the alarm (a restart). */
  restore(id: string, point: TelemetryPoint): void {
    const f = point.fields;
    const state = {
      ackComment: typeof f.ack_comment === 'string' ? f.ack_comment : null,
      assignee: typeof f.assignee === 'string' ? f.assignee : null,
      escalatedAt: typeof f.escalated_at === 'number' ? f.escalated_at : null,
    };
    if (state.ackComment !== null || state.assignee !== null || state.escalatedAt !== null)
      this.#state.set(id, state);
  }

  /** The shelf silencing an alarm of this building, device and type at `now`, if any. */
  shelfOf(subject: { building: string; device: string; type: string }, now: number): AlarmShelf | undefined {
    for (const shelf of this.#shelves.values()) {
      if (shelf.building !== subject.building || shelf.from > now || shelf.until <= now) continue;
      if (shelf.device !== null && shelf.device !== subject.device) continue;
      if (shelf.type !== null && shelf.type !== subject.type) continue;
      return shelf;
    }
    return undefined;
  }

  addShelf(shelf: AlarmShelf): void {
    this.#shelves.set(shelf.id, shelf);
  }

  removeShelf(id: string): AlarmShelf | undefined {
    const shelf = this.#shelves.get(id);
    this.#shelves.delete(id);
    return shelf;
  }

  getShelf(id: string): AlarmShelf | undefined {
    return this.#shelves.get(id);
  }

  /** Shelves not yet over (current and coming maintenance windows), soonest end first; expired ones are dropped. */
  shelves(now: number): AlarmShelf[] {
    for (const [id, shelf] of this.#shelves) if (shelf.until <= now) this.#shelves.delete(id);
    return [...this.#shelves.values()].sort((a, b) => a.until - b.until);
  }
}

/** A shelf as a store point (`removedAt`: the point saying it was removed early). */
export function shelfPoint(shelf: AlarmShelf, removedAt?: number): TelemetryPoint {
  return {
    measurement: SHELF_MEASUREMENT,
    tags: { shelf: shelf.id, building: shelf.building },
    fields: {
      from: shelf.from,
      until: shelf.until,
      reason: shelf.reason,
      by: shelf.by,
      at: shelf.at,
      ...(shelf.device !== null ? { device: shelf.device } : {}),
      ...(shelf.type !== null ? { type: shelf.type } : {}),
      ...(removedAt !== undefined ? { removed_at: removedAt } : {}),
    },
    ts: removedAt ?? shelf.at,
  };
}

/** The shelves still standing at `now` from stored points, newest first (a removal hides its shelf). */
export function shelvesFromPoints(points: readonly TelemetryPoint[], now: number): AlarmShelf[] {
  const seen = new Set<string>();
  const shelves: AlarmShelf[] = [];
  for (const point of points) {
    const id = point.tags.shelf;
    const building = point.tags.building;
    const f = point.fields;
    if (!id || !building || seen.has(id)) continue;
    seen.add(id);
    if (typeof f.removed_at === 'number') continue;
    if (typeof f.from !== 'number' || typeof f.until !== 'number' || f.until <= now) continue;
    shelves.push({
      id,
      building,
      device: typeof f.device === 'string' ? f.device : null,
      type: typeof f.type === 'string' ? (f.type as AlarmShelf['type']) : null,
      from: f.from,
      until: f.until,
      reason: typeof f.reason === 'string' ? f.reason : '',
      by: typeof f.by === 'string' ? f.by : '',
      at: typeof f.at === 'number' ? f.at : point.ts,
    });
  }
  return shelves;
}
