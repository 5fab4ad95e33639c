// Builds every workspace package for `node`: `tsc -b` compiles each package's src/ to dist/ (JavaScript
// and declarations, in project-reference order), then esbuild bundles @louyu/core with TypeBox into one
// file (TypeBox is 700 small modules; loading them one by one took most of a second of every `louyu`
// start). Last it stamps cli/dist, which tells cli/bin/louyu.js that the build is current.
// Run by `npm run build` and by `npm install` / `npm ci` (the root "prepare" script).
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const started = Date.now();
const step = (text) => process.stdout.write(`louyu build: ${text}\n`);

let tscBin;
try {
  tscBin = require.resolve('typescript/bin/tsc');
} catch {
  // A production install (`npm ci --omit=dev`) has no compiler: it runs the build it was given.
  step('TypeScript is not installed (a production install): keeping the existing build');
  process.exit(0);
}

step('compiling TypeScript (tsc -b tsconfig.build.json; a minute on a fresh checkout)');
const tsc = spawnSync(process.execPath, [tscBin, '-b', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  step('tsc failed');
  process.exit(tsc.status ?? 1);
}

step('bundling @louyu/core with TypeBox (esbuild)');
const { build } = await import('esbuild');
// Chunk names change with their content: start from an empty folder so old chunks do not pile up.
rmSync(`${root}core/dist/bundle`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // config-error and redis-url are entries of their own, so the CLI's option checks load them without
  // TypeBox; one shared chunk keeps ConfigError the same class wherever it is imported from.
  entryPoints: [
    'core/src/index.ts',
    'core/src/node/password.ts',
    'core/src/config-error.ts',
    'core/src/redis-url.ts',
    'core/src/redis-stay-connected.ts',
  ],
  outbase: 'core/src',
  outdir: 'core/dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});

mkdirSync(`${root}cli/dist`, { recursive: true });
writeFileSync(`${root}cli/dist/.louyu-build`, `${new Date().toISOString()}\n`);
step(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
