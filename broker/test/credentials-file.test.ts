import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  addCredential,
  listCredentials,
  loadCredentials,
  revokeCredential,
  rotateCredential,
  verifyCredential,
  type RunningBroker,
} from '../src/index.ts';
import { connackCode, startTestBroker } from './helpers.ts';

describe('the operator credentials file', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-creds-'));
    file = join(dir, 'credentials.json');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  test('add returns a generated password once and stores only its salted hash, mode 0600', async () => {
    const issued = await addCredential(file, { username: 'gw-hp010', role: 'gateway', building: 'hp010' });
    expect(issued.password.length).toBeGreaterThanOrEqual(32);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(issued.password);
    // A generated secret (192 random bits) gets the fast salted SHA-256; nothing could guess it anyway.
    expect((await loadCredentials(file)).get('gw-hp010')?.password.algorithm).toBe('sha256');
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      credentials: [{ username: 'gw-hp010', role: 'gateway', building: 'hp010' }],
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const store = await loadCredentials(file);
    expect(await verifyCredential(store, 'gw-hp010', issued.password)).toMatchObject({
      username: 'gw-hp010',
    });
    expect(await verifyCredential(store, 'gw-hp010', 'guess')).toBeNull();
  });

  test('add refuses a duplicate and a gateway without a building, naming the option', async () => {
    await expect(
      addCredential(file, { username: 'gw-hp010', role: 'gateway', building: 'hp010' }),
    ).rejects.toThrow(/exists/);
    await expect(addCredential(file, { username: 'gw-x', role: 'gateway' })).rejects.toThrow(/--building/);
    await expect(
      addCredential(file, { username: 'svc', role: 'service', building: 'hp001' }),
    ).rejects.toThrow(/--building/);
  });

  test('a password the operator chose is stored with scrypt; both kinds verify, and only their own password', async () => {
    await addCredential(file, {
      username: 'gw-hp011',
      role: 'gateway',
      building: 'hp011',
      password: 'chosen-by-a-person',
    });
    const store = await loadCredentials(file);
    expect(store.get('gw-hp011')?.password).toMatchObject({ algorithm: 'scrypt', N: 32768 });
    expect(await verifyCredential(store, 'gw-hp011', 'chosen-by-a-person')).not.toBeNull();
    expect(await verifyCredential(store, 'gw-hp011', 'chosen-by-a-persoN')).toBeNull();
    const generated = await rotateCredential(file, 'gw-hp011');
    const rotated = await loadCredentials(file);
    expect(rotated.get('gw-hp011')?.password.algorithm).toBe('sha256');
    expect(await verifyCredential(rotated, 'gw-hp011', generated.password)).not.toBeNull();
    expect(await verifyCredential(rotated, 'gw-hp011', 'chosen-by-a-person')).toBeNull();
    expect(await verifyCredential(rotated, 'gw-hp011', `${generated.password}x`)).toBeNull();
    expect(await revokeCredential(file, 'gw-hp011')).toBe(true);
  });

  test('rotate replaces the password: the old one stops working', async () => {
    const store0 = await loadCredentials(file);
    const before = store0.get('gw-hp010')?.password.hash;
    const rotated = await rotateCredential(file, 'gw-hp010');
    const store = await loadCredentials(file);
    expect(store.get('gw-hp010')?.password.hash).not.toBe(before);
    expect(store.get('gw-hp010')?.rotatedAt).toBeDefined();
    expect(await verifyCredential(store, 'gw-hp010', rotated.password)).not.toBeNull();
    await expect(rotateCredential(file, 'nobody')).rejects.toThrow(/no account "nobody"/);
  });

  test('list shows accounts without hashes; revoke removes one', async () => {
    await addCredential(file, { username: 'ingest', role: 'service', password: 'a-long-enough-secret' });
    const listed = await listCredentials(file);
    expect(listed.map((c) => c.username)).toEqual(['gw-hp010', 'ingest']);
    expect(JSON.stringify(listed)).not.toContain('salt');
    expect(await revokeCredential(file, 'ingest')).toBe(true);
    expect(await revokeCredential(file, 'ingest')).toBe(false);
    expect((await listCredentials(file)).map((c) => c.username)).toEqual(['gw-hp010']);
  });

  test('a broken file is refused with a message naming the file and entry', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ version: 1, credentials: [{ username: 'x', role: 'root' }] }));
    await expect(loadCredentials(bad)).rejects.toThrow(/bad\.json: credentials\[0\]: x: role must be one of/);
  });

  test('the running broker picks up added, rotated and revoked accounts without a restart', async () => {
    const liveFile = join(dir, 'live.json');
    const first = await addCredential(liveFile, { username: 'gw-hp020', role: 'gateway', building: 'hp020' });
    let broker: RunningBroker | undefined;
    try {
      broker = await startTestBroker({ credentialsFile: liveFile });
      const port = broker.ports.mqtt;
      expect(await connackCode(port, { username: 'gw-hp020', password: first.password })).toBe(0);
      const added = await addCredential(liveFile, {
        username: 'gw-hp021',
        role: 'gateway',
        building: 'hp021',
      });
      expect(await connackCode(port, { username: 'gw-hp021', password: added.password })).toBe(0);
      const rotated = await rotateCredential(liveFile, 'gw-hp020');
      expect(await connackCode(port, { username: 'gw-hp020', password: first.password })).toBe(4);
      expect(await connackCode(port, { username: 'gw-hp020', password: rotated.password })).toBe(0);
      await revokeCredential(liveFile, 'gw-hp020');
      expect(await connackCode(port, { username: 'gw-hp020', password: rotated.password })).toBe(4);
    } finally {
      await broker?.close();
    }
  });
});
