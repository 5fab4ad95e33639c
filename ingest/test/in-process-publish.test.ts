import { join } from 'node:path';
import { SqliteStore } from '@louyu/store';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveIngestConfig } from '../src/config.ts';
import { createIngest, SpoolFullError } from '../src/ingest.ts';
import { BASE_TS, countStored, FlakyStore, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const reading = (i: number): Buffer =>
  Buffer.from(JSON.stringify({ ts: BASE_TS + i, people: i % 50, capacity: 50 }));
const TOPIC = 'louyu/v1/b001/occupancy/f01';

describe('in-process source (all-in-one mode)', () => {
  it('says stored, rejected or full per message, and stores what it accepted on stop', async () => {
    const { dir, remove } = tempDir('in-process');
    cleanups.push(remove);
    const store = new SqliteStore({ path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
    cleanups.push(() => store.close());
    const down = new FlakyStore(store, Number.MAX_SAFE_INTEGER);
    const alarms: boolean[] = [];
    const config = resolveIngestConfig({
      spoolDir: join(dir, 'spool'),
      spoolMaxBytes: 64 * 1024,
      spoolSegmentBytes: 8192,
      retryMinMs: 1,
      retryMaxMs: 5,
      stopTimeoutMs: 100,
    });
    const first = createIngest(config, { store: down, onSpoolFull: (full) => alarms.push(full) });
    await first.start();
    expect(first.ingestPublish(TOPIC, Buffer.from('{"people":'))).toBe('rejected');
    let accepted = 0;
    while (first.ingestPublish(TOPIC, reading(accepted)) === 'stored') accepted += 1;
    expect(accepted).toBeGreaterThan(100);
    expect(alarms).toEqual([true]);
    expect(() => first.publishHook({ topic: TOPIC, payload: reading(accepted) })).toThrow(SpoolFullError);
    // Invalid messages are still acknowledged while full: they never wait on the spool.
    expect(first.ingestPublish(TOPIC, Buffer.from('nope'))).toBe('rejected');
    expect(first.deadLetters().map((d) => d.reason)).toEqual(['not_json', 'not_json']);
    // A message that breaks a field's rule is kept with the field and the rule it broke.
    const negative = JSON.stringify({ ts: Date.now(), people: -1, capacity: 100 });
    expect(first.ingestPublish(TOPIC, Buffer.from(negative))).toBe('rejected');
    expect(first.deadLetters(1)[0]).toMatchObject({ reason: 'schema', field: 'people', rule: 'minimum' });
    await first.stop(); // the store is down: what the spool holds stays on disk

    const second = createIngest(config, { store, onSpoolFull: (full) => alarms.push(full) });
    await second.start();
    await second.stop();
    expect(await countStored(store)).toBe(accepted);
  });
});
