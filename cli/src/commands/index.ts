import type { Command } from 'commander';
import { registerBroker } from './broker.ts';
import { registerCredentials } from './credentials.ts';
import { registerDistrict } from './district.ts';

/** The one place that lists the subcommands of `louyu`. */
export function registerCommands(program: Command): void {
  registerBroker(program);
  registerCredentials(program);
  registerDistrict(program);
}
