import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './influxd.ts';

/** A redis-server started for one test file. */
export interface RedisHarness {
  url: string;
  port: number;
  /** Stops the server; its data (an RDB file in the temp folder) is kept until `stop`. */
  stop(): Promise<void>;
}

const REDIS_BIN = process.env.LOUYU_REDIS_SERVER ?? '/usr/bin/redis-server';

/**
 * Starts Debian's redis-server on a free loopback port with its working folder in a temporary
 * directory, no snapshots on a timer and no append-only file: state lives as long as the process.
 */
export async function startRedis(): Promise<RedisHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'louyu-redis-'));
  const port = await freePort();
  const child = spawn(
    REDIS_BIN,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitForPort(port, child, () => output);
  } catch (err) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until something accepts TCP connections on the port, or the process exits. */
export async function waitForPort(
  port: number,
  child: ChildProcess,
  output: () => string,
  attempts = 200,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listened on port ${port}: ${output()}`);
}

/** SIGTERM, then SIGKILL if the process has not exited in 5 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** One free-port helper for every harness (it lives beside influxd's). */
export { freePort };
