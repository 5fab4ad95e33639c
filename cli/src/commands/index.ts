import type { Command } from 'commander';
import { registerBroker } from './broker.ts';
import { registerCredentials } from './credentials.ts';
import { registerDistrict } from './district.ts';
import { registerSimulate } from './simulate.ts';
import { registerStart } from './start.ts';

/** The one place that lists the subcommands of `louyu`. */
export function registerCommands(program: Command): void {
  registerStart(program);
  registerBroker(program);
  registerSimulate(program);
  registerCredentials(program);
  registerDistrict(program);
}
