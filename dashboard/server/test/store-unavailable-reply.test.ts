// A property manager saves the tenancy form while the store cannot take it (here: a backup tool holds the
// SQLite file locked past the busy timeout; the same with InfluxDB down). The entry is not saved, and the
// reply must say so in words the form can show, with a status that tells a client to try again: before,
// it was 500 "internal error", as for a bug.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { postTenancyForm } from './helpers/tenancy.ts';

describe('a store that cannot take a write now', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.dispose());

  it('answers the tenancy form 503 LOUYU_STORE_UNAVAILABLE saying nothing was saved, and saves it when asked again', async () => {
    const locker = new Database(join(t.dir, 'louyu.db'));
    locker.exec('BEGIN EXCLUSIVE');
    let reply;
    try {
      reply = await postTenancyForm(t);
    } finally {
      locker.exec('COMMIT');
      locker.close();
    }
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['retry-after']).toBeDefined();
    const body = reply.json<{ code: string; message: string }>();
    expect(body.code).toBe('LOUYU_STORE_UNAVAILABLE');
    expect(body.message).toMatch(/not saved/);
    expect(await t.store.latest({ measurement: 'tenancy', building: 'healthy' })).toHaveLength(0);

    const again = await postTenancyForm(t);
    expect(again.statusCode).toBe(200);
    expect(await t.store.latest({ measurement: 'tenancy', building: 'healthy' })).toHaveLength(1);
  }, 30_000);
});
