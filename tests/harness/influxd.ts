// Starts a real influxd (Debian package `influxdb`, 1.6.x) for tests: its own config in a temporary folder,
// HTTP on a free loopback port, every other listener moved off its default so parallel test files and other
// engineers' influxd processes never collide. `restart()` keeps the data folder and the port, so fault tests
// can stop the database for a while and bring the same one back.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnServer, type ServerProcess } from './spawn-server.ts';

/** One free-port helper for every harness (it lives in spawn-server.ts; callers import it from here too). */
export { freePort };

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

/** Whether influxd answers /ping (204) on `url`. */
async function answersPing(url: string): Promise<boolean> {
  const response = await fetch(`${url}/ping`);
  await response.body?.cancel();
  return response.status === 204;
}

/** Starts influxd with a private config and data folder on free loopback ports; resolves once /ping answers. */
export async function startInfluxd(options: InfluxdOptions = {}): Promise<InfluxdHandle> {
  const binary = options.binary ?? process.env.LOUYU_INFLUXD ?? '/usr/bin/influxd';
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const dir = await mkdtemp(join(tmpdir(), 'louyu-influxd-'));
  const httpPort = await freePort();
  const rpcPort = await freePort();
  const configPath = join(dir, 'influxdb.conf');
  await writeFile(configPath, configText(dir, httpPort, rpcPort));
  const url = `http://127.0.0.1:${httpPort}`;
  const logPath = join(dir, 'influxd.log');
  let server: ServerProcess | undefined;

  const start = async (): Promise<void> => {
    server = await spawnServer({
      name: 'influxd',
      command: binary,
      args: ['-config', configPath],
      ready: () => answersPing(url),
      startTimeoutMs,
      killAfterMs: 10_000,
      logPath,
    });
  };

  const stop = async (): Promise<void> => {
    const running = server;
    server = undefined;
    await running?.stop();
  };

  await start().catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    url,
    dir,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
    dispose: async () => {
      try {
        await stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
