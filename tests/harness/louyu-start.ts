// Runs `louyu start` as a user would: a child process with a fresh data folder, free ports, and its
// output read line by line. Stops it with SIGINT, as Ctrl-C would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, killWithTestProcess } from './spawn-server.ts';

const LOUYU = resolve(import.meta.dirname, '../../cli/bin/louyu.js');

/** How the process ended: `code` 0 is an orderly stop; a `signal` means it was killed before stopping. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface LouyuStart {
  dataDir: string;
  httpUrl: string;
  mqttPort: number;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the first output line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGINT, then how it ended once it has stopped by itself: its exit code, or the signal that killed it. */
  interrupt(): Promise<Exit>;
  /** Kills whatever is left and removes the data folder. */
  dispose(): Promise<void>;
}

/**
 * `history`: let a first start fill the last 7 days (`louyu start`'s default; e2e-start-history tests it).
 * Off unless asked: the other start tests check the live pipeline, message for message, and 89 buildings'
 * week would add a minute to each. `dataDir`: start over an existing data folder (a restart).
 */
export async function startLouyu(
  extraArgs: readonly string[] = [],
  options: { history?: boolean; dataDir?: string } = {},
): Promise<LouyuStart> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'louyu-start-')));
  const httpPort = await freePort();
  const mqttPort = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      LOUYU,
      'start',
      '--data-dir',
      dataDir,
      '--http-port',
      String(httpPort),
      '--mqtt-port',
      String(mqttPort),
      '--host',
      '127.0.0.1',
      ...(options.history ? [] : ['--no-history']),
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOUYU_LOG_JSON: '1' } },
  );
  killWithTestProcess(child);
  let text = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const waiter of [...waiters]) {
      const line = text.split('\n').find((l) => waiter.pattern.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<Exit>((done) => child.once('exit', (code, signal) => done({ code, signal })));

  return {
    dataDir,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    mqttPort,
    output: () => text,
    waitFor(pattern, timeoutMs = 120_000) {
      const line = text.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) return Promise.resolve(line);
      return new Promise((done, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`louyu start never printed ${pattern}; it printed:\n${text.slice(-3000)}`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (l) => (clearTimeout(timer), done(l)) });
        void exited.then(({ code, signal }) =>
          fail(
            new Error(
              `louyu start exited (${code ?? signal}) before printing ${pattern}:\n${text.slice(-3000)}`,
            ),
          ),
        );
      });
    },
    async interrupt() {
      child.kill('SIGINT');
      return exited;
    },
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
