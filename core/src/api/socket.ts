import type { BuildingDetail, BuildingLive, DistrictLive } from './live.ts';
import type { AlarmView } from './alarms.ts';

/** The district room and one room per building (DESIGN.md "Dashboard"). */
export type RoomName = 'district' | `building:${string}`;

/** What the `district` room carries: the totals, every building's summary, and alarms about Louyu itself. */
export interface DistrictRoomState {
  district: DistrictLive;
  buildings: Record<string, BuildingLive>;
  /**
   * Standing alarms about Louyu rather than a building (spool full): for district staff and admins, who
   * are the ones in this room; managers never see them.
   */
  system_alarms: AlarmView[];
}

/** What a `building:{id}` room carries: the building's live detail and its active alarms. */
export interface BuildingRoomState {
  detail: BuildingDetail;
  alarms: AlarmView[];
}

/** A room's state, by room type. */
export type RoomState<R extends RoomName> = R extends 'district' ? DistrictRoomState : BuildingRoomState;

/** A full state; sequence numbers of later deltas continue from `seq`. */
export interface SnapshotMessage {
  room: RoomName;
  seq: number;
  ts: number;
  state: DistrictRoomState | BuildingRoomState;
}

/**
 * What changed since the previous message of the same room: top-level keys replaced whole; for the
 * district room, `buildings` holds only the buildings that changed. `seq` is the previous one + 1; a
 * client that sees a gap asks for a snapshot (`resync`) instead of patching on a hole.
 */
export interface DeltaMessage {
  room: RoomName;
  seq: number;
  ts: number;
  changes: Partial<DistrictRoomState> | Partial<BuildingRoomState>;
}

/** `alarms`: when the change was pushed (several changes close together are one message). */
export interface AlarmsChangedMessage {
  ts: number;
}

/** Why a socket was refused or a room denied. */
export interface SocketErrorMessage {
  code: 'unauthorized' | 'forbidden' | 'unknown_room';
  message: string;
}

/** Events the server sends. */
export interface ServerToClientEvents {
  snapshot: (message: SnapshotMessage) => void;
  delta: (message: DeltaMessage) => void;
  /** The rooms this socket is in: after authentication, and again after a `watch` / `unwatch` changed them. */
  rooms: (rooms: RoomName[]) => void;
  denied: (error: SocketErrorMessage) => void;
  /**
   * The alarms this user may see changed (raised, acknowledged, assigned, shelved, escalated, cleared), on
   * whichever node it happened: fetch `GET /api/alarms` again. Sent to every user who may see the alarm,
   * managers included, whatever rooms the socket is in; it names nothing, so it tells no one of others'
   * buildings.
   */
  alarms: (message: AlarmsChangedMessage) => void;
}

/** Events the browser sends. */
export interface ClientToServerEvents {
  /** Ask for a fresh snapshot of a room this socket is in (after a sequence gap, or on demand). */
  resync: (room: RoomName) => void;
  /**
   * Join `building:{id}` without reconnecting (a page opens a building), checked against the user's rights
   * like the rooms joined at connection: the server answers with `rooms` (the new list) and the room's
   * `snapshot`, or with `denied`. Watching a room the socket is already in sends nothing.
   */
  watch: (buildingId: string) => void;
  /** Leave `building:{id}` (the page closed); the server answers with `rooms`. */
  unwatch: (buildingId: string) => void;
}

/** socket.io handshake `auth` payload. */
export interface SocketAuth {
  token: string;
}
