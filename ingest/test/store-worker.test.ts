// Ingest's store on a worker thread: points written there land in the store, and what the store says
// (a refused point, a database that is down, a bad option) reaches the writer as the same StoreError, so
// the writer's retry and split decisions are the ones it makes in-thread.
import { join } from 'node:path';
import { isRetryable } from '../src/writer.ts';
import { ConfigError } from '@louyu/core';
import { StoreError, SqliteStore } from '@louyu/store';
import { afterEach, describe, expect, it } from 'vitest';
import { openStoreInWorker } from '../src/store-worker/sink.ts';
import { joinPointBodies } from '../src/spool/point-json.ts';
import { freePort } from '../../tests/harness/influxd.ts';
import { countStored, point, tempDir } from './helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('store on a worker thread', () => {
  it('stores what it is given, and refuses a bad point as INVALID_POINT, not to be retried', async () => {
    const { dir, remove } = tempDir('store-worker');
    cleanups.push(remove);
    const path = join(dir, 'louyu.db');
    const sink = await openStoreInWorker({ kind: 'sqlite', path, retentionIntervalMs: 0 });
    await sink.write(Array.from({ length: 300 }, (_, i) => point(i)));
    // A spool batch crosses as its records' JSON, joined into one array, and is parsed on the worker.
    const bodies = [[point(300), point(301)], [], [point(302)]].map((r) => Buffer.from(JSON.stringify(r)));
    await sink.writeJson!(joinPointBodies(bodies), 3);
    const refusal = await sink.write([{ ...point(303), measurement: 'not a name' }]).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(StoreError);
    expect((refusal as StoreError).code).toBe('INVALID_POINT');
    expect(isRetryable(refusal)).toBe(false);
    await sink.close();
    await expect(sink.write([point(1)])).rejects.toMatchObject({ code: 'CLOSED' });

    const store = new SqliteStore({ path, retentionIntervalMs: 0 });
    cleanups.push(() => store.close());
    expect(await countStored(store)).toBe(303);
  });

  it('starts while the database is down, and refuses writes as retryable until it is up', async () => {
    const port = await freePort();
    const waiting: Error[] = [];
    const sink = await openStoreInWorker(
      { kind: 'influx', url: `http://127.0.0.1:${port}`, database: 'louyu' },
      { onWaiting: (error) => waiting.push(error) },
    );
    cleanups.push(() => sink.close());
    expect(waiting).toHaveLength(1);
    const failure = await sink.write([point(0)]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).code).toBe('UNAVAILABLE');
    expect(isRetryable(failure)).toBe(true);
  });

  it('fails to open on a bad option, naming it', async () => {
    // A configuration mistake is Louyu's one ConfigError (LOUYU_CONFIG, '<option>: <problem>'), also from
    // inside the worker, not a store error to retry.
    const opening = openStoreInWorker({ kind: 'influx', url: 'influx.local', database: 'louyu' });
    await expect(opening).rejects.toBeInstanceOf(ConfigError);
    await expect(opening).rejects.toThrow(/^store\.url: /);
  });
});
