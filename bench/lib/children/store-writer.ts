// A store's raw write ceiling: large batches straight to `TelemetryStore.write`, no broker, no spool, from
// one or more concurrent writers, in its own process like the pipeline it is compared with.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hepingRegistry } from '@louyu/core';
import { createStore, type TelemetryStore } from '@louyu/store';
import { ownCpuMs, serve } from '../child.ts';
import { energyPoints } from '../points.ts';

export interface OpenArgs {
  store: { kind: 'sqlite' } | { kind: 'influx'; url: string; database: string };
}

export interface CeilingArgs {
  batchSize: number;
  concurrency: number;
  durationMs: number;
}

let opened: { store: TelemetryStore; dir: string } | undefined;

async function open(args: OpenArgs): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'louyu-bench-store-'));
  const store =
    args.store.kind === 'sqlite'
      ? await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 })
      : await createStore({ kind: 'influx', url: args.store.url, database: args.store.database });
  opened = { store, dir };
}

async function ceiling(args: CeilingArgs): Promise<{ points: number; elapsedMs: number; cpuPct: number }> {
  if (!opened) throw new Error('not open');
  const { store } = opened;
  const registry = hepingRegistry();
  let points = 0;
  let next = 0;
  // Six days back: the feed advances a simulated minute per round and stays inside the raw retention.
  const baseTs = Date.now() - 6 * 86_400_000;
  const cpu0 = ownCpuMs();
  const t0 = performance.now();
  const deadline = t0 + args.durationMs;
  const writer = async () => {
    while (performance.now() < deadline) {
      const batch = energyPoints(registry, next, args.batchSize, baseTs);
      next += args.batchSize;
      await store.write(batch);
      points += batch.length;
    }
  };
  await Promise.all(Array.from({ length: args.concurrency }, () => writer()));
  const elapsedMs = performance.now() - t0;
  return { points, elapsedMs, cpuPct: ((ownCpuMs() - cpu0) / elapsedMs) * 100 };
}

async function close(): Promise<void> {
  if (!opened) return;
  await opened.store.close();
  await rm(opened.dir, { recursive: true, force: true });
  opened = undefined;
}

serve({ open, ceiling, close });
