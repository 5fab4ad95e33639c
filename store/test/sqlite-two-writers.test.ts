// In `louyu start` two connections write the embedded store: the store's own (ingest's writer, on its
// thread) and the dashboard's (the alarm journal). A write transaction that began by reading (the series
// catalogue) and then wrote failed at once with "database is locked" whenever the other connection had
// committed in between: SQLite cannot wait for a read snapshot that went stale, so busy_timeout never
// applied. The alarm journal kept its events and retried, but every collision was a warning with a stack
// in the operator's log, and a late alarm. Here a second connection commits on another thread as fast as
// it can while the store writes new series: not one write may fail.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { TelemetryPoint } from '@louyu/core';
import { afterEach, expect, it } from 'vitest';
import { SqliteStore } from '../src/index.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// The other writer: plain better-sqlite3 on its own thread, short transactions back to back until told
// to stop, with the same busy_timeout as Louyu's connections.
const OTHER_WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.exec('CREATE TABLE IF NOT EXISTS other_writer (n INTEGER)');
const insert = db.prepare('INSERT INTO other_writer (n) VALUES (?)');
let stop = false;
let commits = 0;
parentPort.on('message', () => { stop = true; });
function burst() {
  for (let i = 0; i < 200; i++) { insert.run(commits); commits += 1; }
  if (stop) { db.close(); parentPort.postMessage(commits); } else setImmediate(burst);
}
parentPort.postMessage('ready');
burst();
`;

it('never fails a write because another connection committed while it was under way', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'louyu-sqlite-two-writers-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'louyu.db');
  const store = new SqliteStore({ path, retentionIntervalMs: 0 });
  cleanups.push(() => store.close());

  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const other = new Worker(OTHER_WRITER, { eval: true, workerData: { path, driver } });
  cleanups.push(() => other.terminate());
  await new Promise((resolve) => other.once('message', resolve));

  const ts = Date.now() - 60_000;
  const failures: string[] = [];
  let written = 0;
  // Each batch names a series the store has not seen, so each write reads the catalogue before it writes.
  for (let batch = 0; batch < 1500; batch++) {
    const point: TelemetryPoint = {
      measurement: 'energy',
      tags: { building: 'b001', cluster: 'c1', device: `m${batch}` },
      fields: { power_kw: 5 },
      ts,
    };
    try {
      await store.write([point]);
      written += 1;
    } catch (error) {
      failures.push(String(error));
    }
  }
  const commits = await new Promise<number>((resolve) => {
    other.once('message', resolve);
    other.postMessage('stop');
  });

  expect(commits).toBeGreaterThan(0);
  expect(failures.slice(0, 3)).toEqual([]);
  expect(written).toBe(1500);
  const stored = await store.latest({ measurement: 'energy', building: 'b001' });
  expect(stored).toHaveLength(1500);
});
