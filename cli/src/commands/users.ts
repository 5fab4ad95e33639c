import { addUserToFile } from '@louyu/dashboard-server';
import type { Command } from 'commander';
import type { Role } from '@louyu/core';
import { COMMON } from '../common-options.ts';
import { addEnvironment, addOptions, resolveOptions } from '../define.ts';
import type { Io } from '../io.ts';
import { ConfigError } from '../options.ts';
import { usersFileOf } from '../setup/users.ts';
import { loadRegistry, REGISTRY_OPTION } from './district.ts';

const OPTIONS = { dataDir: COMMON.dataDir, registry: REGISTRY_OPTION };

/** `louyu users add`: the dashboard's people (district staff, property managers, admins). */
export function registerUsers(program: Command, io: Io): void {
  const command = program.command('users').description('manage dashboard users');
  const add = addEnvironment(
    command.command('add <username>').description('add or replace a dashboard user'),
    [{ name: 'LOUYU_USER_PASSWORD', description: "the new user's password (kept out of the shell history)" }],
  );
  addOptions(add, OPTIONS)
    .requiredOption(
      '--role <role>',
      'district (everything), manager (assigned buildings), admin (also users and the audit log) or viewer (read-only, for a wall display)',
    )
    .option('--building <id...>', 'buildings a manager looks after (repeatable)')
    .option('--name <name>', 'display name')
    .action(async (username: string, given: Record<string, unknown>) => {
      const o = resolveOptions(OPTIONS, given);
      const password = process.env.LOUYU_USER_PASSWORD;
      if (!password)
        throw new ConfigError(
          'LOUYU_USER_PASSWORD',
          "must hold the new user's password (kept out of the shell history)",
        );
      const registry = await loadRegistry(o.registry);
      const buildings = Array.isArray(given.building) ? given.building.map(String) : [];
      const record = await addUserToFile(
        usersFileOf(o.dataDir),
        {
          username,
          password,
          role: String(given.role) as Role,
          buildings,
          ...(typeof given.name === 'string' ? { name: given.name } : {}),
        },
        registry,
      );
      io.stdout.write(
        `added ${record.username} (${record.role}${record.buildings.length ? `: ${record.buildings.join(', ')}` : ''}) to ${usersFileOf(o.dataDir)}\n`,
      );
    });
}
