// The only place the dashboard talks socket.io: connect with the JWT, take a snapshot per room, apply
// deltas in sequence, ask for a fresh snapshot on a gap, and show how current the picture is. Pages read
// the state here; none of them touches the socket.
import { io, type Socket } from 'socket.io-client';
import { SvelteMap } from 'svelte/reactivity';
import type {
  BuildingRoomState,
  ClientToServerEvents,
  DeltaMessage,
  DistrictRoomState,
  RoomName,
  ServerToClientEvents,
  SnapshotMessage,
  SocketErrorMessage,
} from '../contracts.ts';

/** What the connection indicator shows. */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'disconnected' | 'unauthorized';

type LouyuSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long to wait before trying again after the server refused the handshake for a reason other than auth. */
const RETRY_AFTER_REFUSAL_MS = 3000;

function isBuildingRoom(room: RoomName): room is `building:${string}` {
  return room.startsWith('building:');
}

/** The live picture of the district and of each building room this socket is in. */
export class LiveConnection {
  status = $state<ConnectionStatus>('idle');
  /** UTC ms of the last snapshot or delta; what "stale" is measured from when the link is down. */
  lastMessageAt = $state<number | null>(null);
  /** The rooms the server joined this socket to. */
  rooms = $state.raw<RoomName[]>([]);
  /** The district room's state, null until its snapshot arrives. */
  district = $state.raw<DistrictRoomState | null>(null);
  /** Rooms waiting for a snapshot after a sequence gap. */
  resyncing = $state(0);
  /** Counters for the benchmark and the status tooltip. */
  applied = $state(0);
  gaps = $state(0);
  lastError = $state<string | null>(null);
  /**
   * Goes up at every `alarms` push (an alarm this user may see changed, on any node) and at every
   * (re)connection (pushes may have been missed while down): alarm lists fetch again when it moves.
   */
  alarmsChanged = $state(0);

  readonly #buildings = new SvelteMap<string, BuildingRoomState>();
  readonly #seq = new Map<RoomName, number>();
  readonly #waitingSnapshot = new Set<RoomName>();
  #socket: LouyuSocket | null = null;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #onUnauthorized: () => void = () => {};
  /** Building rooms wanted by the open pages (district users); managers get all their buildings' rooms. */
  readonly #watched = new Map<string, number>();
  #narrow = true;

  /** The building room's state, or null when this socket is not (yet) in it. */
  building(id: string): BuildingRoomState | null {
    return this.#buildings.get(id) ?? null;
  }

  /** True when the server put this socket in the building's room. */
  inRoom(room: RoomName): boolean {
    return this.rooms.includes(room);
  }

  /**
   * Connects with the session's token; reconnects by itself until `stop()`. `narrow` (district staff, who
   * may see every building) asks only for the district room plus the buildings a page is watching, so a
   * browser on the overview is not sent every building's deltas; a manager (narrow = false) gets the rooms
   * of all their buildings, since they have no district room.
   */
  start(token: string, onUnauthorized: () => void, narrow: boolean): void {
    this.stop();
    this.#onUnauthorized = onUnauthorized;
    this.#narrow = narrow;
    this.status = 'connecting';
    const socket: LouyuSocket = io({
      // Read at every (re)connection, so a reconnection rejoins the rooms the open pages watch.
      auth: (give) => give(narrow ? { token, buildings: [...this.#watched.keys()] } : { token }),
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.#socket = socket;
    socket.on('connect', () => {
      this.status = 'connected';
      this.lastError = null;
      this.alarmsChanged++;
      // A page may have started watching after the handshake left; the server ignores rooms already joined.
      if (narrow) for (const id of this.#watched.keys()) socket.emit('watch', id);
    });
    socket.on('disconnect', (reason) => {
      this.status = 'disconnected';
      // The server closing the socket on purpose does not trigger socket.io's own reconnection.
      if (reason === 'io server disconnect') this.#scheduleReconnect();
    });
    socket.on('connect_error', (error) => this.#refused(error.message));
    socket.on('rooms', (rooms) => {
      this.rooms = rooms;
      for (const id of [...this.#buildings.keys()]) {
        if (!rooms.includes(`building:${id}`)) this.#buildings.delete(id);
      }
      // A room left (unwatch) starts again from its snapshot if it is joined later.
      for (const room of [...this.#seq.keys()]) {
        if (!rooms.includes(room)) this.#forget(room);
      }
    });
    socket.on('alarms', () => this.alarmsChanged++);
    socket.on('snapshot', (message) => this.#snapshot(message));
    socket.on('delta', (message) => this.#delta(message));
    socket.on('denied', (error: SocketErrorMessage) => {
      this.lastError = `${error.code}: ${error.message}`;
      if (error.code === 'unauthorized') this.#unauthorized();
    });
  }

  /**
   * A page wants the live room of a building; returns the function that gives it up. District staff join
   * and leave the room on the open socket (`watch` / `unwatch`); the watched set also goes into the
   * handshake, so a reconnection rejoins the rooms the open pages need. Managers are in all their rooms.
   */
  watch(id: string): () => void {
    const count = this.#watched.get(id) ?? 0;
    this.#watched.set(id, count + 1);
    if (count === 0 && this.#narrow && this.#socket?.connected) this.#socket.emit('watch', id);
    return () => {
      const left = (this.#watched.get(id) ?? 1) - 1;
      if (left > 0) {
        this.#watched.set(id, left);
        return;
      }
      this.#watched.delete(id);
      if (this.#narrow && this.#socket?.connected) this.#socket.emit('unwatch', id);
    };
  }

  /** Closes the socket and forgets everything (logout). */
  stop(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
    this.status = 'idle';
    this.rooms = [];
    this.district = null;
    this.#buildings.clear();
    this.#seq.clear();
    this.#waitingSnapshot.clear();
    this.resyncing = 0;
  }

  #refused(message: string): void {
    this.lastError = message;
    if (/unauthori[sz]ed|jwt|token/i.test(message)) {
      this.#unauthorized();
      return;
    }
    this.status = 'disconnected';
    // A refusal by the server's middleware leaves the socket inactive: socket.io will not retry it.
    if (this.#socket && !this.#socket.active) this.#scheduleReconnect();
  }

  #unauthorized(): void {
    this.status = 'unauthorized';
    this.#socket?.disconnect();
    this.#onUnauthorized();
  }

  #scheduleReconnect(): void {
    if (this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      if (this.#socket && !this.#socket.connected) {
        this.status = 'connecting';
        this.#socket.connect();
      }
    }, RETRY_AFTER_REFUSAL_MS);
  }

  #snapshot(message: SnapshotMessage): void {
    this.#seq.set(message.room, message.seq);
    this.#waitingSnapshot.delete(message.room);
    this.resyncing = this.#waitingSnapshot.size;
    if (message.room === 'district') this.district = message.state as DistrictRoomState;
    else if (isBuildingRoom(message.room)) {
      this.#buildings.set(message.room.slice('building:'.length), message.state as BuildingRoomState);
    }
    this.#received();
  }

  #delta(message: DeltaMessage): void {
    const { room } = message;
    // A delta already on its way when the room was left.
    if (!this.rooms.includes(room)) return;
    if (this.#waitingSnapshot.has(room)) return;
    const last = this.#seq.get(room);
    if (last !== undefined && message.seq <= last) return; // already covered by a later snapshot
    if (last === undefined || message.seq !== last + 1) {
      this.#resync(room);
      return;
    }
    this.#seq.set(room, message.seq);
    if (room === 'district') {
      const current = this.district;
      const changes = message.changes as Partial<DistrictRoomState>;
      if (!current) return this.#resync(room);
      this.district = {
        district: changes.district ?? current.district,
        buildings: changes.buildings ? { ...current.buildings, ...changes.buildings } : current.buildings,
        system_alarms: changes.system_alarms ?? current.system_alarms,
      };
    } else if (isBuildingRoom(room)) {
      const id = room.slice('building:'.length);
      const current = this.#buildings.get(id);
      if (!current) return this.#resync(room);
      this.#buildings.set(id, { ...current, ...(message.changes as Partial<BuildingRoomState>) });
    }
    this.#received();
  }

  #forget(room: RoomName): void {
    this.#seq.delete(room);
    this.#waitingSnapshot.delete(room);
    this.resyncing = this.#waitingSnapshot.size;
  }

  /** A hole in the sequence: patching over it would show wrong numbers, so ask for the whole state. */
  #resync(room: RoomName): void {
    this.gaps += 1;
    this.#waitingSnapshot.add(room);
    this.resyncing = this.#waitingSnapshot.size;
    this.#socket?.emit('resync', room);
  }

  #received(): void {
    this.applied += 1;
    this.lastMessageAt = Date.now();
  }
}

/** The one live connection of the app. */
export const live = new LiveConnection();
