// The users file (`<data-dir>/users.json`): read and checked, written whole through a rename.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { Compile } from 'typebox/compile';
import type { Registry } from '@louyu/core';
import { createUserRecord, UsersFileSchema, type NewUser, type UserRecord, type UsersFile } from './users.ts';

const checkFile = Compile(UsersFileSchema);

/** Reads and checks a users file; the error names the file and the first problem. */
export async function loadUsersFile(path: string): Promise<UserRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`users file ${path}: ${(error as Error).message}`);
  }
  return checkedUsers(path, text);
}

export function checkedUsers(path: string, text: string): UserRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
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

/** The users of a file, or none when it does not exist yet. */
export async function loadUsersFileOrNone(path: string): Promise<UserRecord[]> {
  try {
    return await loadUsersFile(path);
  } catch (error) {
    if (String(error).includes('ENOENT')) return [];
    throw error;
  }
}

/** Writes through a temporary file and a rename, so a crash or a reader never sees half a file. */
export async function writeUsersFile(path: string, users: readonly UserRecord[]): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ users: [...users] } satisfies UsersFile, null, 2) + '\n', {
    mode: 0o600,
  });
  await rename(temporary, path);
}

/**
 * Adds (or replaces) a user in a users file, creating the file when it does not exist. Writes through a
 * temporary file and a rename, so a crash never leaves half a file. For `louyu users add`.
 */
export async function addUserToFile(path: string, input: NewUser, registry?: Registry): Promise<UserRecord> {
  const users = await loadUsersFileOrNone(path);
  const record = await createUserRecord(input, registry);
  await writeUsersFile(path, [...users.filter((u) => u.username !== record.username), record]);
  return record;
}
