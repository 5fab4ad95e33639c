import { readFile, rename, writeFile } from 'node:fs/promises';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { Registry } from '@louyu/core';
import { ROLES, type Me, type Role } from '@louyu/core';
import { hashPassword, verifyPassword } from './password.ts';

/** One user as the users file stores it. */
export const UserRecordSchema = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9_.@-]{1,64}$' }),
    name: Type.String({ minLength: 1, maxLength: 128 }),
    role: Type.Enum(ROLES),
    /** Building ids a manager may see; ignored for district and admin users. */
    buildings: Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' })),
    /** `scrypt$N$r$p$salt$hash`, never the password. */
    password: Type.String({ pattern: '^scrypt\\$' }),
  },
  { additionalProperties: false },
);
export type UserRecord = Type.Static<typeof UserRecordSchema>;

export const UsersFileSchema = Type.Object(
  { users: Type.Array(UserRecordSchema) },
  { additionalProperties: false },
);
export type UsersFile = Type.Static<typeof UsersFileSchema>;

const checkFile = Compile(UsersFileSchema);

/** The users the dashboard knows, by username. Lookups are in memory; the file is read once. */
export class UserDirectory {
  readonly #byName = new Map<string, UserRecord>();
  // A fixed hash to verify against when the user does not exist, so a wrong username costs as much time
  // as a wrong password and login timing does not reveal which usernames exist.
  #decoy: Promise<string> | undefined;

  constructor(users: readonly UserRecord[]) {
    for (const user of users) {
      if (this.#byName.has(user.username)) throw new Error(`users: "${user.username}" is listed twice`);
      this.#byName.set(user.username, user);
    }
  }

  get size(): number {
    return this.#byName.size;
  }

  find(username: string): UserRecord | undefined {
    return this.#byName.get(username);
  }

  /** The user when the password is right; undefined otherwise (unknown user or wrong password alike). */
  async verify(username: string, password: string): Promise<UserRecord | undefined> {
    const user = this.#byName.get(username);
    if (!user) {
      this.#decoy ??= hashPassword('louyu-decoy');
      await verifyPassword(password, await this.#decoy);
      return undefined;
    }
    return (await verifyPassword(password, user.password)) ? user : undefined;
  }
}

/** True when `user` may see `building`: district and admin users see all, a manager only assigned ones. */
export function canSeeBuilding(user: Pick<UserRecord, 'role' | 'buildings'>, building: string): boolean {
  return user.role !== 'manager' || user.buildings.includes(building);
}

/** The buildings of the registry `user` may see, in registry order. */
export function visibleBuildings(user: Pick<UserRecord, 'role' | 'buildings'>, registry: Registry): string[] {
  return registry.buildings.map((b) => b.id).filter((id) => canSeeBuilding(user, id));
}

/** The user as `/api/me` shows it. */
export function meOf(user: UserRecord, registry: Registry): Me {
  return {
    username: user.username,
    name: user.name,
    role: user.role,
    buildings: visibleBuildings(user, registry),
  };
}

/** Reads and checks a users file; the error names the file and the first problem. */
export async function loadUsersFile(path: string): Promise<UserRecord[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`users file ${path}: ${(error as Error).message}`);
  }
  if (!checkFile.Check(value)) {
    const first = checkFile.Errors(value)[0];
    throw new Error(
      `users file ${path}: ${first?.instancePath || '/'} ${first?.message ?? 'is not a users file'}`,
    );
  }
  return value.users;
}

/** What `louyu users add` asks for. */
export interface NewUser {
  username: string;
  name?: string;
  password: string;
  role: Role;
  buildings?: string[];
}

/** Builds a user record with a hashed password; checks the role and the buildings against the registry. */
export async function createUserRecord(input: NewUser, registry?: Registry): Promise<UserRecord> {
  if (!(ROLES as readonly string[]).includes(input.role))
    throw new Error(`role "${input.role}" must be one of ${ROLES.join(', ')}`);
  if (input.password.length < 8) throw new Error('password must have at least 8 characters');
  const buildings = input.buildings ?? [];
  if (input.role === 'manager' && buildings.length === 0)
    throw new Error('a manager needs at least one building (--building)');
  for (const id of buildings)
    if (registry && !registry.byId.has(id)) throw new Error(`building "${id}" is not in the registry`);
  const record: UserRecord = {
    username: input.username,
    name: input.name ?? input.username,
    role: input.role,
    buildings,
    password: await hashPassword(input.password),
  };
  if (!Compile(UserRecordSchema).Check(record))
    throw new Error(`username "${input.username}" must match ^[A-Za-z0-9_.@-]{1,64}$`);
  return record;
}

/**
 * Adds (or replaces) a user in a users file, creating the file when it does not exist. Writes through a
 * temporary file and a rename, so a crash never leaves half a file. For `louyu users add`.
 */
export async function addUserToFile(path: string, input: NewUser, registry?: Registry): Promise<UserRecord> {
  let users: UserRecord[] = [];
  try {
    users = await loadUsersFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !String(error).includes('ENOENT')) throw error;
  }
  const record = await createUserRecord(input, registry);
  users = [...users.filter((u) => u.username !== record.username), record];
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ users } satisfies UsersFile, null, 2) + '\n', { mode: 0o600 });
  await rename(temporary, path);
  return record;
}

/** Demo accounts (`--demo` only): passwords are public, so never create them otherwise. */
export const DEMO_PASSWORD = 'louyu-demo';

/** A district user, an admin, and a manager of the registry's first building. */
export async function demoUsers(registry: Registry): Promise<UserRecord[]> {
  const first = registry.buildings[0]?.id;
  const password = await hashPassword(DEMO_PASSWORD);
  return [
    { username: 'district', name: '区楼宇办 (demo)', role: 'district', buildings: [], password },
    { username: 'admin', name: 'Admin (demo)', role: 'admin', buildings: [], password },
    {
      username: 'manager',
      name: '物业经理 (demo)',
      role: 'manager',
      buildings: first ? [first] : [],
      password,
    },
  ];
}
