import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, portOpen, spawnServer, type ServerProcess } from './spawn-server.ts';

/** A redis-server started for one test file. */
export interface RedisHarness {
  url: string;
  port: number;
  /** Stops the server; its data (an RDB file in the temp folder) is kept until `stop`. */
  stop(): Promise<void>;
  /**
   * Stops the server (SIGTERM; it keeps no data across, like a Redis without persistence), leaves the
   * port closed for `downMs`, and starts it again on the same port: what a Redis restart looks like to
   * its clients (connections cut, then refused, then a fresh server with no subscriptions).
   */
  restart(downMs: number): Promise<void>;
  /**
   * The same restart in two steps, for a test that must see something happen while Redis is away however
   * slow the machine: `down` stops the server and resolves with the function that starts it again.
   */
  down(): Promise<() => Promise<void>>;
}

export const REDIS_BIN = process.env.LOUYU_REDIS_SERVER ?? '/usr/bin/redis-server';

/**
 * Starts Debian's redis-server on a free loopback port with its working folder in a temporary
 * directory, no snapshots on a timer and no append-only file: state lives as long as the process.
 */
export async function startRedis(): Promise<RedisHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'louyu-redis-'));
  const port = await freePort();
  let server = await spawnRedis(port, dir).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      try {
        await server.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    async restart(downMs) {
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await spawnRedis(port, dir);
    },
    async down() {
      await server.stop();
      return async () => {
        server = await spawnRedis(port, dir);
      };
    },
  };
}

/**
 * Spawns redis-server with the settings of {@link startRedis} (loopback, no persistence) and `extraArgs`
 * (`--replicaof host port` for a replica); the Sentinel harness (redis-sentinel.ts) uses it too.
 */
export function spawnRedis(
  port: number,
  dir: string,
  extraArgs: readonly string[] = [],
  name = 'redis-server',
): Promise<ServerProcess> {
  return spawnServer({
    name,
    command: REDIS_BIN,
    args: [
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
      ...extraArgs,
    ],
    ready: () => portOpen(port),
  });
}

/** One free-port helper for every harness (it lives in spawn-server.ts). */
export { freePort };
