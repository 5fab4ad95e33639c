// A dashboard client without a browser: socket.io joined to building rooms, timing each building delta
// against the newest meter reading it carries (readings are stamped with their publish time).
import { io, type Socket } from 'socket.io-client';
import type { DeltaMessage } from '@louyu/core';
import { ownCpuMs, serve } from '../child.ts';
import { wallMs } from '../stats.ts';

let socket: Socket | undefined;
let latencies: number[] = [];
let deltas = 0;
let cpu0 = ownCpuMs();
let t0 = performance.now();

async function connect(args: { url: string; token: string; buildings: string[] }): Promise<void> {
  const s = io(args.url, {
    auth: { token: args.token, buildings: args.buildings },
    transports: ['websocket'],
  });
  s.on('delta', (message: DeltaMessage) => {
    deltas++;
    const detail = (message.changes as { detail?: { meters?: { ts: number }[] } }).detail;
    const meters = detail?.meters;
    if (!meters || meters.length === 0) return;
    const newest = Math.max(...meters.map((m) => m.ts));
    latencies.push(wallMs() - newest);
  });
  await new Promise<void>((resolve, reject) => {
    s.once('rooms', () => resolve());
    s.once('connect_error', reject);
  });
  socket = s;
}

function reset(): void {
  latencies = [];
  deltas = 0;
  cpu0 = ownCpuMs();
  t0 = performance.now();
}

function read(): { latencies: number[]; deltas: number; cpuPct: number } {
  return { latencies, deltas, cpuPct: ((ownCpuMs() - cpu0) / (performance.now() - t0)) * 100 };
}

function disconnect(): void {
  socket?.disconnect();
  socket = undefined;
}

serve({ connect, reset, read, disconnect, close: disconnect });
