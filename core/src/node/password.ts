// The one password module of Louyu, for the MQTT accounts (broker) and the dashboard's users alike. Node only
// (node:crypto), so it is its own entry point, `@louyu/core/password`, and never reaches the browser bundle.
//
// Two stored forms are read: the credentials file's JSON record ({algorithm, N, r, p, salt, hash}, or a
// generated secret's {algorithm: "sha256", salt, hash}) and the users file's string `scrypt$N$r$p$salt$hash`.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** A password someone chose: scrypt with its parameters and salt, so the cost can rise later. */
export interface ScryptHash {
  algorithm: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
  /**
   * 'NFC': the password was Unicode-normalised before hashing, so the same password typed on another
   * keyboard (composed or decomposed characters) matches. Records written before both modules became
   * one have no mark and were hashed as given.
   */
  normalize?: 'NFC';
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

/** A stored password, in either form; {@link verifyPassword} reads both (and the users file's string). */
export type PasswordHash = ScryptHash | GeneratedSecretHash;

// N = 2^15 with r = 8: 32 MiB and ~50-100 ms per check on this machine's cores, enough to make guessing a
// chosen password slow while a sign-in stays quick. Stored with each hash, so raising it breaks nothing.
const COST = { N: 1 << 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const STRING_PREFIX = 'scrypt';

function derive(
  password: string | Buffer,
  salt: Buffer,
  cost: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128 * N * r bytes, plus headroom.
    const maxmem = 128 * cost.N * cost.r * 2;
    scrypt(password, salt, KEY_BYTES, { N: cost.N, r: cost.r, p: cost.p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function nfc(password: string | Buffer): string {
  return (typeof password === 'string' ? password : password.toString('utf8')).normalize('NFC');
}

function sha256(salt: Buffer, secret: string | Buffer): Buffer {
  return createHash('sha256').update(salt).update(secret).digest();
}

/** Hashes a chosen password with scrypt and a fresh random salt. */
export async function hashPassword(password: string): Promise<ScryptHash> {
  const salt = randomBytes(16);
  const key = await derive(nfc(password), salt, COST);
  return {
    algorithm: 'scrypt',
    ...COST,
    salt: salt.toString('base64'),
    hash: key.toString('base64'),
    normalize: 'NFC',
  };
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

/** The users file's form of a scrypt hash: `scrypt$N$r$p$salt$hash` (always of the NFC-normalised password). */
export function formatHash(stored: ScryptHash): string {
  return [STRING_PREFIX, stored.N, stored.r, stored.p, stored.salt, stored.hash].join('$');
}

/** Reads `scrypt$N$r$p$salt$hash`; undefined when malformed. */
export function parseHash(text: string): ScryptHash | undefined {
  const parts = text.split('$');
  if (parts.length !== 6 || parts[0] !== STRING_PREFIX) return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!N || !r || !p) return undefined;
  return { algorithm: 'scrypt', N, r, p, salt: parts[4]!, hash: parts[5]!, normalize: 'NFC' };
}

/** True when `password` matches `stored` (constant-time compare); false for a malformed hash. */
export async function verifyPassword(
  password: string | Buffer,
  stored: PasswordHash | string,
): Promise<boolean> {
  const record = typeof stored === 'string' ? parseHash(stored) : stored;
  if (!record) return false;
  const expected = Buffer.from(record.hash, 'base64');
  if (expected.length !== KEY_BYTES) return false;
  const salt = Buffer.from(record.salt, 'base64');
  const key =
    record.algorithm === 'sha256'
      ? sha256(salt, password)
      : await derive(record.normalize === 'NFC' ? nfc(password) : password, salt, record);
  return timingSafeEqual(key, expected);
}

/** A hash no password matches, checked for unknown users so their answer takes as long as a known one's. */
export const DECOY_HASH: ScryptHash = {
  algorithm: 'scrypt',
  ...COST,
  salt: Buffer.alloc(16).toString('base64'),
  hash: Buffer.alloc(KEY_BYTES).toString('base64'),
  normalize: 'NFC',
};
