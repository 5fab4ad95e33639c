import type { Command } from 'commander';
import { COMMON } from '../common-options.ts';
import { addEnvironment, addOptions, resolveOptions } from '../define.ts';
import type { Io } from '../io.ts';
import { parsers } from '../options.ts';
import { ensureJwtSecret } from '../setup/jwt-secret.ts';
import { ensureLocalAccounts, SERVICE_USERNAME } from '../setup/accounts.ts';
import { loadRegistry, REGISTRY_OPTION } from './district.ts';

const OPTIONS = {
  dataDir: COMMON.dataDir,
  registry: REGISTRY_OPTION,
  servicePassword: {
    flag: 'service-password',
    description: `password of the ${SERVICE_USERNAME} MQTT account that ingest and the dashboard use (generated when absent)`,
    parse: parsers.text,
  },
};

/**
 * `louyu setup`: prepares a data folder for parts that run apart (docker-compose): a gateway account per
 * building of the registry (their passwords for the simulator), the service account, the session secret.
 * Running it again keeps what exists.
 */
export function registerSetup(program: Command, io: Io): void {
  const command = program
    .command('setup')
    .description('prepare a data folder: MQTT accounts for every building and the services');
  addEnvironment(command, [
    {
      name: 'LOUYU_JWT_SECRET',
      description:
        'session signing secret, at least 32 characters; the data folder keeps a generated one when absent',
    },
  ]);
  addOptions(command, OPTIONS).action(async (given: Record<string, unknown>) => {
    const o = resolveOptions(OPTIONS, given);
    const registry = await loadRegistry(o.registry);
    const accounts = await ensureLocalAccounts(o.dataDir, registry, o.servicePassword);
    await ensureJwtSecret(o.dataDir);
    io.stdout.write(
      `${accounts.created ? 'prepared' : 'kept'} ${o.dataDir}: ${registry.buildings.length} gateway accounts (passwords in ${accounts.simulatorCredentialsFile}), ` +
        `service account ${SERVICE_USERNAME}\n`,
    );
  });
}
