import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestApp, type TestApp } from './helpers/app.ts';

describe('login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ loginMax: 3, loginWindowMs: 60_000 });
  });
  afterAll(() => t.dispose());

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('gives a token for the right password and 401 for a wrong one or an unknown user', async () => {
    const ok = await login('manager', PASSWORD);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      user: { username: 'manager', role: 'manager', buildings: ['healthy'] },
    });
    expect((await login('manager', 'wrong')).statusCode).toBe(401);
    expect((await login('nobody', PASSWORD)).json()).toMatchObject({ code: 'LOUYU_BAD_LOGIN' });
  });

  it('is rate-limited per client: the next attempt gets 429 even with the right password', async () => {
    const reply = await login('manager', PASSWORD);
    expect(reply.statusCode).toBe(429);
    expect(reply.headers['retry-after']).toBeDefined();
  });

  it('refuses a malformed body with 400', async () => {
    const reply = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.0.0.9',
      payload: { username: 'x', password: 'y', admin: true },
    });
    expect(reply.statusCode).toBe(400);
  });
});
