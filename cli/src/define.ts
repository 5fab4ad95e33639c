import type { Command } from 'commander';
import { envName, parsers, resolveOption, type OptionSpec } from './options.ts';

type Specs = Record<string, OptionSpec<unknown>>;
export type Resolved<S extends Specs> = {
  [K in keyof S]: S[K] extends OptionSpec<infer T>
    ? S[K] extends { default: unknown }
      ? T
      : T | undefined
    : never;
};

/** Adds each option to a command, with its environment variable and default in the help text. */
export function addOptions(command: Command, specs: Specs): Command {
  for (const spec of Object.values(specs)) {
    const isFlag = spec.parse === parsers.boolean;
    const shown = spec.default === undefined ? '' : ` (default: ${JSON.stringify(spec.default)})`;
    // A flag that is on by default is turned off with --no-<flag>.
    const flag = isFlag
      ? spec.default === true
        ? `--no-${spec.flag}`
        : `--${spec.flag}`
      : `--${spec.flag} <value>`;
    command.option(flag, `${spec.description} [${envName(spec.flag)}]${shown}`);
  }
  return command;
}

/** Resolves every option from the parsed flags and the environment; throws ConfigError naming a bad one. */
export function resolveOptions<S extends Specs>(
  specs: S,
  given: Record<string, unknown>,
  env = process.env,
): Resolved<S> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    let value = given[camel(spec.flag)];
    // commander reports a --no-<flag> option as true when absent; only an explicit false is a choice.
    if (spec.parse === parsers.boolean && spec.default === true && value === true) value = undefined;
    out[key] = resolveOption(spec, value, env);
  }
  return out as Resolved<S>;
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
