import { INGEST_OPTION_NAMES, ingestEnvName, runIngest } from '@louyu/ingest';
import type { Command } from 'commander';

/**
 * `louyu ingest`: MQTT -> spool -> store on its own. Its options (spool, batching, MQTT account, store)
 * are declared and checked by ingest itself, with the same flag and LOUYU_* names as everywhere else.
 */
export function registerIngest(program: Command): void {
  const options = INGEST_OPTION_NAMES.map((name) => `  --${name} <value>  [${ingestEnvName(name)}]`).join(
    '\n',
  );
  program
    .command('ingest')
    .description('run ingest alone: subscribe to the broker, spool to disk, write to the store')
    .addHelpText('after', `\nOptions (each also from its environment variable):\n${options}\n`)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .helpOption('-h, --help', 'show the options')
    .action(async (_options: unknown, command: Command) => {
      await runIngest(command.args, process.env);
      // runIngest returns once ingest runs; the process lives until SIGTERM or SIGINT flushes and exits.
      await new Promise<never>(() => {});
    });
}
