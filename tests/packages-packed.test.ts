import { execFile } from 'node:child_process';
import { cpSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The packages a developer installs for tests, and what they depend on. */
const PACKAGES = [
  'core',
  'simulators',
  'store',
  'broker',
  'ingest',
  'dashboard/server',
  'dashboard/web',
  'cli',
];
/** The suite the installed project runs: the same files simulators/README.md shows. */
const EXAMPLES = ['district.test.ts', 'louyu.test.ts'];
const manifestOf = (folder: string) =>
  JSON.parse(readFileSync(path.join(ROOT, folder, 'package.json'), 'utf8')) as {
    name: string;
    devDependencies: Record<string, string>;
  };

interface PackResult {
  name: string;
  filename: string;
  files: { path: string }[];
}

interface VitestReport {
  success: boolean;
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name: string;
    assertionResults: { title: string; status: string; failureMessages: string[] }[];
  }[];
}

// What another project does with Louyu's packages: install the tarballs `npm pack` makes (no workspace, no
// sources, no tsx) and run its own vitest suite against them.
describe('the packages, packed and installed into a fresh project', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'louyu-packed-'));
  const project = path.join(dir, 'project');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('run a simulated district against the project’s own broker and a whole Louyu from its vitest', async () => {
    // The tarballs carry dist/: build first (incremental, seconds when nothing changed).
    await run(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
    const packed = await run(
      'npm',
      ['pack', '--json', '--pack-destination', dir, ...PACKAGES.flatMap((p) => ['-w', p])],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    const tarballs = JSON.parse(packed.stdout) as PackResult[];
    expect(tarballs.map((t) => t.name).sort()).toEqual(PACKAGES.map((p) => manifestOf(p).name).sort());
    for (const t of tarballs) {
      // Compiled code and declarations only: no TypeScript sources, no build state.
      expect(
        t.files.filter((f) => /^src\/|\.tsbuildinfo$/.test(f.path)),
        t.name,
      ).toEqual([]);
      expect(
        t.files.some((f) => f.path.endsWith('.js')),
        t.name,
      ).toBe(true);
    }
    for (const name of ['@louyu/core', '@louyu/simulators'])
      expect(tarballs.find((t) => t.name === name)!.files.map((f) => f.path)).toContain('README.md');

    const sqlite = await prebuiltBetterSqlite3(dir);
    mkdirSync(project);
    const fromTarballs = Object.fromEntries(tarballs.map((t) => [t.name, `file:../${t.filename}`]));
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify(
        {
          name: 'a-gateway-developers-project',
          private: true,
          type: 'module',
          devDependencies: {
            ...fromTarballs,
            aedes: manifestOf('simulators').devDependencies.aedes,
            vitest: manifestOf('.').devDependencies.vitest,
          },
          // The @louyu packages depend on each other by version: the tarballs, not a registry, provide them.
          overrides: { ...fromTarballs, 'better-sqlite3': `file:../${sqlite}` },
        },
        null,
        2,
      ),
    );
    for (const file of EXAMPLES)
      copyFileSync(path.join(ROOT, 'simulators/examples', file), path.join(project, file));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: project,
      maxBuffer: 64 * 1024 * 1024,
    });

    // The project's own vitest, in an environment without this run's vitest variables.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
    const report = path.join(project, 'report.json');
    await run(
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--reporter=json',
        `--outputFile=${report}`,
        '--testTimeout=300000',
        '--hookTimeout=300000',
      ],
      { cwd: project, env, maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: unknown) => {
      // A failed test ends vitest non-zero: the report below says which and why.
      if (!readFileSafe(report)) throw error;
    });
    const result = JSON.parse(readFileSafe(report) ?? '{}') as VitestReport;
    const outcomes = result.testResults.flatMap((file) =>
      file.assertionResults.map((a) => ({
        file: path.basename(file.name),
        status: a.status,
        failure: a.failureMessages.join('\n').slice(0, 2000),
      })),
    );
    outcomes.sort((a, b) => a.file.localeCompare(b.file));
    expect(outcomes).toEqual(
      EXAMPLES.map((file) => ({ file, status: 'passed', failure: '' })).sort((a, b) =>
        a.file.localeCompare(b.file),
      ),
    );
  }, 900_000);

  it('shows in simulators/README.md the very suite the installed project runs', () => {
    const readme = readFileSync(path.join(ROOT, 'simulators/README.md'), 'utf8');
    for (const file of EXAMPLES)
      expect(readme, file).toContain(readFileSync(path.join(ROOT, 'simulators/examples', file), 'utf8'));
  });
});

/**
 * better-sqlite3 (the embedded store, a dependency of @louyu/store) compiles SQLite on install when no
 * prebuilt binary can be downloaded: measured here at over 5 minutes under CI load. What this test checks
 * is Louyu's packages, so it installs the same version with the native module this checkout already
 * compiled, packed as a prebuilt package (its install script, which would compile, removed).
 */
async function prebuiltBetterSqlite3(dir: string): Promise<string> {
  const installed = path.join(ROOT, 'node_modules/better-sqlite3');
  const copy = path.join(dir, 'better-sqlite3');
  for (const part of ['package.json', 'lib', 'build/Release/better_sqlite3.node'])
    cpSync(path.join(installed, part), path.join(copy, part), { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(copy, 'package.json'), 'utf8')) as {
    files: string[];
    scripts: Record<string, string>;
  };
  manifest.files = ['lib/**', 'build/Release/better_sqlite3.node'];
  manifest.scripts = {};
  writeFileSync(path.join(copy, 'package.json'), JSON.stringify(manifest, null, 2));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: copy });
  return (JSON.parse(stdout) as PackResult[])[0]!.filename;
}

function readFileSafe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
