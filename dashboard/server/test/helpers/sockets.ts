// socket.io clients for the dashboard tests: connect with a session token and record everything the server
// sends (wait for what they record with tests/harness/until.ts).
import { io as connectSocket, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  DeltaMessage,
  RoomName,
  ServerToClientEvents,
  SnapshotMessage,
  SocketErrorMessage,
} from '@louyu/core';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What one socket has received, in order. */
export interface Seen {
  /** The latest `rooms` list. */
  rooms: RoomName[];
  snapshots: SnapshotMessage[];
  deltas: DeltaMessage[];
  denied: SocketErrorMessage[];
}

/** Connects to `url` with `token` (and further handshake `auth`), resolving once the server listed its rooms. */
export async function openSocket(
  url: string,
  token: string,
  auth: Record<string, unknown> = {},
): Promise<{ socket: TestSocket; seen: Seen }> {
  const socket: TestSocket = connectSocket(url, {
    auth: { token, ...auth },
    transports: ['websocket'],
    reconnection: false,
  });
  const seen: Seen = { rooms: [], snapshots: [], deltas: [], denied: [] };
  socket.on('snapshot', (m) => seen.snapshots.push(m));
  socket.on('delta', (m) => seen.deltas.push(m));
  socket.on('denied', (e) => seen.denied.push(e));
  socket.on('rooms', (rooms) => (seen.rooms = rooms));
  await new Promise<void>((resolve, reject) => {
    socket.once('rooms', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, seen };
}
