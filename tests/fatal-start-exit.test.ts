// Issue 14, item 6: a fatal error at start (the HTTP port is taken) ends the process with a non-zero code,
// so a supervisor restarts it, instead of printing the error and hanging with the spool and store open.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './harness/spawn-server.ts';
import { POLL } from './harness/until.ts';

const LOUYU = resolve(import.meta.dirname, '../cli/bin/louyu.js');
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** A port something else already listens on. */
async function busyPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanups.push(() => new Promise((done) => server.close(done)));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** Runs `louyu <args>`; the exit code once it has exited (undefined while it runs), and its output. */
async function run(args: string[]): Promise<{ code: () => number | null | undefined; output: () => string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'louyu-fatal-'));
  const child = spawn(process.execPath, [LOUYU, ...args, '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOUYU_LOG_JSON: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let code: number | null | undefined;
  const exited = new Promise<void>((done) =>
    child.once('exit', (c, signal) => {
      code = c ?? (signal ? -1 : null);
      done();
    }),
  );
  cleanups.push(async () => {
    if (code === undefined) child.kill('SIGKILL');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  });
  return { code: () => code, output: () => output };
}

describe('a fatal error at start', () => {
  it('ends louyu start non-zero when its HTTP port is taken', { timeout: 120_000 }, async () => {
    const http = await busyPort();
    const started = await run([
      'start',
      '--http-port',
      String(http),
      '--mqtt-port',
      String(await freePort()),
      '--host',
      '127.0.0.1',
      '--no-simulator',
    ]);
    await expect.poll(started.code, { ...POLL, timeout: 90_000 }).not.toBeUndefined();
    expect(started.code()).not.toBe(0);
    expect(started.output()).toMatch(/EADDRINUSE/);
  });

  it('ends louyu ingest non-zero when its --http-port is taken', { timeout: 120_000 }, async () => {
    const http = await busyPort();
    const started = await run([
      'ingest',
      '--mqtt-url',
      `mqtt://127.0.0.1:${await freePort()}`,
      '--http-port',
      String(http),
    ]);
    await expect.poll(started.code, { ...POLL, timeout: 90_000 }).not.toBeUndefined();
    expect(started.code()).not.toBe(0);
    expect(started.output()).toMatch(/EADDRINUSE/);
  });
});
