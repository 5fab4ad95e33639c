// SQLite's store.write alone, with the raw ceiling's traffic (890 meters, two fields, a simulated minute a
// round) in batches of the given sizes: points a second and CPU µs a point (load-independent, so runs of two
// branches on a busy machine can be compared). 20,000 points warm the file first, then 100,000 are timed.
//   node --conditions=source --import tsx bench/store-batch-probe.ts [batch size ...]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hepingRegistry } from '@louyu/core';
import { createStore } from '@louyu/store';
import { energyPoints } from './lib/points.ts';

const sizes = process.argv.slice(2).map(Number);
const registry = hepingRegistry();
for (const size of sizes.length ? sizes : [400, 1000, 2500, 5000]) {
  const dir = mkdtempSync(join(tmpdir(), 'louyu-probe-'));
  const store = await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
  const baseTs = Date.now() - 6 * 86_400_000;
  let next = 0;
  while (next < 20_000) {
    await store.write(energyPoints(registry, next, size, baseTs));
    next += size;
  }
  const total = 100_000;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const end = next + total;
  while (next < end) {
    await store.write(energyPoints(registry, next, size, baseTs));
    next += size;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  console.log(
    `batch ${size}: ${Math.round((total / ms) * 1000)} pt/s, ${((cpu.user + cpu.system) / total).toFixed(1)} µs CPU a point (sys ${(cpu.system / total).toFixed(1)})`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
