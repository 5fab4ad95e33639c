// A write the operating system refuses (a full disk; here a file-size limit) must not cost a record that
// was acknowledged, nor leave half a record behind: the refused turn's records are not acknowledged, the
// file is cut back to the last whole record, and a later open finds exactly the acknowledged ones.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSpool } from '../src/spool/spool.ts';
import { tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FIXTURE = fileURLToPath(new URL('./fixtures/spool-disk-limit.ts', import.meta.url));

describe('spool write refused by the operating system', () => {
  it('acknowledges only what was written, and leaves no torn record', () => {
    const { dir, remove } = tempDir('spool-efbig');
    cleanups.push(remove);
    // ulimit -f counts 512-byte blocks: segment files stop at 8 KiB, about 60 records.
    const out = execFileSync(
      'bash',
      ['-c', 'ulimit -f 16 && exec "$0" --import tsx "$1" "$2"', process.execPath, FIXTURE, dir],
      { encoding: 'utf8' },
    );
    const report = JSON.parse(out) as { acked: number; failures: string[]; depth: number; base: number };
    expect(report.failures).toEqual(['EFBIG', 'EFBIG']);
    expect(report.acked).toBeGreaterThan(20);
    // The refused records left the spool's count with their turn.
    expect(report.depth).toBe(report.acked);

    const recovered: number[] = [];
    const spool = openSpool({
      dir,
      maxBytes: 1 << 30,
      segmentBytes: 1 << 20,
      fsync: { intervalMs: 5 },
      onRecovery: (event) => recovered.push(event.droppedBytes),
    });
    cleanups.push(() => spool.close());
    expect(recovered).toEqual([]);
    const seen: number[] = [];
    for (let batch = spool.read(1000); batch; batch = spool.read(1000)) {
      // The fixture's points count from its own BASE_TS (a minute apart from this file's when a minute
      // ended between the two imports: seen once in the suite as every ts 60,000 too high).
      seen.push(...batch.points.map((p) => p.ts - report.base));
      spool.commit(batch);
    }
    expect(seen).toEqual([...Array(report.acked).keys()]);
  });
});
