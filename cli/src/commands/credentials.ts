import path from 'node:path';
import {
  addCredential,
  listCredentials,
  revokeCredential,
  rotateCredential,
  ROLES,
  type Role,
} from '@louyu/broker';
import { CommanderError, type Command } from 'commander';
import { COMMON } from '../common-options.ts';
import { addOptions, resolveOptions } from '../define.ts';
import type { Io } from '../io.ts';
import { ConfigError, parsers } from '../options.ts';

const OPTIONS = {
  dataDir: COMMON.dataDir,
  credentials: {
    flag: 'credentials',
    description: 'credentials file (default: <data-dir>/credentials.json)',
    parse: parsers.text,
  },
};

/** `louyu credentials add|rotate|revoke|list`: the MQTT accounts of gateways and services. */
export function registerCredentials(program: Command, io: Io): void {
  const command = program.command('credentials').description('manage MQTT accounts (gateways, services)');
  const fileOf = (given: Record<string, unknown>) => {
    const o = resolveOptions(OPTIONS, given);
    return o.credentials ?? path.join(o.dataDir, 'credentials.json');
  };

  addOptions(
    command.command('add <username>').description('add an account and print its password once'),
    OPTIONS,
  )
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--building <id>', 'the building a gateway publishes for (gateways only)')
    .action(async (username: string, given: Record<string, unknown>) => {
      const role = String(given.role);
      if (!(ROLES as readonly string[]).includes(role))
        throw new ConfigError('--role', `must be one of ${ROLES.join(', ')}, got "${role}"`);
      const building = typeof given.building === 'string' ? given.building : undefined;
      const issued = await addCredential(fileOf(given), {
        username,
        role: role as Role,
        ...(building ? { building } : {}),
      });
      io.stdout.write(
        `added ${issued.username} (${issued.role}${issued.building ? `, ${issued.building}` : ''})\npassword: ${issued.password}\n`,
      );
    });

  addOptions(
    command.command('rotate <username>').description('issue a new password and print it once'),
    OPTIONS,
  ).action(async (username: string, given: Record<string, unknown>) => {
    const issued = await rotateCredential(fileOf(given), username);
    io.stdout.write(`rotated ${issued.username}\npassword: ${issued.password}\n`);
  });

  addOptions(command.command('revoke <username>').description('remove an account'), OPTIONS).action(
    async (username: string, given: Record<string, unknown>) => {
      const removed = await revokeCredential(fileOf(given), username);
      io.stdout.write(removed ? `revoked ${username}\n` : `no account named ${username}\n`);
      // Exit 1 without a further message: the line above says why.
      if (!removed) throw new CommanderError(1, 'louyu.credentials.unknown', `no account named ${username}`);
    },
  );

  addOptions(command.command('list').description('list accounts (never passwords)'), OPTIONS).action(
    async (given: Record<string, unknown>) => {
      for (const c of await listCredentials(fileOf(given))) {
        io.stdout.write(
          `${c.username}\t${c.role}\t${c.building ?? '-'}\tcreated ${c.createdAt}${c.rotatedAt ? `\trotated ${c.rotatedAt}` : ''}\n`,
        );
      }
    },
  );
}
