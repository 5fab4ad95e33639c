import { SQLITE_SCHEMA_VERSION, sqliteSchemaVersion, upgradeSqliteFile } from '@louyu/store';
import type { Command } from 'commander';
import { COMMON } from '../common-options.ts';
import { addOptions, resolveOptions } from '../define.ts';
import type { Io } from '../io.ts';
import { ConfigError } from '../options.ts';
import { sqliteFileIn } from '../setup/store.ts';

const OPTIONS = { dataDir: COMMON.dataDir };

/** The embedded store's file in the data folder, as `louyu start` and `louyu ingest` open it. */
function storeFile(given: Record<string, unknown>): string {
  return sqliteFileIn(resolveOptions(OPTIONS, given).dataDir);
}

/** The file's schema version; a file that cannot be opened stops the command naming `--data-dir`. */
function versionOf(file: string): number {
  try {
    return sqliteSchemaVersion(file);
  } catch (error) {
    throw new ConfigError('--data-dir', `cannot open the store file ${file}: ${(error as Error).message}`);
  }
}

/**
 * `louyu store status|upgrade`: the embedded SQLite store's schema. A file written by an earlier Louyu keeps
 * working as it is; `upgrade` rewrites its rollup tables in the current key order (faster writes), which
 * copies every rollup row, so it runs when the operator chooses and not at a start.
 */
export function registerStore(program: Command, io: Io): void {
  const command = program
    .command('store')
    .description("show or upgrade the embedded SQLite store's schema (data/louyu.db)");

  addOptions(
    command.command('status').description("print the store file's schema and whether an upgrade is due"),
    OPTIONS,
  ).action((given: Record<string, unknown>) => {
    const file = storeFile(given);
    const version = versionOf(file);
    io.stdout.write(
      version >= SQLITE_SCHEMA_VERSION
        ? `${file}: schema ${version}, current\n`
        : `${file}: schema ${version}, upgrade to ${SQLITE_SCHEMA_VERSION} with \`louyu store upgrade\` (stop Louyu first)\n`,
    );
  });

  addOptions(
    command
      .command('upgrade')
      .description(
        'rewrite the store file to the current schema (rollups keyed series, bucket, field); stop Louyu first',
      ),
    OPTIONS,
  ).action((given: Record<string, unknown>) => {
    const file = storeFile(given);
    versionOf(file); // a file that cannot be opened is named as such, before the upgrade tries it
    const started = Date.now();
    const result = upgradeSqliteFile(file);
    io.stdout.write(
      result.rowsCopied === 0 && result.from === result.to
        ? `${file}: schema ${result.to}, already current\n`
        : `${file}: schema ${result.from} -> ${result.to}, ${result.rowsCopied} rollup rows copied in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  });
}
