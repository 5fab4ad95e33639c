// The Docker image (Dockerfile): production dependencies only, a non-root user, a health check. What the
// file says is checked everywhere; building the image, printing its size and looking inside it needs a
// Docker engine, so that part is skipped, with the reason, where none answers (the docker client alone
// is not enough).
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const dockerfile = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8');
/** The instructions of the last stage: what the image holds. */
const finalStage = dockerfile.split(/^FROM /m).at(-1) ?? '';

/** Why the image cannot be built here, or null when a Docker engine answers. */
function noEngine(): string | null {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (info.error) return `no docker command (${info.error.message})`;
  if (info.status !== 0)
    return `no Docker engine answers: ${(info.stderr || info.stdout).trim().split('\n')[0] ?? ''}`;
  return null;
}
const skipReason = noEngine();

describe('the Dockerfile', () => {
  it('builds in one stage and runs from another, without compilers or development dependencies', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(finalStage).not.toMatch(/apt-get install|g\+\+|python3|npm (ci|install)/);
    // Only the build's output is copied in: no sources, no tests.
    expect(finalStage).toMatch(/COPY --from=build/);
  });

  it('runs as a non-root user and tells Docker how to check its health', () => {
    expect(finalStage).toMatch(/^USER (?!root\b|0\b)\S+/m);
    expect(finalStage).toMatch(/^HEALTHCHECK .*\/healthz/ms);
  });
});

describe.skipIf(skipReason !== null)('the Docker image', () => {
  const tag = `louyu-test:${process.pid}`;
  afterAll(async () => {
    await run('docker', ['rmi', '-f', tag]).catch(() => undefined);
  });

  it('builds, prints its size, and holds no test tools or compilers', { timeout: 1_800_000 }, async () => {
    await run('docker', ['build', '-t', tag, ROOT], { maxBuffer: 64 * 1024 * 1024, timeout: 1_700_000 });
    const { stdout } = await run('docker', [
      'image',
      'inspect',
      '--format',
      '{{.Size}}\t{{.Config.User}}\t{{json .Config.Healthcheck}}',
      tag,
    ]);
    const [size, user, healthcheck] = stdout.trim().split('\t');
    console.log(`louyu image ${tag}: ${(Number(size) / 1024 ** 2).toFixed(1)} MiB`);
    expect(user).not.toMatch(/^(|root|0)$/);
    expect(healthcheck).toContain('healthz');
    const inside = await run('docker', [
      'run',
      '--rm',
      '--entrypoint',
      'sh',
      tag,
      '-c',
      'ls -d node_modules/typescript node_modules/vitest node_modules/tsx node_modules/vite */src 2>/dev/null; command -v g++ make python3; true',
    ]);
    expect(inside.stdout.trim()).toBe('');
    const help = await run('docker', ['run', '--rm', tag, '--help']);
    expect(help.stdout).toContain('district');
  });
});

if (skipReason !== null) {
  describe('the Docker image', () => {
    it.skip(`is built where a Docker engine runs (skipped here: ${skipReason})`, () => {});
  });
}
