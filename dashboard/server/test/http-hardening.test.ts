// Issue 15 item 7: security headers on every answer (the web app, the API, errors), and /metrics and /docs
// either open (the default, for a closed network) or behind an operations token (`opsToken`).
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRegistry } from '@louyu/core';
import { buildApp, UserDirectory } from '../src/index.ts';
import { SECRET, startTestApp, type TestApp } from './helpers/app.ts';

const WEB_DIST = resolve(import.meta.dirname, '../../web/dist');
const OPS_TOKEN = 'ops-token-for-the-scraper-0123456789';

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ webDist: WEB_DIST });
  });
  afterAll(() => t?.dispose());

  it.each(['/', '/login', '/api/buildings', '/healthz', '/api/nothing-here', '/docs/json'])(
    '%s carries CSP, frame, sniffing and referrer headers',
    async (url) => {
      const reply = await t.app.inject({ url });
      const csp = String(reply.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-eval');
      // Louyu is served over plain HTTP on a closed network by default: never upgrade its own requests.
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(reply.headers['x-frame-options']).toBe('DENY');
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
    },
  );

  it('leaves /metrics and /docs open by default', async () => {
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
  });
});

describe('operations endpoints with an ops token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ opsToken: OPS_TOKEN });
  });
  afterAll(() => t?.dispose());

  const basic = (password: string) => `Basic ${Buffer.from(`prometheus:${password}`).toString('base64')}`;

  it.each(['/metrics', '/docs', '/docs/json', '/docs/static/index.html'])(
    '%s needs the token (bearer, or basic auth for a browser)',
    async (url) => {
      const none = await t.app.inject({ url });
      expect(none.statusCode).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Basic realm="louyu-ops"/);
      expect(none.json()).toMatchObject({ code: 'LOUYU_OPS_TOKEN' });
      expect((await t.app.inject({ url, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
      expect((await t.app.inject({ url, headers: { authorization: basic('wrong') } })).statusCode).toBe(401);
      const bearer = await t.app.inject({ url, headers: { authorization: `Bearer ${OPS_TOKEN}` } });
      expect(bearer.statusCode).toBeLessThan(400);
      const browser = await t.app.inject({ url, headers: { authorization: basic(OPS_TOKEN) } });
      expect(browser.statusCode).toBeLessThan(400);
    },
  );

  it('also lets district and admin sessions in, not a manager', async () => {
    for (const [user, status] of [
      ['district', 200],
      ['admin', 200],
      ['manager', 403],
    ] as const) {
      const reply = await t.app.inject({
        url: '/metrics',
        headers: { authorization: `Bearer ${await t.token(user)}` },
      });
      expect(reply.statusCode, user).toBe(status);
    }
  });

  it('leaves health checks and the API as they were', async () => {
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/buildings' })).statusCode).toBe(401);
  });

  it('refuses a short ops token, naming the option', async () => {
    await expect(
      buildApp({
        registry: smallRegistry(),
        store: undefined as never,
        users: new UserDirectory([]),
        jwtSecret: SECRET,
        options: { opsToken: 'short' },
      }),
    ).rejects.toThrow(/opsToken/);
  });
});
