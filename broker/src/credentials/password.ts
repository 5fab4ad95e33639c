import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** A password someone chose: scrypt with its parameters and salt, so parameters can be raised later. */
export interface ScryptHash {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

/**
 * A secret Louyu generated (192 random bits, {@link generatePassword}): salted SHA-256. A slow hash
 * protects guessable passwords; nobody can guess 2^192, so scrypt's cost bought nothing for these and cost
 * every gateway login tens of milliseconds of a core (89 gateways reconnecting took seconds, 2,000 took
 * minutes). Kept apart from {@link ScryptHash} by its algorithm, and only ever made for generated secrets.
 */
export interface GeneratedSecretHash {
  algorithm: 'sha256';
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

/** A stored password, in either form; {@link verifyPassword} reads both. */
export type PasswordHash = ScryptHash | GeneratedSecretHash;

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
export async function hashPassword(password: string): Promise<ScryptHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return { algorithm: 'scrypt', ...PARAMS, salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** Hashes a secret made by {@link generatePassword} (never a chosen one): see {@link GeneratedSecretHash}. */
export function hashGeneratedSecret(secret: string): GeneratedSecretHash {
  const salt = randomBytes(16);
  return {
    algorithm: 'sha256',
    salt: salt.toString('base64'),
    hash: sha256(salt, secret).toString('base64'),
  };
}

/** Checks a password against its stored hash in constant time. */
export async function verifyPassword(password: string | Buffer, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const salt = Buffer.from(stored.salt, 'base64');
  const key = stored.algorithm === 'sha256' ? sha256(salt, password) : await derive(password, salt, stored);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

function sha256(salt: Buffer, secret: string | Buffer): Buffer {
  return createHash('sha256').update(salt).update(secret).digest();
}

/** A hash no password matches, checked for unknown users so their answer takes as long as a known one's. */
export const DECOY_HASH: ScryptHash = {
  algorithm: 'scrypt',
  ...PARAMS,
  salt: Buffer.alloc(16).toString('base64'),
  hash: Buffer.alloc(KEY_BYTES).toString('base64'),
};

/** A random password for a new or rotated account: 24 bytes, base64url (32 characters). */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * A password for an account and its stored hash: the chosen one with scrypt, or else a generated one
 * with the fast hash generated secrets can afford ({@link GeneratedSecretHash}).
 */
export async function issuePassword(chosen?: string): Promise<{ password: string; hash: PasswordHash }> {
  if (chosen !== undefined) return { password: chosen, hash: await hashPassword(chosen) };
  const password = generatePassword();
  return { password, hash: hashGeneratedSecret(password) };
}
