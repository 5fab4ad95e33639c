import { SEGMENT_PATTERN } from '@louyu/core';
import { DECOY_HASH, verifyPassword, type PasswordHash } from './password.ts';

/** What an account may do: see acl/rules.ts. */
export type Role = 'gateway' | 'service' | 'admin';
export const ROLES: readonly Role[] = ['gateway', 'service', 'admin'];

/** One account in the operator's credentials file. */
export interface Credential {
  username: string;
  role: Role;
  /** The one building a gateway account publishes for; absent for other roles. */
  building?: string;
  password: PasswordHash;
  createdAt: string;
  rotatedAt?: string;
}

/** The credentials file as stored on disk. */
export interface CredentialsDocument {
  version: 1;
  credentials: Credential[];
}

/** Usernames are plain ASCII so they log and print safely. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/;

/** Where the broker looks accounts up; the in-memory store and the watched file both provide it. */
export interface CredentialSource {
  find(username: string): Promise<Credential | undefined>;
  /** Tells of accounts removed or changed while clients are connected; see WatchedCredentialsFile. */
  onChange?(listener: (changed: ReadonlySet<string>) => void): () => void;
}

/** A set of accounts in memory; the file functions in file.ts load and save it. */
export class CredentialStore implements CredentialSource {
  readonly #byName = new Map<string, Credential>();

  constructor(credentials: Iterable<Credential> = []) {
    for (const c of credentials) this.put(c);
  }

  find(username: string): Promise<Credential | undefined> {
    return Promise.resolve(this.#byName.get(username));
  }

  get(username: string): Credential | undefined {
    return this.#byName.get(username);
  }

  /** Adds or replaces an account after checking it. */
  put(credential: Credential): void {
    checkCredential(credential);
    this.#byName.set(credential.username, credential);
  }

  delete(username: string): boolean {
    return this.#byName.delete(username);
  }

  list(): Credential[] {
    return [...this.#byName.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  toDocument(): CredentialsDocument {
    return { version: 1, credentials: this.list() };
  }

  /** Builds a store from a parsed file, naming the first bad entry. */
  static fromDocument(doc: unknown, origin = 'credentials'): CredentialStore {
    if (!isRecord(doc) || doc.version !== 1 || !Array.isArray(doc.credentials)) {
      throw new Error(`${origin}: expected {"version": 1, "credentials": [...]}`);
    }
    const store = new CredentialStore();
    doc.credentials.forEach((entry, i) => {
      try {
        store.put(entry as Credential);
      } catch (err) {
        throw new Error(`${origin}: credentials[${i}]: ${(err as Error).message}`);
      }
    });
    return store;
  }
}

/**
 * Checks a username and password against a source. Unknown users cost the same scrypt work as known
 * ones, so timing does not reveal which usernames exist.
 */
export async function verifyCredential(
  source: CredentialSource,
  username: string,
  password: string | Buffer,
): Promise<Credential | null> {
  const found = await source.find(username);
  const ok = await verifyPassword(password, found?.password ?? DECOY_HASH);
  return found && ok ? found : null;
}

function checkCredential(c: Credential): void {
  if (!isRecord(c)) throw new Error('an account must be an object');
  if (typeof c.username !== 'string' || !USERNAME_PATTERN.test(c.username)) {
    throw new Error(`username must match ${USERNAME_PATTERN.source}`);
  }
  if (!ROLES.includes(c.role)) throw new Error(`${c.username}: role must be one of ${ROLES.join(', ')}`);
  if (c.role === 'gateway') {
    if (typeof c.building !== 'string' || !SEGMENT_PATTERN.test(c.building)) {
      throw new Error(`${c.username}: a gateway needs a building id matching ${SEGMENT_PATTERN.source}`);
    }
  } else if (c.building !== undefined) {
    throw new Error(`${c.username}: only gateway accounts are bound to a building`);
  }
  if (!isPasswordHash(c.password)) {
    throw new Error(
      `${c.username}: password must be an scrypt record {algorithm, N, r, p, salt, hash} or a generated secret's {algorithm: "sha256", salt, hash}`,
    );
  }
}

function isPasswordHash(value: unknown): value is PasswordHash {
  if (!isRecord(value) || typeof value.salt !== 'string' || typeof value.hash !== 'string') return false;
  if (value.algorithm === 'sha256') return true;
  return (
    value.algorithm === 'scrypt' &&
    Number.isInteger(value.N) &&
    Number.isInteger(value.r) &&
    Number.isInteger(value.p)
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
