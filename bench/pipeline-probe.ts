// A narrow run of the pipeline suite for profiling and A/B runs: fixed offered rates, one all-in-one child
// (optionally under --cpu-prof, or --trace-gc), the same generators and payloads as the suite; SQLite, or
// InfluxDB with --influx.
//   node --conditions=source --import tsx bench/pipeline-probe.ts [rate ...] [--prof DIR] [--ms N] [--influx] [--trace-gc] [--window N]
import { hepingRegistry } from '@louyu/core';
import { benchAccounts } from './lib/accounts.ts';
import { forkChild } from './lib/child.ts';
import type { PipelineStatus } from './lib/children/all-in-one.ts';
import type { PublisherClient } from './lib/children/publisher.ts';
import { GeneratorPool } from './lib/generators.ts';
import { startBenchInfluxd } from './lib/influxd.ts';
import { ProcSampler } from './lib/proc.ts';
import { perSecond, sleep } from './lib/stats.ts';

const args = process.argv.slice(2);
const profIndex = args.indexOf('--prof');
const profDir = profIndex >= 0 ? args.splice(profIndex, 2)[1] : undefined;
const msIndex = args.indexOf('--ms');
const durationMs = msIndex >= 0 ? Number(args.splice(msIndex, 2)[1]) : 4000;
// Unacknowledged messages a generator client may have out (the suite's 64; larger shows whether publishes
// left behind came from the pipeline's throughput or from PUBACK round trips).
const windowIndex = args.indexOf('--window');
const windowSize = windowIndex >= 0 ? Number(args.splice(windowIndex, 2)[1]) : 64;
const flag = (name: string): boolean => {
  const at = args.indexOf(name);
  if (at >= 0) args.splice(at, 1);
  return at >= 0;
};
const influxStore = flag('--influx');
const traceGc = flag('--trace-gc');
const rates = args.length > 0 ? args.map(Number) : [4000, 8000, 12_000, 16_000, 20_000];

const buildings = hepingRegistry()
  .buildings.slice(0, 20)
  .map((b) => b.id);
const accounts = benchAccounts(buildings);
const app = await forkChild('all-in-one', [
  ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
  ...(traceGc ? ['--trace-gc'] : []),
]);
const influxd = influxStore ? await startBenchInfluxd() : undefined;
const pool = await GeneratorPool.fork(2);
try {
  const { port } = await app.call<{ port: number }>('start', {
    store: influxd ? { kind: 'influx', url: influxd.url, database: 'probe' } : { kind: 'sqlite' },
    credentials: accounts.document,
  });
  const clients = buildings.map((b): PublisherClient => ({
    clientId: `bench-${b}`,
    topic: `louyu/v1/${b}/energy/m`,
    ...accounts.gateway(b),
  }));
  await pool.connect(`mqtt://127.0.0.1:${port}`, clients, { client: 'lean' });
  const sampler = new ProcSampler({ app: app.pid });
  const tsBase = Date.now() - 6 * 86_400_000;
  for (const rate of rates) {
    const before = await app.call<PipelineStatus>('status');
    sampler.start();
    const gen = await pool.run({
      qos: 1,
      payload: 'energy',
      durationMs,
      rate,
      window: windowSize,
      devices: 50,
      tsBase,
    });
    const usage = sampler.stop();
    const end = await app.call<PipelineStatus>('status');
    let drained = end;
    const deadline = Date.now() + 15_000;
    while (drained.stored - before.stored < gen.acked && Date.now() < deadline) {
      await sleep(100);
      drained = await app.call<PipelineStatus>('status');
    }
    const lost = gen.acked - (drained.stored - before.stored);
    console.log(
      `offered ${rate}: published ${Math.round(perSecond(gen.acked, gen.elapsedMs))}/s (behind ${gen.behind}), stored ${Math.round(perSecond(end.stored - before.stored, gen.elapsedMs))}/s, spool backlog +${end.spoolBacklog - before.spoolBacklog} (holding ${end.spoolRecords}), lost ${lost}, app CPU ${Math.round(usage.app?.cpuPct ?? NaN)}% (${Math.round((((usage.app?.cpuPct ?? NaN) / 100) * gen.elapsedMs * 1000) / gen.acked)} µs a message), loop p99 ${Math.round(end.loopDelayP99Ms)} ms (max ${Math.round(end.loopDelayMaxMs)}), writes ${drained.writes - before.writes} of ${Math.round((drained.stored - before.stored) / Math.max(1, drained.writes - before.writes))} pt taking ${Math.round(((drained.writeSeconds - before.writeSeconds) * 1000) / Math.max(1, drained.writes - before.writes))} ms`,
    );
  }
} finally {
  await pool.disconnect();
  await pool.close();
  await app.close();
  await influxd?.dispose();
}
