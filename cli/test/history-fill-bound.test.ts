// A first start writes the simulated week before going live, for a district of Heping's size; a large one
// (10,000 buildings would take hours, the dashboard not up meanwhile) goes live at once and says so.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '@louyu/store';
import { syntheticRegistry } from '../../bench/lib/registry.ts';
import { fillHistoryOnFirstStart, HISTORY_MAX_BUILDINGS } from '../src/run/history-fill.ts';

let dir: string;
let store: SqliteStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'louyu-history-bound-'));
  store = new SqliteStore({ path: join(dir, 'louyu.db') });
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the first-start history of a large district', () => {
  it(`is not written for more than ${HISTORY_MAX_BUILDINGS} buildings, and the console says why`, async () => {
    const lines: string[] = [];
    const result = await fillHistoryOnFirstStart({
      registry: syntheticRegistry(HISTORY_MAX_BUILDINGS + 1),
      store,
      sink: store,
      seed: 1,
      buildings: 'all',
      speed: '1',
      scenario: 'normal',
      say: (line) => lines.push(line),
    });
    expect(result.filled).toBe(false);
    if (!result.filled) expect(result.reason).toContain(`${HISTORY_MAX_BUILDINGS + 1} buildings`);
    expect(lines.join('\n')).toContain('history: not written');
    expect(await store.latest({ measurement: 'energy' })).toEqual([]);
  });
});
