import { runIngest } from '@louyu/ingest';
import type { Command } from 'commander';

/**
 * `louyu ingest`: MQTT -> spool -> store on its own. Its options (spool, batching, MQTT account, store)
 * are declared and checked by ingest itself, with the same flag and LOUYU_* names as everywhere else.
 */
export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(
      'run ingest alone: subscribe to the broker, spool to disk, write to the store.\n' +
        'Options: --mqtt-url, --mqtt-username, --mqtt-password, --mqtt-client-id, --data-dir, --spool-dir,\n' +
        '--spool-max-bytes, --fsync (always | <ms>), --batch-size, --linger-ms, --influx, --influx-database,\n' +
        '--influx-token, --registry, --http-port (status, /metrics, /dead-letters); each also as LOUYU_<NAME>.',
    )
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (_options: unknown, command: Command) => {
      await runIngest(command.args, process.env);
      await new Promise<never>(() => {});
    });
}
