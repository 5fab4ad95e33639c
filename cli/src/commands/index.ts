import type { Command } from 'commander';
import type { Io } from '../io.ts';

/** Adds one subcommand (its options, help and action) to the program. */
type Register = (program: Command, io: Io) => void;

interface Entry {
  /** The line `louyu --help` shows; the same text as the command's own `.description()`. */
  description: string;
  /** Imports the command's module: only the invoked command's module is ever loaded. */
  load: () => Promise<Register>;
}

/**
 * The one place that lists the subcommands of `louyu`.
 *
 * The pattern, so `louyu --help` or `louyu district` does not pay for the broker, the dashboard server
 * and ingest (importing every package took 4.6 s a start): each command lives in its own module
 * `commands/<name>.ts` exporting `register<Name>(program, io)`, which declares its options and action and
 * imports what the command runs. The module is imported here only when that command is invoked (or its
 * help asked for); for any other invocation the command is a stub with its name and description, which is
 * all `louyu --help` shows. To add a command: write its module and add one entry below (same description;
 * cli/test/commands-index.test.ts checks they agree). Shared modules that every command imports (options,
 * define, common-options) must stay light: no workspace package at their top level.
 */
const COMMANDS: Record<string, Entry> = {
  start: {
    description: 'run everything: broker, ingest, dashboard and the simulated district',
    load: async () => (await import('./start.ts')).registerStart,
  },
  broker: {
    description: 'run the MQTT broker (aedes with device accounts and ACL)',
    load: async () => (await import('./broker.ts')).registerBroker,
  },
  ingest: {
    description: 'run ingest alone: subscribe to the broker, spool to disk, write to the store',
    load: async () => (await import('./ingest.ts')).registerIngest,
  },
  node: {
    description:
      'run one scale-out node: broker + ingest + writer with its own spool (several share Redis and InfluxDB)',
    load: async () => (await import('./node.ts')).registerNode,
  },
  dashboard: {
    description: 'run the dashboard server (REST, OpenAPI at /docs, socket.io, web app)',
    load: async () => (await import('./dashboard.ts')).registerDashboard,
  },
  simulate: {
    description: 'run simulated building gateways against a broker',
    load: async () => (await import('./simulate.ts')).registerSimulate,
  },
  setup: {
    description: 'prepare a data folder: MQTT accounts for every building and the services',
    load: async () => (await import('./setup.ts')).registerSetup,
  },
  credentials: {
    description: 'manage MQTT accounts (gateways, services)',
    load: async () => (await import('./credentials.ts')).registerCredentials,
  },
  users: {
    description: 'manage dashboard users',
    load: async () => (await import('./users.ts')).registerUsers,
  },
  report: {
    description: 'write the weekly (每周调度) or monthly (每月通报) report from the store',
    load: async () => (await import('./report.ts')).registerReport,
  },
  store: {
    description: "show or upgrade the embedded SQLite store's schema (data/louyu.db)",
    load: async () => (await import('./store.ts')).registerStore,
  },
  district: {
    description: "print the district's plan figures from the building registry",
    load: async () => (await import('./district.ts')).registerDistrict,
  },
};

/** The names of every subcommand, in the order `louyu --help` lists them. */
export const COMMAND_NAMES = Object.keys(COMMANDS);

/** The description `louyu --help` shows for a subcommand. */
export function commandDescription(name: string): string | undefined {
  return COMMANDS[name]?.description;
}

/** Registers one subcommand in full, importing its module. */
export async function registerCommand(program: Command, io: Io, name: string): Promise<void> {
  const entry = COMMANDS[name];
  if (!entry) throw new Error(`no louyu command named ${name}`);
  (await entry.load())(program, io);
}

/**
 * Registers the subcommands for one invocation: the invoked one in full (`louyu <name> ...` or
 * `louyu help <name>`), every other as a stub with its description.
 */
export async function registerCommands(program: Command, io: Io, argv: readonly string[]): Promise<void> {
  const args = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const invoked = args[0] === 'help' ? args[1] : args[0];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if (name === invoked) await registerCommand(program, io, name);
    else program.command(name).description(entry.description);
  }
}
