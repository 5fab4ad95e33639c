import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';

describe('access control over REST', () => {
  let t: TestApp;
  let manager: string;
  let district: string;
  beforeAll(async () => {
    t = await startTestApp();
    manager = await t.token('manager');
    district = await t.token('district');
  });
  afterAll(() => t.dispose());

  const get = (url: string, token?: string) =>
    t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('refuses every /api route without a token', async () => {
    for (const url of [
      '/api/buildings',
      '/api/buildings/healthy',
      '/api/alarms',
      '/api/tenancy',
      '/api/me',
      '/api/five-a',
    ]) {
      const reply = await get(url);
      expect(reply.statusCode, url).toBe(401);
      expect(reply.json()).toMatchObject({ code: 'LOUYU_UNAUTHORIZED' });
    }
  });

  it('refuses a forged or expired token', async () => {
    expect((await get('/api/me', `${district}x`)).statusCode).toBe(401);
    const before = t.clock.now;
    t.clock.now += 13 * 3600_000;
    try {
      expect((await get('/api/me', district)).statusCode).toBe(401);
    } finally {
      t.clock.now = before;
    }
  });

  it('shows a manager only the assigned building', async () => {
    const list = (await get('/api/buildings', manager)).json<{ building: { id: string } }[]>();
    expect(list.map((b) => b.building.id)).toEqual(['healthy']);
    expect((await get('/api/buildings/healthy', manager)).statusCode).toBe(200);
    const other = await get('/api/buildings/short-parking', manager);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'LOUYU_FORBIDDEN_BUILDING' });
    const history = await get(
      '/api/buildings/short-parking/history?kind=parking&field=occupied&from=0&to=1000',
      manager,
    );
    expect(history.statusCode).toBe(403);
    expect((await get('/api/district/summary', manager)).statusCode).toBe(403);
    const tenancy = (await get('/api/tenancy', manager)).json<{ buildings: { building: string }[] }>();
    expect(tenancy.buildings.map((b) => b.building)).toEqual(['healthy']);
  });

  it('shows district staff every building', async () => {
    const list = (await get('/api/buildings', district)).json<unknown[]>();
    expect(list).toHaveLength(t.registry.buildings.length);
    expect((await get('/api/buildings/short-parking', district)).statusCode).toBe(200);
  });

  it('answers 404 for an unknown building and 400 for an id that is not one', async () => {
    expect((await get('/api/buildings/nowhere', district)).statusCode).toBe(404);
    for (const bad of ["x'%20OR%201=1", '..%2F..%2Fetc', 'A', '%22%3B%20DROP']) {
      const reply = await get(`/api/buildings/${bad}`, district);
      expect(reply.statusCode, bad).toBe(400);
      expect(reply.json()).toMatchObject({ code: 'LOUYU_BAD_INPUT' });
    }
  });

  it('returns the signed-in user', async () => {
    expect((await get('/api/me', manager)).json()).toEqual({
      username: 'manager',
      name: 'manager',
      role: 'manager',
      buildings: ['healthy'],
    });
  });
});
