import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, UserView } from '@louyu/core';
import { addUserToFile, UserDirectory } from '../src/index.ts';
import { POLL } from '../../../tests/harness/until.ts';
import { PASSWORD, startTestApp, testUsers, type TestApp } from './helpers/app.ts';
import { openSocket } from './helpers/sockets.ts';

// Admins manage the dashboard's users in the web app, through the same users file as `louyu users add`,
// and read an audit log of sign-ins and changes (issue 20, item 4).
describe('users and the audit log', () => {
  let t: TestApp;
  let folder: string;
  let usersFile: string;
  let admin: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'louyu-users-'));
    usersFile = join(folder, 'users.json');
    await writeFile(usersFile, JSON.stringify({ users: await testUsers() }));
    t = await startTestApp(
      { auditFile: join(folder, 'audit.db') },
      { users: await UserDirectory.open(usersFile) },
    );
    admin = await t.token('admin');
  });
  afterAll(async () => {
    await t.dispose();
    await rm(folder, { recursive: true, force: true });
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
  const login = (username: string, password = PASSWORD) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('lets an admin add a manager who can then sign in and sees only their building', async () => {
    const created = await call('POST', '/api/users', admin, {
      username: 'wang.li',
      name: '王丽',
      role: 'manager',
      buildings: ['healthy'],
      password: 'new-manager-pass',
    });
    expect(created.statusCode).toBe(200);
    expect(created.json<UserView>()).toEqual({
      username: 'wang.li',
      name: '王丽',
      role: 'manager',
      buildings: ['healthy'],
      disabled: false,
    });
    // Written to the users file the CLI uses, hashed.
    const file = await readFile(usersFile, 'utf8');
    expect(file).toContain('"wang.li"');
    expect(file).not.toContain('new-manager-pass');
    const signedIn = await login('wang.li', 'new-manager-pass');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json<{ user: { buildings: string[] } }>().user.buildings).toEqual(['healthy']);
  });

  it('refuses users for everyone but admins, and bad input with a reason', async () => {
    expect((await call('GET', '/api/users', await t.token('district'))).statusCode).toBe(403);
    expect((await call('GET', '/api/audit', await t.token('manager'))).statusCode).toBe(403);
    const duplicate = await call('POST', '/api/users', admin, {
      username: 'manager',
      role: 'district',
      password: 'long-enough-1',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json<{ code: string }>().code).toBe('LOUYU_USER_EXISTS');
    const unknownBuilding = await call('POST', '/api/users', admin, {
      username: 'zhao',
      role: 'manager',
      buildings: ['no-such-building'],
      password: 'long-enough-1',
    });
    expect(unknownBuilding.statusCode).toBe(400);
    expect(unknownBuilding.json<{ message: string }>().message).toContain(
      '"no-such-building" is not in the registry',
    );
    const weak = await call('POST', '/api/users', admin, {
      username: 'zhao',
      role: 'district',
      password: 'short',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json<{ message: string }>().message).toMatch(/password/);
  });

  it('disables a user: their sign-in and their session are refused from the next request', async () => {
    const session = (await login('wang.li', 'new-manager-pass')).json<{ token: string }>().token;
    expect((await call('GET', '/api/me', session)).statusCode).toBe(200);
    const disabled = await call('PATCH', '/api/users/wang.li', admin, { disabled: true });
    expect(disabled.json<UserView>().disabled).toBe(true);
    expect((await call('GET', '/api/me', session)).statusCode).toBe(401);
    expect((await login('wang.li', 'new-manager-pass')).statusCode).toBe(401);
    await call('PATCH', '/api/users/wang.li', admin, { disabled: false, password: 'reset-by-admin' });
    expect((await login('wang.li', 'new-manager-pass')).statusCode).toBe(401);
    expect((await login('wang.li', 'reset-by-admin')).statusCode).toBe(200);
  });

  it('never leaves the district without an active admin', async () => {
    const demote = await call('PATCH', '/api/users/admin', admin, { role: 'district' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json<{ code: string }>().code).toBe('LOUYU_LAST_ADMIN');
    expect((await call('PATCH', '/api/users/admin', admin, { disabled: true })).statusCode).toBe(409);
    expect((await call('GET', '/api/me', admin)).statusCode).toBe(200);
  });

  it('sees a user the CLI adds while the dashboard runs', async () => {
    await addUserToFile(usersFile, { username: 'from-cli', password: 'cli-password-1', role: 'district' });
    expect((await login('from-cli', 'cli-password-1')).statusCode).toBe(200);
    const names = (await call('GET', '/api/users', admin)).json<UserView[]>().map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['admin', 'wang.li', 'from-cli']));
  });

  it('a viewer reads the district but changes nothing', async () => {
    await call('POST', '/api/users', admin, { username: 'wall', role: 'viewer', password: 'wall-display-1' });
    const wall = (await login('wall', 'wall-display-1')).json<{ token: string }>().token;
    expect((await call('GET', '/api/district/summary', wall)).statusCode).toBe(200);
    const tenancy = await call('POST', '/api/buildings/healthy/tenancy', wall, {
      leasable_m2: 1,
      leased_m2: 1,
    });
    expect(tenancy.statusCode).toBe(403);
    expect(
      (await call('POST', '/api/notifications/rules', wall, { name: 'x', channels: [] })).statusCode,
    ).toBe(403);
  });

  it('records sign-ins, failed sign-ins and user changes, newest first, and exports them as CSV', async () => {
    await login('admin', 'wrong-password');
    const entries = (await call('GET', '/api/audit?limit=1000', admin)).json<AuditEntry[]>();
    const seen = entries.map((e) => `${e.action} ${e.actor} ${e.target}`);
    expect(seen[0]).toBe('login.failed admin admin');
    expect(seen).toEqual(
      expect.arrayContaining([
        'login.ok admin admin',
        'user.create admin wang.li',
        'user.disable admin wang.li',
        'user.enable admin wang.li',
        'login.ok wang.li wang.li',
      ]),
    );
    expect(JSON.stringify(entries)).not.toContain('reset-by-admin');
    expect(JSON.stringify(entries)).not.toContain('wrong-password');
    const failed = (await call('GET', '/api/audit?action=login.failed', admin)).json<AuditEntry[]>();
    expect(failed.every((e) => e.action === 'login.failed')).toBe(true);
    const csv = await call('GET', '/api/audit.csv?actor=admin', admin);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF时间 time,用户 user')).toBe(true);
    expect(csv.body).toContain('user.create');
  });

  it('records a tenancy entry with its actor and the figures entered', async () => {
    const manager = await t.token('manager');
    const entry = await call('POST', '/api/buildings/healthy/tenancy', manager, {
      leasable_m2: 20_000,
      leased_m2: 15_000,
      tenants: 40,
      tenants_by_industry: { trade: 10, tech: 20, finance: 5, culture: 3, other: 2 },
      registered_local: 30,
    });
    expect(entry.statusCode).toBe(200);
    const entries = (await call('GET', '/api/audit?action=tenancy.entry', admin)).json<AuditEntry[]>();
    expect(entries[0]).toMatchObject({ actor: 'manager', target: 'healthy' });
    expect(entries[0]!.detail).toContain('15000');
  });

  it('keeps the log across a restart', async () => {
    await t.restart();
    const entries = (await call('GET', '/api/audit?action=user.create', await t.token('admin'))).json<
      AuditEntry[]
    >();
    expect(entries.map((e) => e.target)).toContain('wang.li');
  });
});

describe('a disabled user’s live connection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.dispose());

  it('is closed by the server when an admin disables them', async () => {
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const { socket } = await openSocket(url, await t.token('manager-sp'));
    expect(socket.connected).toBe(true);
    let reason: string | undefined;
    socket.on('disconnect', (why) => (reason = why));
    const reply = await t.app.inject({
      method: 'PATCH',
      url: '/api/users/manager-sp',
      headers: { authorization: `Bearer ${await t.token('admin')}` },
      payload: { disabled: true },
    });
    expect(reply.statusCode).toBe(200);
    await expect.poll(() => reason, POLL).toBe('io server disconnect');
    socket.disconnect();
  });
});
