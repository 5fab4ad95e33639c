import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LOUYU_BIN = fileURLToPath(new URL('../../bin/louyu.js', import.meta.url));

/** A `louyu` subcommand in its own process (the simulator runs on the second core this way). */
export interface Child {
  readonly process: ChildProcess;
  /** Sends SIGINT and waits for the child to finish its own clean shutdown. */
  stop(): Promise<void>;
}

export function spawnLouyu(args: readonly string[], onLine: (line: string) => void): Child {
  const child = spawn(process.execPath, [LOUYU_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOUYU_LOG_JSON: '1' },
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r|\n/))
      if (line.trim()) onLine(line.replace(/\x1b\[K/g, ''));
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
