import type { Command } from 'commander';
import type { Io } from '../io.ts';
import { registerBroker } from './broker.ts';
import { registerCredentials } from './credentials.ts';
import { registerDashboard } from './dashboard.ts';
import { registerDistrict } from './district.ts';
import { registerIngest } from './ingest.ts';
import { registerNode } from './node.ts';
import { registerReport } from './report.ts';
import { registerSetup } from './setup.ts';
import { registerSimulate } from './simulate.ts';
import { registerStart } from './start.ts';
import { registerUsers } from './users.ts';

/** The one place that lists the subcommands of `louyu`. */
export function registerCommands(program: Command, io: Io): void {
  registerStart(program, io);
  registerBroker(program, io);
  registerIngest(program);
  registerNode(program, io);
  registerDashboard(program, io);
  registerSimulate(program, io);
  registerSetup(program, io);
  registerCredentials(program, io);
  registerUsers(program, io);
  registerReport(program, io);
  registerDistrict(program, io);
}
