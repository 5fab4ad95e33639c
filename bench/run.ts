// `npm run bench`: runs the suites, prints one table of figures and ratios against baselines measured in the
// same run, and writes the figures with the machine they ran on to bench/results/<timestamp>.json.
//   --quick         shorter runs and smaller data (under 2 minutes on a 2-core machine)
//   --only <suite>  one suite, or several separated by commas
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describeMachine, machineInfo } from './lib/machine.ts';
import type { Figure, Suite } from './lib/result.ts';
import { SharedChildren } from './lib/shared.ts';
import { renderTable } from './lib/table.ts';
import { SUITES } from './suites/index.ts';

interface Flags {
  quick: boolean;
  only: string[] | null;
}

function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = { quick: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') flags.quick = true;
    else if (arg === '--only' || arg?.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) throw new Error('--only needs a suite name');
      flags.only = value.split(',').map((s) => s.trim());
    } else if (arg === '--help' || arg === '-h') {
      console.log(
        `usage: npm run bench -- [--quick] [--only <suite>[,<suite>]]\nsuites: ${SUITES.map((s) => s.name).join(', ')}`,
      );
      process.exit(0);
    } else throw new Error(`unknown option ${arg}; try --help`);
  }
  const names = SUITES.map((s) => s.name);
  for (const name of flags.only ?? []) {
    if (!names.includes(name)) throw new Error(`--only: no suite "${name}"; choose from ${names.join(', ')}`);
  }
  return flags;
}

async function main(): Promise<void> {
  let flags: Flags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const machine = machineInfo();
  const selected: Suite[] = SUITES.filter((s) => !flags.only || flags.only.includes(s.name));
  const started = new Date();
  const log = (message: string) =>
    process.stderr.write(
      `[${((Date.now() - started.getTime()) / 1000).toFixed(0).padStart(4)}s] ${message}\n`,
    );
  log(`Louyu bench${flags.quick ? ' (quick)' : ''} on ${describeMachine(machine)}`);
  const figures: Figure[] = [];
  const failures: { suite: string; error: string }[] = [];
  const durations: Record<string, number> = {};
  const children = new SharedChildren();
  for (const suite of selected) {
    const t0 = Date.now();
    log(`suite ${suite.name}: ${suite.description}`);
    try {
      figures.push(...(await suite.run({ quick: flags.quick, log, children })));
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push({ suite: suite.name, error: message });
      log(`suite ${suite.name} failed: ${message}`);
    }
    durations[suite.name] = Math.round((Date.now() - t0) / 1000);
  }
  await children.close();
  const totalS = Math.round((Date.now() - started.getTime()) / 1000);

  console.log(`\nLouyu bench${flags.quick ? ' --quick' : ''}, ${started.toISOString()}`);
  console.log(`machine: ${describeMachine(machine)}`);
  console.log(
    `took ${totalS} s (${Object.entries(durations)
      .map(([k, v]) => `${k} ${v} s`)
      .join(', ')})\n`,
  );
  console.log(renderTable(figures));
  for (const f of failures) console.log(`\nsuite ${f.suite} FAILED: ${f.error.split('\n')[0]}`);

  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = `${dir}${started.toISOString().replace(/[:.]/g, '-')}.json`;
  await writeFile(
    file,
    `${JSON.stringify({ startedAt: started.toISOString(), quick: flags.quick, machine, durations, totalS, figures, failures }, null, 2)}\n`,
  );
  console.log(`\nwritten: ${file}`);
  process.exit(failures.length > 0 ? 1 : 0);
}

await main();
