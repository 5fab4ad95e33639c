// Suite 2, pipeline: gateways publish QoS 1 through Louyu's broker into ingest (spool on) and on to the store,
// as `louyu start` runs it. The offered rate is stepped up until something is lost or the spool grows; the
// highest rate that held is set beside the store's raw write ceiling (large batches straight to the store).
import { hepingRegistry } from '@louyu/core';
import { benchAccounts } from '../lib/accounts.ts';
import { forkChild, type BenchChild } from '../lib/child.ts';
import type { PipelineStatus } from '../lib/children/all-in-one.ts';
import type { PublisherClient } from '../lib/children/publisher.ts';
import type { GeneratorPool } from '../lib/generators.ts';
import { startBenchInfluxd, type BenchInfluxd } from '../lib/influxd.ts';
import { ProcSampler } from '../lib/proc.ts';
import { compared, type Figure, type Suite, type SuiteContext } from '../lib/result.ts';
import { perSecond, sleep } from '../lib/stats.ts';

const GATEWAYS = 20;
/** Meters per gateway: 1,000 series in all, each reporting once a simulated minute. */
const METERS = 50;
/** Simulated time starts 6 days back (ingest refuses ts more than 7 days old) and advances a minute a round. */
const TS_BASE = Date.now() - 6 * 86_400_000;
type StoreKind = 'sqlite' | 'influx';

interface StepResult {
  offered: number;
  published: number;
  /** Points stored from the step's start to its end, a second. */
  stored: number;
  /** Points stored a second in the step's steady part (storedRate of the all-in-one child). */
  storedSteady: number;
  /** How far the spool's backlog grew over the step, in records (see the all-in-one child's spoolBacklog). */
  spoolGrowth: number;
  lost: number;
  held: boolean;
  appCpuPct: number;
  dbCpuPct: number;
  genCpuPct: number;
  /** Broker+ingest event-loop delay over the step, p99, ms: how long a PUBACK could wait. */
  loopDelayP99Ms: number;
  /** The longest event-loop delay of the step, ms: a PUBACK held this long fills a fast gateway's window. */
  loopDelayMaxMs: number;
  /** Load-generator publishes skipped because a client's window of unacknowledged messages was full. */
  behind: number;
  /** The store writes over the step: points per write (batch) and ms per write, on the store's thread. */
  batchPoints: number;
  writeMs: number;
}

function storeArg(kind: StoreKind, influx: BenchInfluxd | undefined, database: string) {
  return kind === 'sqlite' ? { kind } : { kind, url: (influx as BenchInfluxd).url, database };
}

async function ceiling(
  kind: StoreKind,
  influx: BenchInfluxd | undefined,
  ctx: SuiteContext,
): Promise<Figure> {
  ctx.log(`pipeline: ${kind} raw write ceiling`);
  const writer = await forkChild('store-writer');
  try {
    await writer.call('open', { store: storeArg(kind, influx, 'bench_ceiling') });
    // STACK.md: influxd takes its best with 1,000-5,000-line batches from several writers.
    const concurrency = kind === 'influx' ? 4 : 1;
    const result = await writer.call<{ points: number; elapsedMs: number; cpuPct: number }>('ceiling', {
      batchSize: 5000,
      concurrency,
      durationMs: ctx.quick ? 2000 : 5000,
    });
    return {
      suite: 'pipeline',
      case: `${kind} raw write ceiling`,
      subject: 'store.write',
      metric: 'points stored',
      value: perSecond(result.points, result.elapsedMs),
      unit: 'pt/s',
      note: `5,000-point batches of 1,000 series a minute apart, ${concurrency} writer${concurrency > 1 ? 's' : ''}, writer CPU ${Math.round(result.cpuPct)}%`,
    };
  } finally {
    await writer.close();
  }
}

/** The steady part of a step: from a second (a quarter of a short step) after its start to 250 ms before its end. */
const STEADY_FROM_MS = 1000;
const STEADY_END_BEFORE_MS = 250;

async function step(
  app: BenchChild,
  pool: GeneratorPool,
  sampler: ProcSampler,
  offered: number,
  durationMs: number,
): Promise<StepResult> {
  // Reading the status also restarts the event-loop delay histogram, so `end` covers this step alone.
  const before = await app.call<PipelineStatus>('status');
  sampler.start();
  // The store's rate in the step's steady part: from its first second (the writer's first batches) to just
  // before the generators stop, read from the app while they run.
  const startedAt = Date.now();
  const steady = sleep(durationMs - STEADY_END_BEFORE_MS).then(() =>
    app.call<number>('storedRate', { since: startedAt + Math.min(STEADY_FROM_MS, durationMs / 4) }),
  );
  const gen = await pool.run({
    qos: 1,
    payload: 'energy',
    durationMs,
    rate: offered,
    window: 64,
    devices: METERS,
    tsBase: TS_BASE,
  });
  const storedSteady = await steady;
  const usage = sampler.stop();
  const end = await app.call<PipelineStatus>('status');
  // Nothing lost: every acknowledged message reaches the store once the writer catches up (bounded wait).
  let drained = end;
  const deadline = Date.now() + 10_000;
  while (drained.stored - before.stored < gen.acked && Date.now() < deadline) {
    await sleep(100);
    drained = await app.call<PipelineStatus>('status');
  }
  const published = perSecond(gen.acked, gen.elapsedMs);
  // The backlog, not one reading of the spool: a reading also counts the batch the writer is gathering.
  const spoolGrowth = end.spoolBacklog - before.spoolBacklog;
  const lost = gen.acked - (drained.stored - before.stored);
  // Held: the offered rate went out (within 2 %), nothing was lost, and the spool's backlog ended the step
  // no more than a quarter second of traffic above where it started.
  const held = published >= offered * 0.98 && gen.behind === 0 && lost <= 0 && spoolGrowth <= offered / 4;
  const writes = Math.max(1, drained.writes - before.writes);
  return {
    offered,
    published,
    stored: perSecond(end.stored - before.stored, gen.elapsedMs),
    storedSteady,
    spoolGrowth,
    lost,
    held,
    appCpuPct: usage.app?.cpuPct ?? Number.NaN,
    dbCpuPct: usage.db?.cpuPct ?? Number.NaN,
    genCpuPct: gen.cpuPct,
    loopDelayP99Ms: end.loopDelayP99Ms,
    loopDelayMaxMs: end.loopDelayMaxMs,
    behind: gen.behind,
    batchPoints: Math.round((drained.stored - before.stored) / writes),
    writeMs: Math.round(((drained.writeSeconds - before.writeSeconds) * 1000) / writes),
  };
}

/** Past the fixed grid each step offers a quarter more, until one fails: the figure is a ceiling, not the grid's top. */
const GROWTH = 1.25;
const HIGHEST_OFFERED = 200_000;

function* offeredRates(quick: boolean): Generator<number> {
  // The quick grid is coarser, and extends the same way: a quick figure is a ceiling too.
  const grid = quick
    ? [2500, 6000, 10_000, 15_000, 20_000]
    : [2000, 3000, 4500, 6000, 8000, 10_000, 13_000, 16_000, 20_000, 25_000];
  yield* grid;
  let offered = grid.at(-1) as number;
  while (offered < HIGHEST_OFFERED) {
    offered = Math.round((offered * GROWTH) / 1000) * 1000;
    yield offered;
  }
}

async function sustained(
  kind: StoreKind,
  influx: BenchInfluxd | undefined,
  ctx: SuiteContext,
): Promise<{ best: StepResult | undefined; steps: StepResult[] }> {
  const registry = hepingRegistry();
  const buildings = registry.buildings.slice(0, GATEWAYS).map((b) => b.id);
  const accounts = benchAccounts(buildings);
  const [app, pool] = await Promise.all([forkChild('all-in-one'), ctx.children.generators()]);
  const steps: StepResult[] = [];
  try {
    const { port } = await app.call<{ port: number }>('start', {
      store: storeArg(kind, influx, `bench_pipeline`),
      credentials: accounts.document,
    });
    const clients = buildings.map((b): PublisherClient => ({
      clientId: `bench-${b}`,
      topic: `louyu/v1/${b}/energy/m`,
      ...accounts.gateway(b),
    }));
    // Lean publishers (lean-mqtt.ts): with mqtt.js the two generator processes took about 60 % of a core at
    // 20,000 msg/s on a 2-core machine, and what they took from broker+ingest was what this suite measured.
    await pool.connect(`mqtt://127.0.0.1:${port}`, clients, { client: 'lean' });
    const sampler = new ProcSampler({ app: app.pid, ...(influx?.pid ? { db: influx.pid } : {}) });
    for (const offered of offeredRates(ctx.quick)) {
      ctx.log(`pipeline: ${kind}, offered ${offered} msg/s`);
      const result = await step(app, pool, sampler, offered, ctx.quick ? 2000 : 5000);
      steps.push(result);
      ctx.log(
        `  ${result.held ? 'held' : 'did not hold'}: published ${Math.round(result.published)}/s (${result.behind} not sent), stored ${Math.round(result.storedSteady)}/s steady (${Math.round(result.stored)}/s start to end), spool backlog +${result.spoolGrowth}, lost ${Math.max(0, result.lost)}, app CPU ${Math.round(result.appCpuPct)}%, event-loop delay p99 ${Math.round(result.loopDelayP99Ms)} ms (max ${Math.round(result.loopDelayMaxMs)}), store writes of ${result.batchPoints} points taking ${result.writeMs} ms`,
      );
      // Once a rate does not hold, higher ones will not either on the same machine.
      if (!result.held) break;
    }
  } finally {
    await pool.disconnect();
    await app.close();
  }
  return { best: steps.filter((s) => s.held).at(-1), steps };
}

async function run(ctx: SuiteContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  const influx = await startBenchInfluxd();
  try {
    for (const kind of ['sqlite', 'influx'] as const) {
      const ceil = await ceiling(kind, influx, ctx);
      const { best, steps } = await sustained(kind, influx, ctx);
      const first = steps.find((s) => !s.held);
      figures.push(ceil);
      figures.push(
        compared(
          {
            suite: 'pipeline',
            case: `${kind}: publish QoS 1 -> spool -> store`,
            subject: 'louyu',
            metric: 'highest sustained',
            value: best?.storedSteady ?? 0,
            unit: 'msg/s',
            generatorCpuPct: best?.genCpuPct,
            note: best
              ? `offered ${best.offered}/s held, stored ${Math.round(best.storedSteady)}/s in its steady part (${Math.round(best.stored)}/s from its start to its end, the writer's last batch still in hand); ingest+broker CPU ${Math.round(best.appCpuPct)}%, event-loop delay p99 ${Math.round(best.loopDelayP99Ms)} ms, store writes of ${best.batchPoints} points in ${best.writeMs} ms` +
                (kind === 'influx' ? `, influxd CPU ${Math.round(best.dbCpuPct)}%` : '') +
                (first
                  ? `; ${first.offered}/s did not (published ${Math.round(first.published)}/s, ${first.behind} not sent on full windows, stored ${Math.round(first.storedSteady)}/s steady, spool backlog +${first.spoolGrowth}, lost ${Math.max(0, first.lost)}, event-loop delay p99 ${Math.round(first.loopDelayP99Ms)} ms, max ${Math.round(first.loopDelayMaxMs)})`
                  : '; highest step held')
              : `the lowest step (${steps[0]?.offered ?? '?'}/s) did not hold`,
          },
          { ...ceil, subject: 'ceiling' },
        ),
      );
    }
  } finally {
    await influx.dispose();
  }
  return figures;
}

export const pipelineSuite: Suite = {
  name: 'pipeline',
  description:
    "publish (QoS 1) -> broker -> spool -> store, stepped offered rate, for SQLite and InfluxDB, beside each store's raw write ceiling",
  run,
};
