// Alarm lists that stay true (issue 19, item 3): every change of an alarm (raised, acknowledged by anyone,
// on any node, assigned, shelved, escalated, cleared) is pushed as `alarms` to every socket of a user who
// may see that alarm, managers included, whatever Louyu rooms the socket watches; the browser fetches its
// list again. Rights are rooms of their own, joined at connection and never named by clients:
// `alarms:{building}` for each building the user may see, `alarms:_system` for district staff and admins
// (alarms about Louyu itself).
import { SYSTEM_SCOPE, type Registry } from '@louyu/core';
import { visibleBuildings, type UserRecord } from '../auth/users.ts';

const PREFIX = 'alarms:';
const SYSTEM_ROOM = `${PREFIX}_system`;
/** Changes within this window go out as one message per socket (an outage of 40 buildings is one push). */
export const ALARM_PUSH_COALESCE_MS = 150;

/** The alarm rooms of a user: one per building they may see, and the system one unless a manager. */
export function alarmRoomsOf(user: UserRecord, registry: Registry): string[] {
  const rooms = visibleBuildings(user, registry).map((id) => `${PREFIX}${id}`);
  if (user.role !== 'manager') rooms.push(SYSTEM_ROOM);
  return rooms;
}

/** The alarm room an alarm of `building` is pushed to (buildings like `_louyu` are Louyu's own). */
export function alarmRoomOf(building: string): string {
  return building === SYSTEM_SCOPE || building.startsWith('_') ? SYSTEM_ROOM : `${PREFIX}${building}`;
}

/**
 * Collects the buildings whose alarms changed and pushes once per window to their rooms: a socket in
 * several of them gets one message (socket.io sends a broadcast to several rooms once per socket).
 */
export class AlarmPush {
  readonly #changed = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (rooms: string[]) => void,
    private readonly coalesceMs = ALARM_PUSH_COALESCE_MS,
  ) {}

  changed(building: string): void {
    this.#changed.add(alarmRoomOf(building));
    this.#timer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#changed.size === 0) return;
    const rooms = [...this.#changed];
    this.#changed.clear();
    this.emit(rooms);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#changed.clear();
  }
}
