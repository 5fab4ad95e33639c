// `louyu dashboard` as a child process, the way an operator starts it: demo users, JSON logs, its own
// data folder. The tests that watch how it starts (store late, store too slow) read its output and exit.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, killWithTestProcess } from './spawn-server.ts';

const LOUYU = resolve(import.meta.dirname, '../../cli/bin/louyu.js');

export interface DashboardRun {
  /** The dashboard's base URL, e.g. http://127.0.0.1:41234. */
  url: string;
  /** stdout and stderr as they arrive. */
  output: string;
  /** undefined while it runs; its exit code once it ended (-1 when a signal ended it). */
  code: number | null | undefined;
  /** Kills it if it still runs, waits for the exit and removes its data folder. */
  stop(): Promise<void>;
}

/** Starts `louyu dashboard --demo` on `influxUrl` and `mqttUrl`, with `extra` arguments after those. */
export async function spawnDashboard(
  influxUrl: string,
  mqttUrl: string,
  extra: readonly string[] = [],
): Promise<DashboardRun> {
  const dataDir = await mkdtemp(join(tmpdir(), 'louyu-dashboard-'));
  const httpPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      LOUYU,
      'dashboard',
      '--demo',
      '--host',
      '127.0.0.1',
      '--http-port',
      String(httpPort),
      '--data-dir',
      dataDir,
      '--influx',
      influxUrl,
      '--mqtt-url',
      mqttUrl,
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOUYU_LOG_JSON: '1' } },
  );
  killWithTestProcess(child);
  const exited = new Promise<void>((done) =>
    child.once('exit', (c, signal) => {
      run.code = c ?? (signal ? -1 : null);
      done();
    }),
  );
  const run: DashboardRun = {
    url: `http://127.0.0.1:${httpPort}`,
    output: '',
    code: undefined,
    async stop() {
      if (run.code === undefined) child.kill('SIGKILL');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  child.stdout.on('data', (chunk: Buffer) => (run.output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.output += chunk.toString()));
  return run;
}
