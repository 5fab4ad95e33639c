import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { Registry } from '@louyu/core';
import { ROLES, type Me, type Role } from '@louyu/core';
import { hashPassword } from './password.ts';

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
    /** A disabled user cannot sign in, and their sessions are refused from the next request on. */
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UserRecord = Type.Static<typeof UserRecordSchema>;

export const UsersFileSchema = Type.Object(
  { users: Type.Array(UserRecordSchema) },
  { additionalProperties: false },
);
export type UsersFile = Type.Static<typeof UsersFileSchema>;

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
  checkBuildings(input.role, buildings, registry);
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

/** Throws when a manager has no building or a building is not in the registry. */
export function checkBuildings(role: Role, buildings: readonly string[], registry?: Registry): void {
  if (role === 'manager' && buildings.length === 0)
    throw new Error('a manager needs at least one building (--building)');
  for (const id of buildings)
    if (registry && !registry.byId.has(id)) throw new Error(`building "${id}" is not in the registry`);
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
