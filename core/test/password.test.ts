import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DECOY_HASH,
  formatHash,
  hashGeneratedSecret,
  hashPassword,
  issuePassword,
  parseHash,
  verifyPassword,
} from '../src/node/password.ts';

// One module for the broker's MQTT accounts and the dashboard's users: it must read every hash either of
// the two former modules wrote, and the forms it writes now.
describe('passwords', () => {
  it('hashes a chosen password with scrypt and checks it, in both stored forms', async () => {
    const record = await hashPassword('correct horse battery');
    expect(record).toMatchObject({ algorithm: 'scrypt', N: 32768, r: 8, p: 1, normalize: 'NFC' });
    expect(await verifyPassword('correct horse battery', record)).toBe(true);
    expect(await verifyPassword(Buffer.from('correct horse battery'), record)).toBe(true);
    expect(await verifyPassword('correct horse batterY', record)).toBe(false);
    const text = formatHash(record);
    expect(text).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(parseHash(text)).toEqual(record);
    expect(await verifyPassword('correct horse battery', text)).toBe(true);
    expect(await verifyPassword('wrong', text)).toBe(false);
  });

  it('matches a password typed with composed or decomposed characters alike', async () => {
    const composed = 'caf\u00e9-楼宇';
    const decomposed = 'cafe\u0301-楼宇';
    const record = await hashPassword(composed);
    expect(await verifyPassword(decomposed, record)).toBe(true);
    expect(await verifyPassword(Buffer.from(decomposed), record)).toBe(true);
  });

  it('reads what the two former modules wrote', async () => {
    const salt = randomBytes(16);
    // The dashboard's users file: `scrypt$N$r$p$salt$hash` of the NFC password, N = 2^15.
    const users = scryptSync('user-password'.normalize('NFC'), salt, 32, {
      N: 1 << 15,
      r: 8,
      p: 1,
      maxmem: 1 << 26,
    });
    const usersText = ['scrypt', 1 << 15, 8, 1, salt.toString('base64'), users.toString('base64')].join('$');
    expect(await verifyPassword('user-password', usersText)).toBe(true);
    // The broker's credentials file: a record of the password as given, N = 2^14, no normalisation mark.
    const raw = 'cafe\u0301';
    const broker = scryptSync(raw, salt, 32, { N: 1 << 14, r: 8, p: 1, maxmem: 1 << 26 });
    const record = {
      algorithm: 'scrypt' as const,
      N: 1 << 14,
      r: 8,
      p: 1,
      salt: salt.toString('base64'),
      hash: broker.toString('base64'),
    };
    expect(await verifyPassword(raw, record)).toBe(true);
    expect(await verifyPassword('caf\u00e9', record)).toBe(false);
  });

  it('stores generated secrets with salted SHA-256, and chosen ones with scrypt', async () => {
    const generated = await issuePassword();
    expect(generated.password).toHaveLength(32);
    expect(generated.hash.algorithm).toBe('sha256');
    expect(await verifyPassword(generated.password, generated.hash)).toBe(true);
    expect(await verifyPassword(`${generated.password}x`, generated.hash)).toBe(false);
    expect(hashGeneratedSecret('same').salt).not.toBe(hashGeneratedSecret('same').salt);
    expect((await issuePassword('chosen one')).hash.algorithm).toBe('scrypt');
  });

  it('refuses malformed hashes and matches nothing against the decoy', async () => {
    for (const bad of [
      '',
      'scrypt$1$2',
      'bcrypt$1$2$3$4$5',
      'scrypt$0$8$1$AAAA$AAAA',
      'scrypt$16384$8$1$AAAA$short',
    ])
      expect(await verifyPassword('anything', bad)).toBe(false);
    expect(await verifyPassword('', DECOY_HASH)).toBe(false);
  });
});
