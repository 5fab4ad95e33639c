import { Command, CommanderError } from 'commander';
import { ConfigError } from './options.ts';
import { registerCommands } from './commands/index.ts';

/** Runs the `louyu` command line and returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('louyu')
    .description('Louyu 楼宇: live operations for the business buildings of a city district')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      process.stderr.write(`louyu: configuration error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `louyu: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
