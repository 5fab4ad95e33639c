import { SEGMENT_PATTERN } from '@louyu/core';
import { loadCredentials, saveCredentials } from './file.ts';
import { issuePassword } from './password.ts';
import { ROLES, USERNAME_PATTERN, type Role } from './store.ts';

// The functions behind `louyu credentials add|rotate|revoke|list`. Each returns what the CLI prints;
// a generated password is returned exactly once and never stored in clear.

/** What `add` and `rotate` hand back: the only time the password is visible. */
export interface IssuedCredential {
  username: string;
  role: Role;
  building?: string;
  password: string;
}

/** One line of `louyu credentials list`; never includes hashes. */
export interface CredentialSummary {
  username: string;
  role: Role;
  building?: string;
  createdAt: string;
  rotatedAt?: string;
}

export interface AddCredentialOptions {
  username: string;
  role: Role;
  /** Required for gateways: the building they publish for. */
  building?: string;
  /** Use this password instead of generating one (e.g. for a device with a fixed secret). */
  password?: string;
}

/** Adds an account to the file; refuses a username that exists (use rotate). */
export async function addCredential(file: string, opts: AddCredentialOptions): Promise<IssuedCredential> {
  checkNew(opts);
  const store = await loadCredentials(file);
  if (store.get(opts.username))
    throw new Error(`account "${opts.username}" exists; rotate it or revoke it first`);
  const { password, hash } = await issuePassword(opts.password);
  store.put({
    username: opts.username,
    role: opts.role,
    ...(opts.role === 'gateway' ? { building: opts.building } : {}),
    password: hash,
    createdAt: new Date().toISOString(),
  });
  await saveCredentials(file, store);
  return {
    username: opts.username,
    role: opts.role,
    ...(opts.building ? { building: opts.building } : {}),
    password,
  };
}

/** Gives an account a new password; the old one stops working at the next connect. */
export async function rotateCredential(
  file: string,
  username: string,
  password?: string,
): Promise<IssuedCredential> {
  const store = await loadCredentials(file);
  const existing = store.get(username);
  if (!existing) throw new Error(`no account "${username}" in ${file}`);
  const { password: next, hash } = await issuePassword(password);
  store.put({ ...existing, password: hash, rotatedAt: new Date().toISOString() });
  await saveCredentials(file, store);
  return {
    username,
    role: existing.role,
    ...(existing.building ? { building: existing.building } : {}),
    password: next,
  };
}

/** Removes an account; returns false when there was none. */
export async function revokeCredential(file: string, username: string): Promise<boolean> {
  const store = await loadCredentials(file);
  if (!store.delete(username)) return false;
  await saveCredentials(file, store);
  return true;
}

/** Lists accounts without their hashes. */
export async function listCredentials(file: string): Promise<CredentialSummary[]> {
  const store = await loadCredentials(file);
  return store.list().map((c) => ({
    username: c.username,
    role: c.role,
    ...(c.building ? { building: c.building } : {}),
    createdAt: c.createdAt,
    ...(c.rotatedAt ? { rotatedAt: c.rotatedAt } : {}),
  }));
}

function checkNew(opts: AddCredentialOptions): void {
  if (!USERNAME_PATTERN.test(opts.username))
    throw new Error(`username must match ${USERNAME_PATTERN.source}`);
  if (!ROLES.includes(opts.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (opts.role === 'gateway' && (!opts.building || !SEGMENT_PATTERN.test(opts.building))) {
    throw new Error(`--building is required for a gateway and must match ${SEGMENT_PATTERN.source}`);
  }
  if (opts.role !== 'gateway' && opts.building)
    throw new Error('--building applies to gateway accounts only');
  if (opts.password !== undefined && opts.password.length < 12)
    throw new Error('--password must be at least 12 characters');
}
