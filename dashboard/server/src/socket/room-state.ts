import { isDeepStrictEqual } from 'node:util';
import { SYSTEM_SCOPE, type BuildingRoomState, type DistrictRoomState, type RoomName } from '@louyu/core';
import type { ServerContext } from '../context.ts';

export type AnyRoomState = DistrictRoomState | BuildingRoomState;

/** The building id of a `building:{id}` room, or undefined for the district room. */
export function buildingOfRoom(room: RoomName): string | undefined {
  return room.startsWith('building:') ? room.slice('building:'.length) : undefined;
}

/** A room's full state now. */
export function roomState(ctx: ServerContext, room: RoomName, now: number): AnyRoomState {
  const id = buildingOfRoom(room);
  if (id === undefined) {
    const buildings = ctx.live.summaries(now);
    return {
      district: ctx.live.district(now, buildings),
      buildings,
      system_alarms: ctx.alarms.forBuilding(SYSTEM_SCOPE),
    };
  }
  return { detail: ctx.live.detail(id, now)!, alarms: ctx.alarms.forBuilding(id) };
}

/**
 * What changed between two states of a room: top-level keys that differ, replaced whole; the district's
 * `buildings` reduced to the buildings that changed. Undefined when nothing changed (no message is sent).
 */
export function roomDelta(previous: AnyRoomState, next: AnyRoomState): Partial<AnyRoomState> | undefined {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    const before = (previous as unknown as Record<string, unknown>)[key];
    if (key === 'buildings') {
      const changed: Record<string, unknown> = {};
      for (const [id, summary] of Object.entries(value as Record<string, unknown>)) {
        if (!isDeepStrictEqual((before as Record<string, unknown> | undefined)?.[id], summary))
          changed[id] = summary;
      }
      if (Object.keys(changed).length > 0) changes[key] = changed;
    } else if (!isDeepStrictEqual(before, value)) {
      changes[key] = value;
    }
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}
