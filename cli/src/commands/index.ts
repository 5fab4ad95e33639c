import type { Command } from 'commander';
import { registerBroker } from './broker.ts';
import { registerCredentials } from './credentials.ts';
import { registerDashboard } from './dashboard.ts';
import { registerDistrict } from './district.ts';
import { registerIngest } from './ingest.ts';
import { registerReport } from './report.ts';
import { registerSetup } from './setup.ts';
import { registerSimulate } from './simulate.ts';
import { registerStart } from './start.ts';
import { registerUsers } from './users.ts';

/** The one place that lists the subcommands of `louyu`. */
export function registerCommands(program: Command): void {
  registerStart(program);
  registerBroker(program);
  registerIngest(program);
  registerDashboard(program);
  registerSimulate(program);
  registerSetup(program);
  registerCredentials(program);
  registerUsers(program);
  registerReport(program);
  registerDistrict(program);
}
