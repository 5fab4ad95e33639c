import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.dispose());

  it('serves an OpenAPI document that describes every API route, and the UI at /docs', async () => {
    const doc = (await t.app.inject({ url: '/docs/json' })).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/buildings',
      '/api/buildings/{id}',
      '/api/buildings/{id}/history',
      '/api/district/summary',
      '/api/district/history',
      '/api/five-a',
      '/api/shortfalls',
      '/api/alarms',
      '/api/alarms/{id}/ack',
      '/api/tenancy',
      '/api/buildings/{id}/tenancy',
      '/api/reports/{period}',
      '/api/auth/login',
      '/api/me',
    ])
      expect(doc.paths, path).toHaveProperty([path]);
    const ui = await t.app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('answers /healthz, /readyz (store reachable) and /metrics', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, store: { ok: true } });
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.body).toContain('louyu_dashboard_http_requests_total');
  });
});
