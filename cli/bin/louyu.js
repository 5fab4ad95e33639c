#!/usr/bin/env node
// The `louyu` command. It runs the compiled JavaScript in cli/dist (built by `npm run build`, which
// `npm install` runs). When a package's sources are newer than that build (an edit, a `git pull`), it
// runs the sources through tsx instead, so `louyu` always runs the current code; the next build makes it
// fast again. (LOUYU_COMPILED=1 skips that check.)
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Written by scripts/build.mjs once every package is compiled. */
const STAMP = `${ROOT}cli/dist/.louyu-build`;
const SOURCES = [
  'core/src',
  'store/src',
  'broker/src',
  'ingest/src',
  'dashboard/server/src',
  'simulators/src',
  'cli/src',
];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsCurrent() {
  if (!existsSync(STAMP)) return false;
  // LOUYU_COMPILED=1 runs the build as it is, whatever the sources (the start-up benchmark measures it).
  if (process.env.LOUYU_COMPILED === '1') return true;
  const builtAt = statSync(STAMP).mtimeMs;
  // An installed image carries no sources: its build is current by definition.
  return SOURCES.every((dir) => !existsSync(ROOT + dir) || newestMtime(ROOT + dir) <= builtAt);
}

let main;
if (buildIsCurrent()) {
  ({ main } = await import('../dist/main.js'));
} else {
  if (process.stderr.isTTY)
    process.stderr.write(
      'louyu: sources newer than the build; running them through tsx (npm run build for a fast start)\n',
    );
  const { register } = await import('node:module');
  const tsx = await import('tsx/esm/api').catch(() => {
    // A production install from sources (npm ci --omit=dev) has neither a build nor tsx.
    process.stderr.write(
      'louyu: no current build (cli/dist) and no tsx to run the sources: run npm install\n',
    );
    process.exit(1);
  });
  tsx.register();
  // Resolve @louyu/* to their sources (each package's "source" export condition), not to dist/.
  register(
    'data:text/javascript,export function resolve(s,c,n){return n(s,{...c,conditions:[...c.conditions,"source"]})}',
  );
  ({ main } = await import('../src/main.ts'));
}
const code = await main(process.argv);
// A command that failed has closed what it opened, but a handle left behind (a reconnecting client, a worker
// thread) must not keep a failed process alive: it ends with its code, so a supervisor restarts it.
if (code !== 0) process.exit(code);
process.exitCode = code;
