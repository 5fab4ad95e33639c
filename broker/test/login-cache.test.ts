import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { VerifiedLogins } from '../src/credentials/login-cache.ts';
import {
  addCredential,
  CredentialStore,
  hashPassword,
  revokeCredential,
  rotateCredential,
  type Credential,
  type RunningBroker,
} from '../src/index.ts';
import { connackCode, startTestBroker } from './helpers.ts';

// Every MQTT login ran scrypt: about 8 connects/s, so 2,000 gateways reconnecting took minutes, and on a
// busy machine clients that gave up and retried queued more checks than got done (issue 18, item 4;
// issue 14, item 7). A password is now checked once per credential change.
const createdAt = new Date(0).toISOString();
const PASSWORD = Buffer.from('a-password-someone-chose');

async function gateway(username: string, password: Buffer = PASSWORD): Promise<Credential> {
  return {
    username,
    role: 'gateway',
    building: 'hp001',
    password: await hashPassword(password.toString()),
    createdAt,
  };
}

describe('verified logins (in memory)', () => {
  test('a chosen password is derived once, however often and however many connect with it', async () => {
    const store = new CredentialStore([await gateway('gw-1')]);
    const logins = new VerifiedLogins(2);
    const first = await Promise.all(Array.from({ length: 20 }, () => logins.check(store, 'gw-1', PASSWORD)));
    expect(first.every((o) => o.ok)).toBe(true);
    expect(logins.checks).toBe(1);
    for (let i = 0; i < 5; i++) expect((await logins.check(store, 'gw-1', PASSWORD)).ok).toBe(true);
    expect(logins.checks).toBe(1);
  });

  test('a wrong password is never remembered, and never opens the account', async () => {
    const store = new CredentialStore([await gateway('gw-1')]);
    const logins = new VerifiedLogins(2);
    expect((await logins.check(store, 'gw-1', PASSWORD)).ok).toBe(true);
    const wrong = Buffer.from('not-the-password');
    expect(await logins.check(store, 'gw-1', wrong)).toEqual({ ok: false, abandoned: false });
    expect(await logins.check(store, 'gw-1', wrong)).toEqual({ ok: false, abandoned: false });
    expect(logins.checks).toBe(3);
    expect(await logins.check(store, 'nobody', PASSWORD)).toEqual({ ok: false, abandoned: false });
  });

  test('a rotated password is checked afresh: the old one fails, the new one works; a revoked account fails at once', async () => {
    const store = new CredentialStore([await gateway('gw-1')]);
    const logins = new VerifiedLogins(2);
    expect((await logins.check(store, 'gw-1', PASSWORD)).ok).toBe(true);
    const next = Buffer.from('the-rotated-password');
    store.put(await gateway('gw-1', next));
    expect((await logins.check(store, 'gw-1', PASSWORD)).ok).toBe(false);
    expect((await logins.check(store, 'gw-1', next)).ok).toBe(true);
    // The same password hashed again (another salt) is another credential: checked again, once.
    const checks = logins.checks;
    store.put(await gateway('gw-1', next));
    expect((await logins.check(store, 'gw-1', next)).ok).toBe(true);
    expect(logins.checks).toBe(checks + 1);
    store.delete('gw-1');
    expect((await logins.check(store, 'gw-1', next)).ok).toBe(false);
  });

  test('a client that left before a check could start costs no key derivation', async () => {
    const store = new CredentialStore([await gateway('gw-1'), await gateway('gw-2')]);
    const logins = new VerifiedLogins(1);
    let stillThere = true;
    const running = logins.check(store, 'gw-1', PASSWORD);
    const waiting = logins.check(store, 'gw-2', PASSWORD, () => stillThere);
    stillThere = false;
    expect((await running).ok).toBe(true);
    expect(await waiting).toEqual({ ok: false, abandoned: true });
    expect(logins.checks).toBe(1);
  });
});

describe('verified logins at the broker, with the credentials file', () => {
  let dir: string;
  let file: string;
  let broker: RunningBroker;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-logins-'));
    file = join(dir, 'credentials.json');
    await addCredential(file, {
      username: 'gw-a',
      role: 'gateway',
      building: 'hpa',
      password: 'first-chosen-password',
    });
    broker = await startTestBroker({ credentialsFile: file });
  });
  afterAll(async () => {
    await broker?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a remembered login stops working the moment the account is rotated or revoked', async () => {
    const port = broker.ports.mqtt;
    expect(await connackCode(port, { username: 'gw-a', password: 'first-chosen-password' })).toBe(0);
    expect(await connackCode(port, { username: 'gw-a', password: 'first-chosen-password' })).toBe(0);
    await rotateCredential(file, 'gw-a', 'second-chosen-password');
    expect(await connackCode(port, { username: 'gw-a', password: 'first-chosen-password' })).toBe(4);
    expect(await connackCode(port, { username: 'gw-a', password: 'second-chosen-password' })).toBe(0);
    expect(await revokeCredential(file, 'gw-a')).toBe(true);
    expect(await connackCode(port, { username: 'gw-a', password: 'second-chosen-password' })).toBe(4);
  });
});
