// The dashboard suite's server: Louyu's dashboard server with the built web app, fed in-process (the
// all-in-one path) by a simulated district, so the browser is the only thing between a reading and the page.
// Start primes the live state with one simulated minute of every building (every device reports at once);
// `live` then pushes the district's next minute, shuffled over the buildings and stamped with the push time,
// at a set rate, as a district whose gateways report around the clock looks to the dashboard.
import type { FastifyInstance } from 'fastify';
import { decodeMessage, hepingRegistry, type Reading, type Registry } from '@louyu/core';
import { buildApp, DEMO_PASSWORD, demoUsers, InProcessSource, UserDirectory } from '@louyu/dashboard-server';
import { createDistrict, type District } from '@louyu/simulators';
import { createStore, type TelemetryStore } from '@louyu/store';
import { serve } from '../child.ts';
import { syntheticRegistry } from '../registry.ts';

export interface StartArgs {
  /** A synthetic district of this many buildings, or Heping's own 89 (`heping`). */
  buildings: number | 'heping';
  webDist: string;
}

export interface StartResult {
  url: string;
  buildings: number;
  username: string;
  password: string;
  /** Readings pushed to prime the live state. */
  primed: number;
  /** The district's own real-time rate: readings per second once past the first minute's full report. */
  realTimeRate: number;
}

export interface LiveResult {
  pushed: number;
  elapsedMs: number;
}

let running:
  | { app: FastifyInstance; store: TelemetryStore; source: InProcessSource; pool: Reading[]; next: number }
  | undefined;
let pusher: { timer: NodeJS.Timeout | undefined; pushed: number; t0: number } | undefined;

function readingsOf(district: District, ms: number, registry: Registry): Reading[] {
  const now = Date.now();
  const out: Reading[] = [];
  for (const m of district.step(ms)) {
    const result = decodeMessage(m.topic, Buffer.from(m.payload), now, registry);
    if (result.type === 'reading') out.push(result.reading);
  }
  return out;
}

/** A fixed shuffle (same order every run), so each second's readings are spread over the district. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0 || 1;
  for (let i = items.length - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

async function start(args: StartArgs): Promise<StartResult> {
  await stop();
  const registry = args.buildings === 'heping' ? hepingRegistry() : syntheticRegistry(args.buildings);
  // The live picture only: an empty in-memory store (the start-up rebuild finds nothing).
  const store = await createStore({ kind: 'sqlite', path: ':memory:', retentionIntervalMs: 0 });
  const source = new InProcessSource();
  const app = await buildApp({
    registry,
    store,
    users: new UserDirectory(await demoUsers(registry)),
    jwtSecret: 'louyu-bench-dashboard-secret-of-32-chars',
    source,
    options: { demo: true, webDist: args.webDist, logger: false },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('dashboard did not report its port');

  const district = createDistrict({ registry, seed: 7, start: Date.now() - 2 * 60_000 });
  const first = readingsOf(district, 60_000, registry);
  for (const reading of first) source.push(reading);
  const pool = shuffle(readingsOf(district, 60_000, registry), 7);
  running = { app, store, source, pool, next: 0 };
  return {
    url: `http://127.0.0.1:${address.port}`,
    buildings: registry.buildings.length,
    username: 'district',
    password: DEMO_PASSWORD,
    primed: first.length,
    realTimeRate: pool.length / 60,
  };
}

/** Starts pushing `rate` readings per second (every 20 ms, what is owed), each stamped with the push time. */
function live(args: { rate: number }): void {
  const r = running;
  if (!r) throw new Error('live: the dashboard is not started');
  if (pusher) throw new Error('live: already pushing');
  const p = { timer: undefined as NodeJS.Timeout | undefined, pushed: 0, t0: performance.now() };
  p.timer = setInterval(() => {
    const owed = Math.floor(((performance.now() - p.t0) * args.rate) / 1000) - p.pushed;
    const now = Date.now();
    for (let i = 0; i < owed; i++) {
      const reading = r.pool[r.next++ % r.pool.length] as Reading;
      r.source.push({ ...reading, ts: now });
      p.pushed++;
    }
  }, 20);
  pusher = p;
}

/** Stops pushing; what was pushed over how long. */
function quiet(): LiveResult {
  const p = pusher;
  if (!p) return { pushed: 0, elapsedMs: 0 };
  clearInterval(p.timer);
  pusher = undefined;
  return { pushed: p.pushed, elapsedMs: performance.now() - p.t0 };
}

async function stop(): Promise<void> {
  quiet();
  if (!running) return;
  const { app, store } = running;
  running = undefined;
  await app.close();
  await store.close();
}

serve({ start, live, quiet, stop, close: stop });
