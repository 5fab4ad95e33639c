import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../options.ts';
import { writeSecret } from './accounts.ts';

/**
 * The dashboard's session signing secret: LOUYU_JWT_SECRET when set, else one generated once and kept
 * in the data folder, so sessions survive a restart.
 */
export async function ensureJwtSecret(dataDir: string, env = process.env): Promise<string> {
  const given = env.LOUYU_JWT_SECRET;
  if (given !== undefined) {
    if (given.length < 32) throw new ConfigError('LOUYU_JWT_SECRET', 'must have at least 32 characters');
    return given;
  }
  const file = path.join(dataDir, 'jwt-secret');
  try {
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept.length >= 32) return kept;
  } catch {
    // Not there yet: make one below.
  }
  const secret = randomBytes(48).toString('base64url');
  await writeSecret(file, secret);
  return secret;
}
