// The dashboard reads the embedded store through its own connection while ingest writes through another
// (on its own thread): series the writer creates after the reader opened must still be found by its queries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelemetryPoint } from '@louyu/core';
import { afterEach, expect, it } from 'vitest';
import { SqliteStore } from '../src/index.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const point = (device: string, ts: number): TelemetryPoint => ({
  measurement: 'energy',
  tags: { building: 'b001', cluster: 'c1', device },
  fields: { power_kw: 5, energy_kwh: ts / 1000 },
  ts,
});

it('finds series another connection created after it opened, and writes beside them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'louyu-sqlite-reader-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'louyu.db');
  const writer = new SqliteStore({ path, retentionIntervalMs: 0 });
  cleanups.push(() => writer.close());
  const reader = new SqliteStore({ path, retentionIntervalMs: 0 });
  cleanups.push(() => reader.close());
  const ts = Date.now() - 60_000;

  await writer.write([point('m01', ts), point('m02', ts)]);
  const latest = await reader.latest({ measurement: 'energy', building: 'b001' });
  expect(latest.map((p) => p.tags.device).sort()).toEqual(['m01', 'm02']);
  expect(await reader.points({ measurement: 'energy', device: 'm02' }, ts - 1, ts + 1, 10)).toHaveLength(1);

  // The reader writing a series the writer created takes the same id rather than failing on its key.
  await reader.write([point('m02', ts + 1000), point('m03', ts)]);
  await writer.write([point('m03', ts + 1000)]);
  const all = await writer.points({ measurement: 'energy', building: 'b001' }, ts - 1, ts + 2000, 100);
  expect(all).toHaveLength(5);
});
