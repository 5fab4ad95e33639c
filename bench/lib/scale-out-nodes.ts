// Issue 17's cost question: CPU per message of two `louyu node` processes (and the Redis they share) against
// the all-in-one path (broker + in-process ingest in one process, as `louyu start` composes it), in the same
// run, at the same offered rate, from the same two load-generator processes, both into InfluxDB. influxd's
// own CPU is left out of both (it does the same work either way).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hepingRegistry } from '@louyu/core';
import { startRedis, type RedisHarness } from '../../tests/harness/redis.ts';
import { freePort, spawnServer, type ServerProcess } from '../../tests/harness/spawn-server.ts';
import { benchAccounts } from './accounts.ts';
import { forkChild } from './child.ts';
import type { PublisherClient } from './children/publisher.ts';
import { GeneratorPool } from './generators.ts';
import { startBenchInfluxd, type BenchInfluxd } from './influxd.ts';
import { findPid, ProcSampler } from './proc.ts';
import { compared, type Figure, type SuiteContext } from './result.ts';
import { perSecond, sleep } from './stats.ts';

const LOUYU = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'louyu.js');
const GATEWAYS = 20;
const METERS = 50;
const TS_BASE = Date.now() - 6 * 86_400_000;
/** After the load stops, the writers' last batches are still counted: the same tail for both setups. */
const TAIL_MS = 2000;
/** How long the idle CPU of each setup is read before its load starts. */
const IDLE_MS = 4000;
/**
 * Load before anything is measured: a process just started is still compiling its hot paths and loading
 * what it imports lazily, once; two nodes would pay that twice in a short run. The figure is the steady cost.
 */
const WARMUP_MS = 3000;
/** Warm-up readings are a day older than the measured ones (which span hours), so none is overwritten. */
const WARMUP_TS_BASE = TS_BASE - 86_400_000;

interface Run {
  /** CPU of the measured processes while idle (connected, nothing published), ms per second. */
  idleMsPerS: number;
  acked: number;
  elapsedMs: number;
  /** CPU of the measured processes over the run and its tail, ms. */
  cpuMs: number;
  generatorCpuPct: number;
  byProcess: Record<string, number>;
}

/** Runs both generator pools at `rate` in all (half each) and reads the CPU of `pids` meanwhile. */
async function measured(
  pools: readonly GeneratorPool[],
  pids: Record<string, number>,
  rate: number,
  durationMs: number,
): Promise<Run> {
  await Promise.all(
    pools.map((pool) =>
      pool.run({
        qos: 1,
        payload: 'energy',
        durationMs: WARMUP_MS,
        rate: rate / pools.length,
        window: 64,
        devices: METERS,
        tsBase: WARMUP_TS_BASE,
      }),
    ),
  );
  await sleep(TAIL_MS);
  // Idle first: what the processes cost with nothing to do (timers, heartbeats, Redis pings).
  const idle = new ProcSampler(pids);
  idle.start();
  await sleep(IDLE_MS);
  const idleMsPerS =
    Object.values(idle.stop()).reduce((sum, u) => sum + (u.cpuPct / 100) * IDLE_MS, 0) / (IDLE_MS / 1000);
  const sampler = new ProcSampler(pids);
  const t0 = performance.now();
  sampler.start();
  const results = await Promise.all(
    pools.map((pool) =>
      pool.run({
        qos: 1,
        payload: 'energy',
        durationMs,
        rate: rate / pools.length,
        window: 64,
        devices: METERS,
        tsBase: TS_BASE,
      }),
    ),
  );
  await sleep(TAIL_MS);
  const usage = sampler.stop();
  const spanMs = performance.now() - t0;
  const byProcess = Object.fromEntries(
    Object.entries(usage).map(([name, u]) => [name, (u.cpuPct / 100) * spanMs]),
  );
  return {
    idleMsPerS,
    acked: results.reduce((sum, r) => sum + r.acked, 0),
    elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
    cpuMs: Object.values(byProcess).reduce((sum, ms) => sum + ms, 0),
    generatorCpuPct: results.reduce((sum, r) => sum + r.cpuPct, 0),
    byProcess,
  };
}

async function readyz(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
  await response?.arrayBuffer();
  return response?.status === 200;
}

/**
 * With LOUYU_BENCH_CPU_PROF=<dir>, Node's flags for V8 CPU profiles of the process named `name`, one per
 * thread (the store's worker too), written to `<dir>/<name>/` when it exits: where the CPU per message goes.
 */
function cpuProfile(name: string): string[] {
  const dir = process.env.LOUYU_BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', join(dir, name)] : [];
}

/** `louyu node` as an operator runs it, ready once its /readyz says 200. */
async function startNode(
  name: string,
  dir: string,
  redis: RedisHarness,
  influx: BenchInfluxd,
  credentialsFile: string,
): Promise<{ server: ServerProcess; url: string }> {
  const [mqttPort, metricsPort] = [await freePort(), await freePort()];
  const server = await spawnServer({
    name: `louyu node ${name}`,
    command: process.execPath,
    args: [
      ...cpuProfile(name),
      LOUYU,
      'node',
      '--node-name',
      name,
      '--host',
      '127.0.0.1',
      '--mqtt-port',
      String(mqttPort),
      '--metrics-port',
      String(metricsPort),
      '--redis',
      redis.url,
      '--influx',
      influx.url,
      '--influx-database',
      'bench_nodes',
      '--credentials',
      credentialsFile,
      '--data-dir',
      join(dir, name),
    ],
    ready: () => readyz(metricsPort),
    startTimeoutMs: 120_000,
  });
  return { server, url: `mqtt://127.0.0.1:${mqttPort}` };
}

/** CPU per message, two nodes (+ Redis) against the all-in-one, at one offered rate. */
export async function nodesAgainstAllInOne(ctx: SuiteContext): Promise<Figure[]> {
  // The same offered rate in the quick run, only shorter: at half the rate each node carries 1,000 msg/s,
  // where its per-turn costs (a spool write and PUBACKs per event-loop turn) weigh more per message.
  const rate = 4000;
  const durationMs = ctx.quick ? 8000 : 15_000;
  const buildings = hepingRegistry()
    .buildings.slice(0, GATEWAYS)
    .map((b) => b.id);
  const accounts = benchAccounts(buildings);
  const clients = buildings.map((b): PublisherClient => ({
    clientId: `bench-${b}`,
    topic: `louyu/v1/${b}/energy/m`,
    ...accounts.gateway(b),
  }));
  const halves = [clients.filter((_, i) => i % 2 === 0), clients.filter((_, i) => i % 2 === 1)];
  const dir = await mkdtemp(join(tmpdir(), 'louyu-bench-nodes-'));
  const credentialsFile = join(dir, 'credentials.json');
  await writeFile(credentialsFile, JSON.stringify(accounts.document), { mode: 0o600 });
  const [influx, redis, pools] = await Promise.all([
    startBenchInfluxd(),
    startRedis(),
    Promise.all([GeneratorPool.fork(1), GeneratorPool.fork(1)]),
  ]);
  const nodes: ServerProcess[] = [];
  try {
    ctx.log(`scale: all-in-one, ${rate} msg/s for ${durationMs / 1000} s`);
    const app = await forkChild('all-in-one', cpuProfile('all-in-one'));
    let one: Run;
    let half: Run;
    try {
      const { port } = await app.call<{ port: number }>('start', {
        store: { kind: 'influx', url: influx.url, database: 'bench_all_in_one' },
        credentials: accounts.document,
      });
      await Promise.all(
        pools.map((pool, i) => pool.connect(`mqtt://127.0.0.1:${port}`, halves[i]!, { client: 'lean' })),
      );
      one = await measured(pools, { app: app.pid }, rate, durationMs);
      // The same process carrying one node's share (half the gateways, half the rate): a node's cost is
      // measured against this too, to tell the cost of being a node from the cost of smaller batches.
      ctx.log(`scale: all-in-one at one node's share, ${rate / 2} msg/s for ${durationMs / 1000} s`);
      await pools[1].disconnect();
      half = await measured([pools[0]], { app: app.pid }, rate / 2, durationMs);
      await pools[0].disconnect();
    } finally {
      await app.close();
    }

    ctx.log(`scale: two louyu nodes + Redis, ${rate} msg/s for ${durationMs / 1000} s`);
    const started = await Promise.all(
      ['node-1', 'node-2'].map((name) => startNode(name, dir, redis, influx, credentialsFile)),
    );
    nodes.push(...started.map((n) => n.server));
    await Promise.all(pools.map((pool, i) => pool.connect(started[i]!.url, halves[i]!, { client: 'lean' })));
    const redisPid = findPid(`127.0.0.1:${redis.port}`);
    const two = await measured(
      pools,
      {
        'node-1': started[0]!.server.child.pid!,
        'node-2': started[1]!.server.child.pid!,
        ...(redisPid ? { redis: redisPid } : {}),
      },
      rate,
      durationMs,
    );
    await Promise.all(pools.map((pool) => pool.disconnect()));

    const perMessage = (run: Run) => (run.cpuMs * 1000) / Math.max(1, run.acked);
    // What the messages themselves cost: the idle rate taken off over the same span.
    const aboveIdle = (run: Run) =>
      ((run.cpuMs - (run.idleMsPerS * (run.elapsedMs + TAIL_MS)) / 1000) * 1000) / Math.max(1, run.acked);
    const row = (subject: string, run: Run, note: string): Figure => ({
      suite: 'scale',
      case: `two nodes against the all-in-one, ${rate.toLocaleString('en-US')} msg/s offered, InfluxDB`,
      subject,
      metric: 'CPU per message',
      value: perMessage(run),
      unit: 'µs',
      generatorCpuPct: run.generatorCpuPct,
      note: `${perSecond(run.acked, run.elapsedMs).toFixed(0)} msg/s acknowledged; ${note}; idle ${(run.idleMsPerS / 10).toFixed(1)} % of a core, above idle ${aboveIdle(run).toFixed(0)} µs/msg`,
    });
    const ms = (v: number | undefined) => `${Math.round(v ?? 0)} ms`;
    const base = row('all-in-one', one, `broker+ingest process ${ms(one.byProcess.app)} CPU`);
    const share = row(
      "all-in-one at one node's share",
      half,
      `half the gateways at half the rate; broker+ingest process ${ms(half.byProcess.app)} CPU`,
    );
    const nodesRow = row(
      'two louyu nodes',
      two,
      `node-1 ${ms(two.byProcess['node-1'])}, node-2 ${ms(two.byProcess['node-2'])}, redis-server ${redisPid ? ms(two.byProcess.redis) : 'not found'} CPU`,
    );
    ctx.log(
      `  all-in-one ${perMessage(one).toFixed(0)} µs/msg, two nodes ${perMessage(two).toFixed(0)} µs/msg (${(perMessage(two) / perMessage(one)).toFixed(2)}x); above idle ${aboveIdle(one).toFixed(0)} and ${aboveIdle(two).toFixed(0)} µs/msg (${(aboveIdle(two) / aboveIdle(one)).toFixed(2)}x)`,
    );
    ctx.log(
      `  all-in-one at one node's share ${perMessage(half).toFixed(0)} µs/msg: two nodes ${(perMessage(two) / perMessage(half)).toFixed(2)}x of it`,
    );
    return [base, compared(nodesRow, base, share), share];
  } finally {
    for (const node of nodes) await node.stop();
    await pools[0].close();
    await pools[1].close();
    await redis.stop();
    await influx.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
