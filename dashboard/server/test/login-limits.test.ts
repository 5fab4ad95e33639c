// Issue 15 item 6: login limits per account (with back-off) and per client address, over real HTTP against a
// listening server. Client addresses come either from the connection itself (loopback aliases 127.0.0.x) or,
// with `trustProxy`, from X-Forwarded-For set by a trusted reverse proxy. Time is the app's clock, moved by
// the test: nothing here waits for a back-off to pass.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressKey, LoginLimiter } from '../src/auth/login-limits.ts';
import { parseTrustProxy } from '../src/trust-proxy.ts';
import { buildApp } from '../src/index.ts';
import { PASSWORD, SECRET, startTestApp, type TestApp } from './helpers/app.ts';
import { smallRegistry } from '@louyu/core';
import { UserDirectory } from '../src/index.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { code?: string; message?: string; token?: string };
}

/** POSTs a login over a real connection, from `localAddress` and with an X-Forwarded-For when given. */
function login(
  url: string,
  username: string,
  password: string,
  from: { localAddress?: string; forwardedFor?: string } = {},
): Promise<Reply> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/auth/login`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {}),
        },
        ...(from.localAddress ? { localAddress: from.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply['body'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function listening(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

describe('login limits behind a trusted proxy (X-Forwarded-For)', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp({
      trustProxy: ['127.0.0.1'],
      loginAccountFailures: 3,
      loginBackoffMs: 1000,
      loginBackoffMaxMs: 8000,
      loginAddressAccounts: 3,
    });
    url = await listening(t);
  });
  afterAll(() => t?.dispose());

  it('slows an account after its failures, whichever addresses they came from', async () => {
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      expect((await login(url, 'manager', 'wrong', { forwardedFor: ip })).status).toBe(401);
    // The right password from a fourth address is not even checked while the account backs off.
    const refused = await login(url, 'manager', PASSWORD, { forwardedFor: '203.0.113.4' });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('LOUYU_LOGIN_BACKOFF');
    expect(refused.body.message).toMatch(/this account.*try again in 1 s/);
    expect(refused.headers['retry-after']).toBe('1');

    // Each further failure doubles the wait: 1 s, then 2 s, then 4 s.
    t.clock.now += 1000;
    expect((await login(url, 'manager', 'wrong', { forwardedFor: '203.0.113.5' })).status).toBe(401);
    const slower = await login(url, 'manager', PASSWORD, { forwardedFor: '203.0.113.6' });
    expect(slower.status).toBe(429);
    expect(slower.headers['retry-after']).toBe('2');

    // Once the wait has passed the right password works, and it clears the account's failures.
    t.clock.now += 2000;
    expect((await login(url, 'manager', PASSWORD, { forwardedFor: '203.0.113.6' })).status).toBe(200);
    expect((await login(url, 'manager', 'wrong', { forwardedFor: '203.0.113.6' })).status).toBe(401);
    expect((await login(url, 'manager', PASSWORD, { forwardedFor: '203.0.113.6' })).status).toBe(200);
  });

  it('does not lock other users out of an address where one user keeps failing', async () => {
    const office = { forwardedFor: '198.51.100.7' };
    for (let i = 0; i < 12; i++) {
      t.clock.now += 60_000;
      expect([401, 429]).toContain((await login(url, 'manager-sp', 'wrong', office)).status);
    }
    expect((await login(url, 'district', PASSWORD, office)).status).toBe(200);
    expect((await login(url, 'admin', PASSWORD, office)).status).toBe(200);
  });

  it('limits the accounts one address may fail on; other addresses are not affected', async () => {
    const sprayer = { forwardedFor: '192.0.2.66' };
    for (const name of ['alice', 'bob', 'carol'])
      expect((await login(url, name, 'Winter2026!', sprayer)).status).toBe(401);
    const refused = await login(url, 'district', PASSWORD, sprayer);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('LOUYU_LOGIN_LIMITED');
    expect(refused.body.message).toMatch(/this address/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(url, 'district', PASSWORD, { forwardedFor: '192.0.2.67' })).status).toBe(200);
  });

  it('answers an unknown user the same way as a known one (no account enumeration)', async () => {
    const replies = [];
    for (const name of ['ghost', 'admin']) {
      const seq = [];
      for (let i = 0; i < 4; i++) {
        const reply = await login(url, name, 'nope', { forwardedFor: `203.0.113.${100 + i}` });
        seq.push([reply.status, reply.body.code, reply.headers['retry-after']]);
      }
      replies.push(seq);
    }
    expect(replies[0]).toEqual(replies[1]);
    expect(replies[0]![3]![0]).toBe(429);
  });
});

describe('login limits without a trusted proxy', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp({ loginAccountFailures: 10, loginAddressAccounts: 2 });
    url = await listening(t);
  });
  afterAll(() => t?.dispose());

  it('keys an address by the connection, ignoring X-Forwarded-For', async () => {
    // Two different forwarded addresses, one real one (127.0.0.2): the second account is already one too many.
    expect(
      (await login(url, 'x1', 'nope', { localAddress: '127.0.0.2', forwardedFor: '1.1.1.1' })).status,
    ).toBe(401);
    expect(
      (await login(url, 'x2', 'nope', { localAddress: '127.0.0.2', forwardedFor: '2.2.2.2' })).status,
    ).toBe(401);
    const limited = await login(url, 'district', PASSWORD, {
      localAddress: '127.0.0.2',
      forwardedFor: '3.3.3.3',
    });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('LOUYU_LOGIN_LIMITED');
    // Another real address is a different client.
    expect((await login(url, 'district', PASSWORD, { localAddress: '127.0.0.3' })).status).toBe(200);
  });
});

describe('login limits behind one proxy (trustProxy: 1)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ trustProxy: 1, loginAccountFailures: 10, loginAddressAccounts: 2 });
  });
  afterAll(() => t?.dispose());

  it('takes the address the proxy saw, not what the client wrote before it', async () => {
    // The proxy appends the address it saw; whatever the client put in front is its own invention.
    const from = (spoofed: string) => ({ 'x-forwarded-for': `${spoofed}, 198.51.100.9` });
    const attempt = (username: string, spoofed: string, password = 'nope') =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.0.0.2',
        headers: from(spoofed),
        payload: { username, password },
      });
    expect((await attempt('y1', '1.1.1.1')).statusCode).toBe(401);
    expect((await attempt('y2', '2.2.2.2')).statusCode).toBe(401);
    const limited = await attempt('district', '3.3.3.3', PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'LOUYU_LOGIN_LIMITED' });
  });
});

describe('the limiter', () => {
  it('counts an IPv6 client by its /64 and an IPv4-mapped one as IPv4', () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::99')).toBe(addressKey('2001:0db8:0001:0002:ffff::1'));
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
  });

  it('keeps at most `tracked` accounts and addresses, forgetting the oldest first', () => {
    let now = 0;
    const limiter = new LoginLimiter({
      accountFailures: 3,
      backoffMs: 1000,
      backoffMaxMs: 60_000,
      addressAccounts: 5,
      addressWindowMs: 60_000,
      tracked: 50,
      now: () => now,
      isKnown: (name) => name === 'district',
    });
    for (let i = 0; i < 5000; i++) {
      now++;
      const attempt = limiter.begin(`user-${i}`, `10.${i >> 8}.${i & 255}.1`);
      if (attempt.ok) attempt.failed();
    }
    expect(limiter.size().accounts).toBeLessThanOrEqual(50);
    expect(limiter.size().addresses).toBeLessThanOrEqual(50);
  });

  it('keeps a known account backing off however many unknown names are sprayed', () => {
    let now = 0;
    const limiter = new LoginLimiter({
      accountFailures: 1,
      backoffMs: 60_000,
      backoffMaxMs: 60_000,
      addressAccounts: 1000,
      addressWindowMs: 60_000,
      tracked: 10,
      now: () => now,
      isKnown: (name) => name === 'district',
    });
    const first = limiter.begin('district', '10.0.0.1');
    if (first.ok) first.failed();
    for (let i = 0; i < 100; i++) {
      const attempt = limiter.begin(`nobody-${i}`, `10.1.0.${i}`);
      if (attempt.ok) attempt.failed();
    }
    now += 1000;
    expect(limiter.begin('district', '10.2.0.1')).toMatchObject({ ok: false, code: 'LOUYU_LOGIN_BACKOFF' });
  });

  it('counts attempts in flight: parallel guesses at one account cannot all get through', () => {
    const limiter = new LoginLimiter({
      accountFailures: 3,
      backoffMs: 1000,
      backoffMaxMs: 60_000,
      addressAccounts: 100,
      addressWindowMs: 60_000,
      tracked: 100,
      now: () => 0,
      isKnown: () => true,
    });
    const admitted = Array.from({ length: 20 }, (_, i) => limiter.begin('district', `10.0.0.${i}`)).filter(
      (a) => a.ok,
    );
    expect(admitted).toHaveLength(3);
  });
});

describe('trustProxy option', () => {
  it('accepts hop counts, addresses and networks, and refuses the rest naming the option', () => {
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,loopback')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    expect(() => parseTrustProxy('true')).toThrow(/any client could choose its own address/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustProxy('proxy.example')).toThrow(/proxy\.example/);
  });

  it('stops the app being built with a bad value, naming trustProxy', async () => {
    await expect(
      buildApp({
        registry: smallRegistry(),
        store: undefined as never,
        users: new UserDirectory([]),
        jwtSecret: SECRET,
        options: { trustProxy: ['not-an-address'] },
      }),
    ).rejects.toThrow(/trustProxy/);
  });
});
