import path from 'node:path';
import type { Registry } from '@louyu/core';
import { demoUsers, UserDirectory } from '@louyu/dashboard-server';

/** Where the dashboard's users live in a data folder. */
export function usersFileOf(dataDir: string): string {
  return path.join(dataDir, 'users.json');
}

/**
 * The dashboard's users: those in the data folder's users file, plus the demo users in demo mode (a
 * file user of the same name wins). The directory follows the file (the CLI's changes while the dashboard
 * runs) and writes the web app's changes to it. Without demo mode an empty file stops start-up with what
 * to do.
 */
export async function dashboardUsers(
  dataDir: string,
  demo: boolean,
  registry: Registry,
): Promise<UserDirectory> {
  const file = usersFileOf(dataDir);
  const users = await UserDirectory.open(file, demo ? await demoUsers(registry) : []);
  if (users.size === 0) {
    throw new Error(`no dashboard users in ${file}: add one with \`louyu users add\`, or start with --demo`);
  }
  return users;
}
