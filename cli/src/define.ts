import { Option, type Command } from 'commander';
import { envName, parsers, resolveOption, type OptionSpec } from './options.ts';

type Specs = Record<string, OptionSpec<unknown>>;
export type Resolved<S extends Specs> = {
  [K in keyof S]: S[K] extends OptionSpec<infer T>
    ? S[K] extends { default: unknown }
      ? T
      : T | undefined
    : never;
};

/** A variable a command reads from the environment only (a secret kept out of the shell history). */
export interface EnvironmentVariable {
  name: string;
  description: string;
}

// What each option and command was declared with, so docs/options.md is written from the same
// declarations as `--help` (scripts/options-doc.ts) instead of read back out of the help text.
const specOfOption = new WeakMap<Option, OptionSpec<unknown>>();
const environmentOfCommand = new WeakMap<Command, readonly EnvironmentVariable[]>();

/** The declaration an option was added with by `addOptions`; undefined for a plain commander option. */
export function declaredSpec(option: Option): OptionSpec<unknown> | undefined {
  return specOfOption.get(option);
}

/** The environment-only variables `addEnvironment` declared for a command. */
export function declaredEnvironment(command: Command): readonly EnvironmentVariable[] {
  return environmentOfCommand.get(command) ?? [];
}

/** Declares the variables a command reads from the environment only, and lists them after its help. */
export function addEnvironment(command: Command, variables: readonly EnvironmentVariable[]): Command {
  environmentOfCommand.set(command, [...declaredEnvironment(command), ...variables]);
  const lines = variables.map((v) => `  ${v.description} [${v.name}]`).join('\n');
  return command.addHelpText('after', `\nEnvironment:\n${lines}\n`);
}

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
    const option = new Option(flag, `${spec.description} [${envName(spec.flag)}]${shown}`);
    specOfOption.set(option, spec);
    command.addOption(option);
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
