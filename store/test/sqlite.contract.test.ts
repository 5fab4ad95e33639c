import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createStore } from '../src/index.ts';
import { telemetryStoreContract } from './contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'louyu-sqlite-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

telemetryStoreContract('SQLite', ({ retention }) =>
  createStore({ kind: 'sqlite', path: join(dir, `store-${n++}.db`), retention, retentionIntervalMs: 0 }),
);
