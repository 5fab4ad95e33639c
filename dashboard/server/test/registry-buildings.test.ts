import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';

// The building directory the pages draw from: the registry entries a user may see, which change only when
// the server starts with another registry. A browser revalidates its copy (If-None-Match) and gets 304.
describe('GET /api/registry/buildings', () => {
  let t: TestApp;
  let district: string;
  let manager: string;
  beforeAll(async () => {
    t = await startTestApp();
    district = await t.token('district');
    manager = await t.token('manager');
  });
  afterAll(() => t.dispose());

  const get = (token: string | undefined, etag?: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/registry/buildings',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(etag ? { 'if-none-match': etag } : {}),
      },
    });

  it('gives district staff every registry entry, with an entity tag the browser must revalidate', async () => {
    const reply = await get(district);
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain('application/json');
    expect(reply.json()).toEqual(t.registry.buildings);
    expect(reply.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(reply.headers['cache-control']).toBe('private, no-cache');
    expect(String(reply.headers.vary)).toMatch(/authorization/i);
  });

  it('answers 304 without a body when the browser already holds that list', async () => {
    const first = await get(district);
    const again = await get(district, first.headers.etag);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    // A list of tags, or a tag a proxy weakened, still names it.
    expect((await get(district, `"older", W/${first.headers.etag as string}`)).statusCode).toBe(304);
    // Any other tag (an older registry, another user's list) gets the list itself.
    expect((await get(district, '"something-else"')).statusCode).toBe(200);
  });

  it("gives a manager only their buildings, under a tag of their own, never district staff's copy", async () => {
    const staff = await get(district);
    const own = await get(manager, staff.headers.etag);
    expect(own.statusCode).toBe(200);
    expect(own.json<{ id: string }[]>().map((b) => b.id)).toEqual(['healthy']);
    expect(own.headers.etag).not.toBe(staff.headers.etag);
    expect((await get(manager, own.headers.etag as string)).statusCode).toBe(304);
  });

  it('refuses a request without a token', async () => {
    const reply = await get(undefined);
    expect(reply.statusCode).toBe(401);
    expect(reply.json()).toMatchObject({ code: 'LOUYU_UNAUTHORIZED' });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json<{ paths: Record<string, unknown> }>();
    expect(doc.paths).toHaveProperty(['/api/registry/buildings']);
  });
});
