// The SQLite store finds a point's series by its tags in the order the point holds them (a cheap key) before
// the sorted one: one series must stay one series whatever order its tags come in, before and after a
// rolled-back write and a reopen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'louyu-sqlite-tag-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2026, 10, 30, 8);

describe('SQLite series catalogue', () => {
  it('maps one series to one id whatever the order of its tags', async () => {
    const path = join(dir, 'louyu.db');
    const point = (tags: Record<string, string>, ts: number) => ({
      measurement: 'energy',
      tags,
      fields: { power_kw: ts - T0 },
      ts,
    });
    let store = new SqliteStore({ path, retentionIntervalMs: 0 });
    await store.write([
      point({ building: 'b1', device: 'm1' }, T0),
      point({ device: 'm1', building: 'b1' }, T0 + 1),
      point({ building: 'b1', device: 'm2' }, T0 + 2),
    ]);
    // A refused batch stores nothing; the series after it keep their ids.
    await expect(
      store.write([point({ device: 'm3', building: 'b1' }, T0 + 3), point({ building: '' }, T0 + 4)]),
    ).rejects.toThrow();
    await store.write([point({ device: 'm2', building: 'b1' }, T0 + 5)]);
    await store.close();
    store = new SqliteStore({ path, retentionIntervalMs: 0 });
    await store.write([point({ device: 'm1', building: 'b1' }, T0 + 6)]);
    const latest = await store.latest({ measurement: 'energy' });
    await store.close();

    expect(latest.map((p) => [p.tags.device, p.ts]).sort()).toEqual([
      ['m1', T0 + 6],
      ['m2', T0 + 5],
    ]);
    const db = new Database(path, { readonly: true });
    const series = db.prepare('SELECT count(*) FROM series').pluck().get();
    const points = db.prepare('SELECT count(*) FROM points').pluck().get();
    db.close();
    expect([series, points]).toEqual([2, 5]);
  });
});
