import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** A stored password: scrypt with its parameters and salt, so parameters can be raised later. */
export interface PasswordHash {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

// N=2^14, r=8: 16 MiB and tens of milliseconds per check, a cost paid once per MQTT connect.
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

function derive(
  password: string | Buffer,
  salt: Buffer,
  params: ScryptOptions & { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128 * N * r bytes, plus headroom.
    const maxmem = 128 * params.N * params.r * 2;
    scrypt(password, salt, KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** Hashes a new password with a fresh random salt. */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return { algorithm: 'scrypt', ...PARAMS, salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** Checks a password against its stored hash in constant time. */
export async function verifyPassword(password: string | Buffer, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash no password matches, checked for unknown users so their answer takes as long as a known one's. */
export const DECOY_HASH: PasswordHash = {
  algorithm: 'scrypt',
  ...PARAMS,
  salt: Buffer.alloc(16).toString('base64'),
  hash: Buffer.alloc(KEY_BYTES).toString('base64'),
};

/** A random password for a new or rotated account: 24 bytes, base64url (32 characters). */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}
