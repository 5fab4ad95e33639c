// The web app is split per page (issue 20, item 7): its hashed chunks are kept by the browser for good, so
// a reload asks the server for index.html alone, not one revalidation per chunk.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';

const WEB_DIST = resolve(import.meta.dirname, '../../web/dist');

describe('caching of the built web app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ webDist: WEB_DIST });
  });
  afterAll(() => t?.dispose());

  it('marks the hashed files under /assets/ immutable and has index.html checked every time', async () => {
    const index = await t.app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(String(index.headers['cache-control'])).not.toContain('immutable');
    const entry = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(entry).toBeDefined();
    const chunk = await t.app.inject({ url: entry! });
    expect(chunk.statusCode).toBe(200);
    expect(chunk.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});
