import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Registry } from '@louyu/core';
import { demoUsers, loadUsersFile, type UserRecord } from '@louyu/dashboard-server';

/** Where the dashboard's users live in a data folder. */
export function usersFileOf(dataDir: string): string {
  return path.join(dataDir, 'users.json');
}

/**
 * The dashboard's users: those in the data folder's users file, plus the demo users in demo mode (a
 * file user of the same name wins). Without demo mode an empty list stops start-up with what to do.
 */
export async function dashboardUsers(
  dataDir: string,
  demo: boolean,
  registry: Registry,
): Promise<UserRecord[]> {
  const file = usersFileOf(dataDir);
  const fromFile = existsSync(file) ? await loadUsersFile(file) : [];
  if (demo) {
    const names = new Set(fromFile.map((u) => u.username));
    return [...fromFile, ...(await demoUsers(registry)).filter((u) => !names.has(u.username))];
  }
  if (fromFile.length === 0) {
    throw new Error(`no dashboard users in ${file}: add one with \`louyu users add\`, or start with --demo`);
  }
  return fromFile;
}
