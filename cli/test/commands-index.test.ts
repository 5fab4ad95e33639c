// `louyu --help` lists every command from commands/index.ts without importing them; the invoked command's
// module is imported alone. These check that the list agrees with the commands and that help and
// `louyu district` leave the heavy packages (broker, dashboard server, ingest, store) unloaded.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commandDescription, registerCommand } from '../src/commands/index.ts';
import { processIo } from '../src/io.ts';

const run = promisify(execFile);
const LOUYU = new URL('../bin/louyu.js', import.meta.url).pathname;

describe('the command list', () => {
  it.each(COMMAND_NAMES)('describes %s as the command itself does', async (name) => {
    const program = new Command('louyu');
    await registerCommand(program, processIo, name);
    const command = program.commands.find((c) => c.name() === name);
    expect(command?.description()).toBe(commandDescription(name));
  });
});

describe('the louyu binary loads only what the command uses', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'louyu-imports-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the binary with a module hook that writes down every module URL the process loads. */
  async function modulesLoadedBy(...args: string[]): Promise<{ stdout: string; modules: string[] }> {
    const log = join(dir, `${args.join('-')}.log`);
    const hook = [
      "import { appendFileSync } from 'node:fs';",
      `export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }`,
    ].join('\n');
    const setup = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
    const { stdout } = await run(
      process.execPath,
      ['--import', `data:text/javascript,${encodeURIComponent(setup)}`, LOUYU, ...args],
      { env: { ...process.env, LOUYU_LOG_JSON: '1' } },
    );
    return { stdout, modules: (await readFile(log, 'utf8')).split('\n').filter(Boolean) };
  }

  const heavy = (modules: string[]) =>
    modules.filter((url) =>
      /\/(broker|store|ingest|dashboard\/server|simulators)\/(src|dist)\/|\/node_modules\/(aedes|fastify|mqtt|better-sqlite3|socket\.io)\//.test(
        url,
      ),
    );

  it('prints the command list for --help without loading core (TypeBox), the broker or the dashboard', async () => {
    const { stdout, modules } = await modulesLoadedBy('--help');
    for (const name of COMMAND_NAMES) expect(stdout).toContain(name);
    expect(heavy(modules)).toEqual([]);
    // Only core's small ConfigError module (what main.ts checks errors against), not core with TypeBox.
    const core = modules.filter((url) => /\/core\/(src|dist)\/|\/node_modules\/typebox\//.test(url));
    expect(core.filter((url) => !/config-error|\/core\/dist\/bundle\/chunk-/.test(url))).toEqual([]);
  });

  it('prints the district figures loading core alone', async () => {
    const { stdout, modules } = await modulesLoadedBy('district');
    expect(stdout).toContain('运营商务楼宇 buildings operating          89');
    expect(heavy(modules)).toEqual([]);
  });
});
