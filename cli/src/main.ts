import { Command, CommanderError } from 'commander';
import { ConfigError } from './options.ts';
import { registerCommands } from './commands/index.ts';
import { processIo, type Io, type Output } from './io.ts';

/**
 * Runs the `louyu` command line and returns the process exit code. It never exits the process itself:
 * commander's exits are turned into the returned code, and everything it prints goes to `io` (the
 * process's standard output and error unless a test passes its own).
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = new Command('louyu')
    .description('Louyu 楼宇: live operations for the business buildings of a city district')
    // Before the subcommands exist: they inherit these settings when they are added.
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
    })
    .showHelpAfterError()
    .exitOverride();
  try {
    // Only the invoked command's module is imported (commands/index.ts).
    await registerCommands(program, io, argv);
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      io.stderr.write(`louyu: configuration error: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`louyu: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

/** The terminal's width, or commander's 80 columns when the output is not a terminal. */
function helpWidth(out: Output): number {
  return out.isTTY && out.columns !== undefined ? out.columns : 80;
}
