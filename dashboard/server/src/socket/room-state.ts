import { isDeepStrictEqual } from 'node:util';
import {
  SEGMENT_PATTERN,
  SYSTEM_SCOPE,
  type BuildingRoomState,
  type DistrictRoomState,
  type Registry,
  type RoomName,
} from '@louyu/core';
import { canSeeBuilding, type UserRecord } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';

export type AnyRoomState = DistrictRoomState | BuildingRoomState;

const BUILDING_ROOM = 'building:';

/** The building id of a `building:{id}` room, or undefined for any other name. */
export function buildingOfRoom(room: string): string | undefined {
  return room.startsWith(BUILDING_ROOM) ? room.slice(BUILDING_ROOM.length) : undefined;
}

/** Whether `id` (from a client) names a building of the registry. */
export function isKnownBuilding(registry: Registry, id: unknown): id is string {
  return typeof id === 'string' && SEGMENT_PATTERN.test(id) && registry.byId.has(id);
}

/**
 * The room a client's value names: exactly `district`, or `building:{id}` of a registry building; undefined
 * for anything else (a socket's own id, another socket.io room, an unknown building, a non-string).
 */
export function knownRoom(registry: Registry, value: unknown): RoomName | undefined {
  if (value === 'district') return 'district';
  if (typeof value !== 'string') return undefined;
  const id = buildingOfRoom(value);
  return isKnownBuilding(registry, id) ? `${BUILDING_ROOM}${id}` : undefined;
}

/** Whether `user` may be in `room`: the district room for all but managers (district, admin, viewer), a building's for those who may see it. */
export function mayJoinRoom(user: Pick<UserRecord, 'role' | 'buildings'>, room: RoomName): boolean {
  if (room === 'district') return user.role !== 'manager';
  const id = buildingOfRoom(room);
  return id !== undefined && canSeeBuilding(user, id);
}

/** A room's full state now; undefined for a name that is no room (callers check names with `knownRoom`). */
export function roomState(ctx: ServerContext, room: RoomName, now: number): AnyRoomState | undefined {
  if (room === 'district') {
    const buildings = ctx.live.summaries(now);
    return {
      district: ctx.live.district(now, buildings),
      buildings,
      system_alarms: ctx.alarms.forBuilding(SYSTEM_SCOPE),
    };
  }
  const id = buildingOfRoom(room);
  const detail = id === undefined ? undefined : ctx.live.detail(id, now);
  if (id === undefined || detail === undefined) return undefined;
  return { detail, alarms: ctx.alarms.forBuilding(id) };
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
