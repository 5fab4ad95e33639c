import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge } from 'prom-client';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, RoomName, ServerToClientEvents, SocketErrorMessage } from '@louyu/core';
import { visibleBuildings, type UserRecord } from '../auth/users.ts';
import type { ServerContext } from '../context.ts';
import { AlarmPush, alarmRoomsOf } from './alarm-push.ts';
import { AlarmWriterLease } from './alarm-writer-lease.ts';
import { useRedisAdapter, type PeerEvents } from './peers.ts';
import { closeSocketsAtExpiry } from './session-expiry.ts';
import {
  isKnownBuilding,
  knownRoom,
  mayJoinRoom,
  roomDelta,
  roomState,
  type AnyRoomState,
} from './room-state.ts';

interface SocketData {
  user: UserRecord;
  /** Rooms whose next message to this socket must be a snapshot (it fell behind). */
  needsSnapshot: Set<RoomName>;
}
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, PeerEvents, SocketData>;
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, PeerEvents, SocketData>;

interface Channel {
  seq: number;
  last: AnyRoomState | undefined;
  dirty: boolean;
}

/** A value a client sent as a room or building, for a refusal message: at most 64 characters. */
function shown(value: unknown): string {
  if (typeof value === 'string') return value.slice(0, 64);
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) return '(an array)';
  return typeof value === 'object' ? '(an object)' : `(a ${typeof value})`;
}

/** Packets queued to a socket beyond which it counts as behind: it gets a snapshot later, not a backlog. */
const BEHIND_PACKETS = 32;

/**
 * Packets engine.io holds for a socket that the network has not taken yet. engine.io keeps this buffer
 * private in its types but it is the one honest measure of a client falling behind.
 */
function queued(socket: LiveSocket): number {
  return (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
}

declare module 'fastify' {
  interface FastifyInstance {
    io: LiveServer;
    /** Marks rooms for the next coalesced flush (the building's room and the district room). */
    markLive: (building?: string) => void;
  }
}

/**
 * socket.io as one fastify plugin. A client authenticates with its session token (`auth.token`), joins
 * `district` (district and admin users) and the `building:{id}` rooms it may see (`auth.buildings` narrows
 * them), gets a snapshot per room, then deltas with a per-room sequence number, coalesced: the district
 * room at most once per `districtIntervalMs`, a building room at most once per `buildingIntervalMs`.
 * `watch` / `unwatch` join and leave building rooms later on the same socket, under the same rights.
 * Every room name a client sends (`resync`, `watch`, `unwatch`, `auth.buildings`) is checked against the
 * rooms that exist (room-state.ts `knownRoom`) and the user's rights (`mayJoinRoom`) before anything is
 * sent: a socket is also in socket.io rooms of its own (its id), which are never Louyu rooms.
 */
export const socketPlugin = fp<{ ctx: ServerContext }>(
  (app: FastifyInstance, { ctx }, done) => {
    const io: LiveServer = new Server(app.server, { serveClient: false, cors: { origin: false } });
    const channels = new Map<RoomName, Channel>();
    const channel = (room: RoomName): Channel => {
      let c = channels.get(room);
      if (!c) channels.set(room, (c = { seq: 0, last: undefined, dirty: true }));
      return c;
    };

    const sendSnapshot = (socket: LiveSocket, room: RoomName): void => {
      const now = ctx.options.now();
      const state = roomState(ctx, room, now);
      if (state === undefined) return;
      const c = channel(room);
      // The channel keeps what the room was last sent; a later delta diffs against that, so keys that moved
      // between then and this snapshot arrive again, which is harmless (keys are replaced whole).
      c.last ??= state;
      socket.emit('snapshot', { room, seq: c.seq, ts: now, state });
      socket.data.needsSnapshot.delete(room);
      app.metrics.socketMessages.inc({ type: 'snapshot' });
    };

    const flush = (rooms: RoomName[]): void => {
      const now = ctx.options.now();
      for (const room of rooms) {
        const c = channel(room);
        if (!c.dirty) continue;
        c.dirty = false;
        const members = io.sockets.adapter.rooms.get(room);
        if (!members || members.size === 0) {
          c.last = undefined;
          continue;
        }
        const state = roomState(ctx, room, now);
        if (state === undefined) continue;
        const changes = c.last ? roomDelta(c.last, state) : state;
        c.last = state;
        if (!changes) continue;
        c.seq++;
        const behind: string[] = [];
        for (const id of members) {
          const socket = io.sockets.sockets.get(id);
          if (!socket) continue;
          if (socket.data.needsSnapshot.has(room)) {
            if (queued(socket) < BEHIND_PACKETS) sendSnapshot(socket, room);
            behind.push(id);
          } else if (queued(socket) >= BEHIND_PACKETS) {
            socket.data.needsSnapshot.add(room);
            behind.push(id);
          }
        }
        // Only this node's sockets: each node sends deltas of its own state, in its own sequence (peers.ts).
        io.local.to(room).except(behind).emit('delta', { room, seq: c.seq, ts: now, changes });
        app.metrics.socketMessages.inc({ type: 'delta' });
      }
    };

    const buildingRooms = (): RoomName[] => [...channels.keys()].filter((r) => r.startsWith('building:'));
    const districtTimer = setInterval(() => flush(['district']), ctx.options.districtIntervalMs);
    const buildingTimer = setInterval(() => flush(buildingRooms()), ctx.options.buildingIntervalMs);
    districtTimer.unref();
    buildingTimer.unref();

    app.decorate('io', io);
    // Alarm changes reach every user who may see them, on this node's sockets (each node hears every
    // change: its own transitions, and other nodes' commands through peers.ts).
    const alarmPush = new AlarmPush((rooms) => {
      io.local.to(rooms).emit('alarms', { ts: ctx.options.now() });
      app.metrics.socketMessages.inc({ type: 'alarms' });
    });
    const stopAlarmPush = ctx.alarms.onChange((building) => alarmPush.changed(building));
    closeSocketsAtExpiry(io, app, ctx.options.now);
    app.decorate('markLive', (building?: string) => {
      if (building === undefined) {
        for (const c of channels.values()) c.dirty = true;
        return;
      }
      channel('district').dirty = true;
      const room = channels.get(`building:${building}`);
      if (room) room.dirty = true;
    });

    io.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown };
      const user = typeof auth.token === 'string' ? app.userFromToken(auth.token) : undefined;
      if (!user) {
        next(
          Object.assign(new Error('unauthorized'), {
            data: { code: 'unauthorized', message: 'a valid session token is required (auth.token)' },
          }),
        );
        return;
      }
      socket.data.user = user;
      socket.data.needsSnapshot = new Set();
      next();
    });

    /** Why a user may not join a building's room, or undefined when they may. */
    const refusal = (user: UserRecord, id: unknown): SocketErrorMessage | undefined => {
      const known = isKnownBuilding(ctx.registry, id);
      if (known && mayJoinRoom(user, `building:${id}`)) return undefined;
      return { code: known ? 'forbidden' : 'unknown_room', message: `not joined to building:${shown(id)}` };
    };
    const roomsOf = (socket: LiveSocket): RoomName[] =>
      [...socket.rooms].filter((r): r is RoomName => r === 'district' || r.startsWith('building:'));

    io.on('connection', (socket: LiveSocket) => {
      app.metrics.socketClients.inc();
      socket.on('disconnect', () => app.metrics.socketClients.dec());
      const user = socket.data.user;
      // auth.buildings narrows the rooms: each building once, and no more names than the registry has
      // buildings (each refused name is answered, so a long list would queue a long answer).
      const asked = (socket.handshake.auth as { buildings?: unknown }).buildings;
      const limit = ctx.registry.buildings.length;
      const distinct = Array.isArray(asked)
        ? [...new Set(asked.filter((b): b is string => typeof b === 'string'))]
        : visibleBuildings(user, ctx.registry);
      const rooms: RoomName[] = mayJoinRoom(user, 'district') ? ['district'] : [];
      for (const id of distinct.slice(0, limit)) {
        const refused = refusal(user, id);
        if (refused) socket.emit('denied', refused);
        else rooms.push(`building:${id}`);
      }
      if (distinct.length > limit)
        socket.emit('denied', {
          code: 'unknown_room',
          message: `auth.buildings lists ${distinct.length} distinct buildings; the registry has ${limit}`,
        });
      void socket.join([...rooms, ...alarmRoomsOf(user, ctx.registry)]);
      socket.emit('rooms', rooms);
      for (const room of rooms) {
        channel(room);
        sendSnapshot(socket, room);
      }
      // Only a Louyu room the socket is in and the user may see: never the socket's own id, nor any other
      // socket.io room, whose state would otherwise be taken for the district's.
      socket.on('resync', (value: unknown) => {
        const room = knownRoom(ctx.registry, value);
        const allowed = room !== undefined && mayJoinRoom(user, room);
        if (allowed && socket.rooms.has(room)) {
          sendSnapshot(socket, room);
          return;
        }
        socket.emit('denied', {
          code: room !== undefined && !allowed ? 'forbidden' : 'unknown_room',
          message: `not in room ${shown(value)}`,
        });
      });
      // A page opening a building joins its room on the open socket: the same rights as at connection.
      socket.on('watch', (id: unknown) => {
        const refused = refusal(user, id);
        if (refused) {
          socket.emit('denied', refused);
          return;
        }
        const room: RoomName = `building:${id as string}`;
        if (socket.rooms.has(room)) return;
        void socket.join(room);
        socket.emit('rooms', roomsOf(socket));
        channel(room);
        sendSnapshot(socket, room);
      });
      // Leaving a building the socket is not in is a no-op (a page closing late); a name that is no
      // building is refused.
      socket.on('unwatch', (id: unknown) => {
        if (!isKnownBuilding(ctx.registry, id)) {
          socket.emit('denied', { code: 'unknown_room', message: `not in room building:${shown(id)}` });
          return;
        }
        const room: RoomName = `building:${id}`;
        if (!socket.rooms.has(room)) return;
        void socket.leave(room);
        socket.data.needsSnapshot.delete(room);
        socket.emit('rooms', roomsOf(socket));
      });
    });

    // Before the HTTP server closes: drop the live connections (they would hold the close open), but leave
    // the server itself to fastify.
    // Scale-out: the Redis adapter goes in before the server listens, and the node links to its peers.
    // Which node holds the alarm-writer lease, as this node sees it: 1 for that node (none without Redis).
    new Gauge({
      name: 'louyu_dashboard_alarm_lease_holder',
      help: 'The dashboard node holding the alarm-writer lease, as this node last learnt it from Redis (1 for that node)',
      labelNames: ['node'],
      registers: [app.metrics.registry],
      collect() {
        this.reset();
        const holder = ctx.peers.alarmLease()?.holder;
        if (holder) this.set({ node: holder }, 1);
      },
    });
    let closeRedis: (() => Promise<void>) | undefined;
    let lease: AlarmWriterLease | undefined;
    const url = ctx.options.redis;
    if (url !== undefined) {
      app.addHook('onReady', async () => {
        const { redis, close } = await useRedisAdapter(io, url, (error) =>
          app.log.warn({ err: error }, 'Redis connection (socket.io adapter)'),
        );
        closeRedis = close;
        // A node id an operator can place: host, process, and a few random characters (two apps in one process).
        const node = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
        lease = new AlarmWriterLease(redis, node, ctx.options.alarmWriterLeaseMs);
        await lease.start();
        ctx.peers.attach(io, lease);
      });
    }

    app.addHook('preClose', (next) => {
      clearInterval(districtTimer);
      clearInterval(buildingTimer);
      stopAlarmPush();
      alarmPush.stop();
      ctx.peers.detach();
      // This node's sockets only: with the Redis adapter a plain disconnectSockets reaches every node.
      io.local.disconnectSockets(true);
      io.engine.close();
      next();
    });
    app.addHook('onClose', async () => {
      await lease?.stop();
      await closeRedis?.();
    });
    done();
  },
  { name: 'louyu-socket', dependencies: ['louyu-auth', 'louyu-metrics'] },
);
