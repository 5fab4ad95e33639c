// A Redis under Sentinel for one test file: a master, one replica (`--replicaof`) and one Sentinel, each
// Debian's redis-server on a free loopback port with its own temp folder (Sentinel rewrites its config
// file, so that file lives in the temp folder too). Quorum 1 and a 1 s down-after: a SIGKILLed master is
// replaced within a few seconds.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { REDIS_BIN, spawnRedis } from './redis.ts';
import { freePort, portOpen, spawnServer, type ServerProcess } from './spawn-server.ts';
import { until } from './until.ts';

export interface SentinelGroupHarness {
  /** `redis+sentinel://127.0.0.1:<sentinel port>/<master name>`: what `--redis` takes. */
  url: string;
  masterName: string;
  sentinelPort: number;
  /** The first master's port and the replica's. */
  masterPort: number;
  replicaPort: number;
  /** The master's port as the Sentinel names it now. */
  currentMasterPort(): Promise<number>;
  /** SIGKILLs the first master (no goodbye to anyone) and waits until it has exited. */
  killMaster(): Promise<void>;
  /** Waits until the Sentinel names the replica as the master (a finished failover). */
  waitForPromotion(): Promise<void>;
  stop(): Promise<void>;
}

const MASTER_NAME = 'louyu-test';

export async function startSentinelGroup(): Promise<SentinelGroupHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'louyu-sentinel-'));
  const servers: ServerProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const server of servers.reverse()) await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [masterPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()];
    const master = await spawnRedis(masterPort, await folder(dir, 'master'), [], 'redis master');
    servers.push(master);
    const replicaArgs = ['--replicaof', '127.0.0.1', String(masterPort)];
    servers.push(await spawnRedis(replicaPort, await folder(dir, 'replica'), replicaArgs, 'redis replica'));
    const sentinelDir = await folder(dir, 'sentinel');
    const config = join(sentinelDir, 'sentinel.conf');
    await writeFile(
      config,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${sentinelDir}`,
        `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} 1`,
        `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
        `sentinel failover-timeout ${MASTER_NAME} 5000`,
        '',
      ].join('\n'),
    );
    servers.push(
      await spawnServer({
        name: 'redis sentinel',
        command: REDIS_BIN,
        args: [config, '--sentinel'],
        ready: () => portOpen(sentinelPort),
      }),
    );
    const ask = (...args: string[]) => redisCommand(sentinelPort, args);
    // A failover needs a replica the Sentinel knows and that is in sync with the master.
    await until(async () => {
      const replicas = (await ask('SENTINEL', 'REPLICAS', MASTER_NAME)) as string[][];
      return replicas.some((fields) => field(fields, 'master-link-status') === 'ok');
    }, 'the Sentinel to see the replica in sync');
    const currentMasterPort = async (): Promise<number> => {
      const address = (await ask('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME)) as string[] | null;
      return Number(address?.[1] ?? 0);
    };
    return {
      url: `redis+sentinel://127.0.0.1:${sentinelPort}/${MASTER_NAME}`,
      masterName: MASTER_NAME,
      sentinelPort,
      masterPort,
      replicaPort,
      currentMasterPort,
      async killMaster() {
        const exited = new Promise((resolve) => master.child.once('exit', resolve));
        master.child.kill('SIGKILL');
        await exited;
      },
      async waitForPromotion() {
        await until(
          async () => (await currentMasterPort()) === replicaPort,
          'the Sentinel to promote the replica',
        );
        // Promoted means the replica was told REPLICAOF NO ONE; wait until it says it is a master.
        await until(
          async () => (await redisCommand(replicaPort, ['ROLE']))?.[0] === 'master',
          'the replica to act as master',
        );
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function folder(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  return path;
}

/** A field of a Sentinel reply given as a flat [name, value, name, value, ...] list. */
function field(fields: string[], name: string): string | undefined {
  const i = fields.indexOf(name);
  return i >= 0 && i % 2 === 0 ? fields[i + 1] : undefined;
}

/** One command on a short-lived connection (no retries: a dead server answers with an error). */
async function redisCommand(port: number, [command, ...args]: string[]): Promise<unknown[] | null> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.call(command!, ...args)) as unknown[] | null;
  } finally {
    client.disconnect();
  }
}
