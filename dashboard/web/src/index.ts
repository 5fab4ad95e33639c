// The web package as Node sees it: where the built dashboard lives and how to (re)build it. The browser
// code starts at main.ts; the dashboard server serves WEB_DIST_DIR with an SPA fallback.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The web package's folder (dashboard/web). */
export const WEB_ROOT = resolve(import.meta.dirname, '..');
/** The built dashboard (index.html and assets/), what the server serves. */
export const WEB_DIST_DIR = join(WEB_ROOT, 'dist');

/** What the build reads: the app, its config, and core (the app imports core's types and rules). */
const SOURCES = [
  join(WEB_ROOT, 'src'),
  join(WEB_ROOT, 'index.html'),
  join(WEB_ROOT, 'vite.config.ts'),
  join(WEB_ROOT, 'svelte.config.js'),
  join(WEB_ROOT, '../../core/src'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when dist/ is missing or older than any source it is built from. */
export function isWebBuildStale(): boolean {
  const built = join(WEB_DIST_DIR, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > builtAt);
}

/** Runs `vite build` for the dashboard in a child process (so it never shares a Vite instance with vitest). */
export async function buildWeb(): Promise<void> {
  const require = createRequire(join(WEB_ROOT, 'package.json'));
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  try {
    await run(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: WEB_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`dashboard web: vite build failed in ${WEB_ROOT}:\n${stderr ?? ''}${stdout ?? ''}`);
  }
}

/** Builds the dashboard when dist/ is missing or stale; returns WEB_DIST_DIR. */
export async function ensureWebBuilt(): Promise<string> {
  if (isWebBuildStale()) await buildWeb();
  return WEB_DIST_DIR;
}
