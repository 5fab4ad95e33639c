// Starts a real influxd (Debian package `influxdb`, 1.6.x) for tests: its own config in a temporary folder,
// HTTP on a free loopback port, every other listener moved off its default so parallel test files and other
// engineers' influxd processes never collide. `restart()` keeps the data folder and the port, so fault tests
// can stop the database for a while and bring the same one back.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running test influxd. */
export interface InfluxdHandle {
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The temporary folder holding config, data, wal and the server's log (`influxd.log`). */
  dir: string;
  /** Stops the server (SIGTERM, SIGKILL after 10 s). The data stays for `restart()`. */
  stop(): Promise<void>;
  /** Starts the server again on the same port with the same data; waits until /ping answers. */
  restart(): Promise<void>;
  /** Stops the server and removes its folder. Call it in afterAll. */
  dispose(): Promise<void>;
}

/** Options for {@link startInfluxd}. */
export interface InfluxdOptions {
  /** Path of the influxd binary; `LOUYU_INFLUXD` or `/usr/bin/influxd` by default. */
  binary?: string;
  /** How long to wait for /ping after starting, in ms (default 30 s: the machine may be busy). */
  startTimeoutMs?: number;
}

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

function configText(dir: string, httpPort: number, rpcPort: number): string {
  // Everything influxd would otherwise write to /var/lib/influxdb or report to the outside is kept here.
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  trace-logging-enabled = false

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = false
  log-enabled = false
  pprof-enabled = false
  max-body-size = 0

[subscriber]
  enabled = false

[continuous_queries]
  enabled = true
  log-enabled = false

[[graphite]]
  enabled = false

[[collectd]]
  enabled = false

[[opentsdb]]
  enabled = false

[[udp]]
  enabled = false
`;
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs: number, log: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`influxd exited with code ${child.exitCode}; see ${log}`);
    try {
      const response = await fetch(`${url}/ping`);
      if (response.status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`influxd did not answer ${url}/ping within ${timeoutMs} ms; see ${log}`);
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Starts influxd with a private config and data folder on free loopback ports; resolves once /ping answers. */
export async function startInfluxd(options: InfluxdOptions = {}): Promise<InfluxdHandle> {
  const binary = options.binary ?? process.env.LOUYU_INFLUXD ?? '/usr/bin/influxd';
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const dir = await mkdtemp(join(tmpdir(), 'louyu-influxd-'));
  const httpPort = await freePort();
  const rpcPort = await freePort();
  const configPath = join(dir, 'influxdb.conf');
  await writeFile(configPath, configText(dir, httpPort, rpcPort));
  const url = `http://127.0.0.1:${httpPort}`;
  const logPath = join(dir, 'influxd.log');
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const log = createWriteStream(logPath, { flags: 'a' });
    const proc = spawn(binary, ['-config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.pipe(log);
    proc.stderr?.pipe(log);
    // A test run that dies without afterAll must not leave influxd behind.
    const killOnExit = () => proc.kill('SIGKILL');
    process.once('exit', killOnExit);
    proc.once('exit', () => {
      process.removeListener('exit', killOnExit);
      log.end();
    });
    child = proc;
    try {
      await waitForPing(url, proc, startTimeoutMs, logPath);
    } catch (error) {
      proc.kill('SIGKILL');
      throw error;
    }
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc) return;
    proc.kill('SIGTERM');
    await waitForExit(proc, 10_000);
  };

  await start();
  return {
    url,
    dir,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    dispose: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
