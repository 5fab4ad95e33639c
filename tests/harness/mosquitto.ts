import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, portOpen, spawnServer } from './spawn-server.ts';

/** A mosquitto broker started for one test file (or a benchmark). */
export interface MosquittoHarness {
  url: string;
  port: number;
  /** The broker's process id (the benchmarks read its CPU and memory). */
  pid: number;
  stop(): Promise<void>;
}

/** Settings beyond the defaults below, e.g. the benchmarks' `set_tcp_nodelay true`. */
export interface MosquittoOptions {
  config?: readonly string[];
}

/**
 * Starts Debian's mosquitto on a free loopback port, anonymous, without persistence. The queue limits are
 * raised: mosquitto's default `max_queued_messages 1000` silently drops QoS 1 messages to a slow
 * subscriber (STACK.md), which would hide losses in tests that compare brokers.
 */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'louyu-mosquitto-'));
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  await writeFile(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_queued_messages 1000000',
      'max_inflight_messages 0',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      ...(options.config ?? []),
      '',
    ].join('\n'),
  );
  const server = await spawnServer({
    name: 'mosquitto',
    command: '/usr/sbin/mosquitto',
    args: ['-c', conf],
    ready: () => portOpen(port),
  }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    pid: server.child.pid as number,
    async stop() {
      try {
        await server.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** How a mosquitto_pub / mosquitto_sub run ended. */
export interface ClientRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs Debian's `mosquitto_pub` with the given arguments (add `-h`, `-p`, `-u`, `-P`, ...). Resolves
 * with its exit code and output; it never rejects on a non-zero exit, which tests assert on.
 */
export function mosquittoPub(args: string[], timeoutMs = 15_000): Promise<ClientRun> {
  return run('/usr/bin/mosquitto_pub', args, timeoutMs);
}

/** Runs `mosquitto_sub` to completion: pass `-C n` and/or `-W seconds` so it ends by itself. */
export function mosquittoSub(args: string[], timeoutMs = 15_000): Promise<ClientRun> {
  return run('/usr/bin/mosquitto_sub', args, timeoutMs);
}

/**
 * Starts `mosquitto_sub` in the background (for a subscriber that must be up before something is
 * published). `ready` resolves once it has subscribed (it runs with `-d` and waits for the SUBACK line);
 * `done` with its output when it exits.
 */
export function spawnMosquittoSub(args: string[]): {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<ClientRun>;
} {
  const child = spawn('/usr/bin/mosquitto_sub', ['-d', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    // With -d the debug lines share stdout with messages; SUBACK means the subscription is live.
    if (stdout.includes('received SUBACK')) markReady();
  });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<ClientRun>((resolve) => {
    child.once('exit', (code) => {
      markReady();
      resolve({ code, stdout, stderr });
    });
  });
  return { child, ready, done };
}

function run(bin: string, args: string[], timeoutMs: number): Promise<ClientRun> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
