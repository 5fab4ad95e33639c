// A restarted simulator continues its meters from the stored readings (issue 16, item 2), composed as
// `louyu start` composes it: the store's latest energy points -> initialMetersFromPoints -> the fleet's
// `initialMeters` (here continueMeters, which the fleet calls). Over the real embedded store, every meter's
// counter then only grows across the restart; without it, the restart sends counters back.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterIncrease, decode, readingToPoints, smallRegistry } from '@louyu/core';
import { createStore, type TelemetryStore } from '@louyu/store';
import { collect, continueMeters, createDistrict, initialMetersFromPoints } from '@louyu/simulators';

const registry = smallRegistry();
const HOUR = 3_600_000;
const START = Date.UTC(2025, 2, 12, 1, 0);

describe('a restarted simulator over the embedded store', () => {
  let dir: string;
  const stores: TelemetryStore[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-sim-meters-'));
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  const district = (start: number) =>
    createDistrict({ registry, seed: 1, start, buildings: ['healthy', 'short-parking'] });

  async function run(store: TelemetryStore, from: number, to: number, continued: boolean): Promise<void> {
    const d = district(from);
    if (continued) continueMeters(d, initialMetersFromPoints(await store.latest({ measurement: 'energy' })));
    const points = collect(d, from, to, 60_000).flatMap((m) => {
      const decoded = decode(m.topic, m.payload, to, registry);
      return decoded.ok && decoded.reading.kind === 'energy'
        ? readingToPoints(decoded.reading, registry)
        : [];
    });
    await store.write(points);
  }

  async function steps(store: TelemetryStore): Promise<{ resets: number; glitches: number; meters: number }> {
    let resets = 0;
    let glitches = 0;
    const latest = await store.latest({ measurement: 'energy' });
    for (const p of latest) {
      const { building, device } = p.tags;
      const points = await store.points(
        { measurement: 'energy', building, device },
        0,
        START + 10 * HOUR,
        10_000,
      );
      const r = counterIncrease(points.map((q) => ({ ts: q.ts, value: q.fields.energy_kwh as number })));
      resets += r.resets;
      glitches += r.glitches;
    }
    return { resets, glitches, meters: latest.length };
  }

  it('continues every meter from its stored reading, so no counter goes back', async () => {
    const store = await createStore({
      kind: 'sqlite',
      path: join(dir, 'continued.db'),
      retentionIntervalMs: 0,
    });
    stores.push(store);
    await run(store, START, START + 2 * HOUR, false);
    await run(store, START + 3 * HOUR, START + 4 * HOUR, true);
    const seen = await steps(store);
    expect(seen.meters).toBeGreaterThan(0);
    expect(seen).toMatchObject({ resets: 0, glitches: 0 });
  });

  it('sends counters back below the stored readings without it (the bug)', async () => {
    const store = await createStore({ kind: 'sqlite', path: join(dir, 'seeded.db'), retentionIntervalMs: 0 });
    stores.push(store);
    await run(store, START, START + 2 * HOUR, false);
    await run(store, START + 3 * HOUR, START + 4 * HOUR, false);
    const seen = await steps(store);
    expect(seen.resets + seen.glitches).toBeGreaterThan(0);
  });
});
