import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelemetryPoint } from '@louyu/core';

/** A fresh temporary folder and a function that removes it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `louyu-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The i-th occupancy point of one floor counter: distinct ts, so every point is its own row. */
export function point(i: number, building = 'b001'): TelemetryPoint {
  return {
    measurement: 'occupancy',
    tags: { building, cluster: 'unknown', device: 'f01' },
    fields: { people: i % 500, capacity: 500 },
    ts: 1_750_000_000_000 + i,
  };
}
