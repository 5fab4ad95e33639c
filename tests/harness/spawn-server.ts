// What every server a test starts (influxd, redis-server, mosquitto) has in common: a free loopback port,
// spawning the binary, waiting until it answers while watching that it has not exited, keeping its output
// for the error message, and stopping it with SIGTERM and then SIGKILL. The per-server files only say how
// to configure the server and how to ask whether it is up.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { connect, createServer } from 'node:net';

/** Asks the kernel for a free loopback port (listen on port 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Whether something accepts TCP connections on the loopback port right now. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Options for {@link spawnServer}. */
export interface SpawnServerOptions {
  /** Names the server in error messages, e.g. `redis-server`. */
  name: string;
  command: string;
  args: readonly string[];
  /** Asked every 50 ms after the spawn; the server is up once it resolves true. */
  ready: () => Promise<boolean>;
  /** How long the server may take to be ready, in ms (default 30 s: the machine may be busy). */
  startTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL, in ms (default 5 s). */
  killAfterMs?: number;
  /** A file the server's output is appended to, besides being kept for error messages. */
  logPath?: string;
}

/** A server process started by {@link spawnServer}. */
export interface ServerProcess {
  child: ChildProcess;
  /** The last 8 KB of what the server printed (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after `killAfterMs`; resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const OUTPUT_KEPT = 8192;

// Servers (and processes tests start themselves) still running. vitest ends a test worker with SIGTERM,
// which by default exits without 'exit' handlers, so both are covered: a child a test never stopped (a
// failed hook, a crash) dies with the process that started it instead of outliving the test run.
const running = new Set<ChildProcess>();
const killRunning = (): void => {
  for (const child of running) child.kill('SIGKILL');
};
const onSigterm = (): void => {
  killRunning();
  // Only stand in for Node's default (exit) when nobody else handles SIGTERM.
  if (process.listenerCount('SIGTERM') === 0) process.exit(143);
};
function track(child: ChildProcess): void {
  if (running.size === 0) {
    process.on('exit', killRunning);
    process.once('SIGTERM', onSigterm);
  }
  running.add(child);
}
function untrack(child: ChildProcess): void {
  if (!running.delete(child) || running.size > 0) return;
  process.removeListener('exit', killRunning);
  process.removeListener('SIGTERM', onSigterm);
}

/**
 * Kills `child` (SIGKILL) if the test process exits or gets SIGTERM while it still runs: for the processes
 * tests start themselves (`louyu start`, an ingest), as {@link spawnServer} does for servers.
 */
export function killWithTestProcess(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  track(child);
  child.once('exit', () => untrack(child));
}

/**
 * Spawns a server and resolves once `ready` says it answers. If it exits first, or is not ready in time, it
 * is killed and the error names the server and quotes its output. It is also killed when the process that
 * started it exits or gets SIGTERM, so a test run that never reaches `stop()` leaves no server behind.
 */
export async function spawnServer(options: SpawnServerOptions): Promise<ServerProcess> {
  const { name, startTimeoutMs = 120_000, killAfterMs = 5_000 } = options;
  const child = spawn(options.command, [...options.args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const log = options.logPath ? createWriteStream(options.logPath, { flags: 'a' }) : undefined;
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
    log?.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  killWithTestProcess(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      log?.end();
      resolve();
    });
  });
  // A binary that cannot be spawned reports it as an 'error' event (and exits with no code).
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (spawnError) {
      // Never started, so there is no 'exit' to wait for.
      untrack(child);
      log?.end();
      throw new Error(`${name} could not be started (${options.command}): ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await exited;
      throw new Error(
        `${name} exited with ${child.exitCode ?? child.signalCode} before it was ready:\n${output}`,
      );
    }
    if (await options.ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${name} was not ready within ${startTimeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, output: () => output, stop };
}
