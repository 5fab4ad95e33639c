// Suite startup: how long the `louyu` command takes to answer, beside `node -e 0` (what any Node process
// costs on this machine) in the same run. Each command is a fresh process, timed from spawn to exit; the
// three are run in turn so a busy moment slows each alike, and the median of the runs is reported.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compared, type Figure, type Suite } from '../lib/result.ts';
import { median } from '../lib/stats.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOUYU = `${ROOT}cli/bin/louyu.js`;

interface Case {
  name: string;
  subject: string;
  args: string[];
}

const CASES: readonly Case[] = [
  { name: 'node -e 0', subject: 'node', args: ['-e', '0'] },
  { name: 'louyu --help', subject: 'louyu', args: [LOUYU, '--help'] },
  { name: 'louyu district', subject: 'louyu', args: [LOUYU, 'district'] },
];

/** Milliseconds from spawning `node <args>` to its exit; rejects when it fails. */
function timeOnce(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // LOUYU_COMPILED: the build just made, even when another edit lands in the sources meanwhile.
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LOUYU_COMPILED: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

export const startupSuite: Suite = {
  name: 'startup',
  description: '`louyu --help` and `louyu district` (compiled) beside `node -e 0`, median wall time',
  async run(ctx) {
    const log = (message: string) => ctx.log(message);
    // The figures are for the compiled command: build first (quick when nothing changed), so the binary does
    // not fall back to running the sources through tsx.
    log('startup: npm run build (incremental)');
    const build = spawnSync(process.execPath, [`${ROOT}scripts/build.mjs`], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);

    const runs = ctx.quick ? 5 : 11;
    const samples = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
    // One unmeasured round first: the file system cache is then warm for every case alike.
    for (const c of CASES) await timeOnce(c.args);
    for (let i = 0; i < runs; i++) {
      for (const c of CASES) samples.get(c.name)?.push(await timeOnce(c.args));
    }
    const figureOf = (c: Case): Figure => {
      const ms = samples.get(c.name) ?? [];
      return {
        suite: 'startup',
        case: c.name,
        subject: c.subject,
        metric: `wall, median of ${ms.length}`,
        value: median(ms),
        unit: 'ms',
        note: `min ${Math.round(Math.min(...ms))} ms, max ${Math.round(Math.max(...ms))} ms`,
      };
    };
    const [node, ...louyu] = CASES.map(figureOf);
    log(`startup: ${[node, ...louyu].map((f) => `${f?.case} ${Math.round(f?.value ?? 0)} ms`).join(', ')}`);
    return [node as Figure, ...louyu.map((f) => compared(f, node))];
  },
};
