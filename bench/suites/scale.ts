// Suite 4, scale: a simulated district of 1,000 and 5,000 buildings (a synthetic registry built from
// Heping's buildings) publishing in real time through Louyu's all-in-one ingest path into SQLite: the CPU
// and memory of the simulator process and of the broker+ingest process.
//
// The simulator's model steps a minute at a time, so a district in real time publishes in bursts at each
// minute, the first of them the full report (every device at once). Two phases are measured: that first
// report, from the first message to the last one stored (the hardest minute: it shows how long the
// district's whole picture takes to arrive), and, in the full run for 1,000 buildings, one steady minute
// after it (any 60 s window holds exactly one minute's burst, so its averages are the district's own).
// Then the scale-out cost (issue 17): CPU per message of two `louyu node` processes and their Redis against
// the all-in-one path at the same offered rate (bench/lib/scale-out-nodes.ts).
import type { FleetStats } from '@louyu/simulators';
import { benchAccounts } from '../lib/accounts.ts';
import { forkChild, type BenchChild } from '../lib/child.ts';
import type { PipelineStatus } from '../lib/children/all-in-one.ts';
import { ProcSampler, type ProcUsage } from '../lib/proc.ts';
import { nodesAgainstAllInOne } from '../lib/scale-out-nodes.ts';
import { syntheticRegistry } from '../lib/registry.ts';
import type { Figure, Suite, SuiteContext } from '../lib/result.ts';
import { perSecond, sleep } from '../lib/stats.ts';

const MINUTE = 60_000;

interface Phase {
  name: string;
  messages: number;
  elapsedMs: number;
  usage: Record<string, ProcUsage>;
}

/**
 * From the release of the district's clock: waits for the first report's messages to start arriving, then
 * until every one is stored and nothing new came for 1.5 s. `base` is what was stored before (the gateways'
 * status messages).
 */
async function firstReport(
  app: BenchChild,
  fleet: BenchChild,
  sampler: ProcSampler,
  base: PipelineStatus,
  limitMs: number,
): Promise<Phase> {
  const name = limitMs < MINUTE ? `first report, its first ${limitMs / 1000} s` : 'first report';
  const t0 = performance.now();
  let last = base;
  let lastChange = t0;
  while (performance.now() - t0 < limitMs) {
    await sleep(250);
    const now = await app.call<PipelineStatus>('status');
    if (now.stored !== last.stored || now.spooled !== last.spooled) lastChange = performance.now();
    last = now;
    const started = last.stored > base.stored;
    if (started && last.stored >= last.spooled && performance.now() - lastChange >= 1500) break;
    // A simulator that failed sends nothing more: no use waiting out the limit.
    if (performance.now() - lastChange >= 3000 && (await fleet.call<FleetStats>('stats')).errors > 0) break;
  }
  const usage = sampler.stop();
  const elapsedMs = Math.min(lastChange, t0 + limitMs) - t0;
  return { name, messages: last.stored - base.stored, elapsedMs, usage };
}

async function measure(count: number, ctx: SuiteContext, steady: boolean): Promise<Figure[]> {
  const ids = syntheticRegistry(count).buildings.map((b) => b.id);
  const accounts = benchAccounts(ids);
  const passwords = Object.fromEntries(ids.map((b) => [b, accounts.gateway(b).password]));
  const [app, fleet] = await Promise.all([forkChild('all-in-one'), forkChild('fleet')]);
  try {
    const { port } = await app.call<{ port: number }>('start', {
      store: { kind: 'sqlite' },
      credentials: accounts.document,
      buildings: count,
    });
    ctx.log(`scale: ${count} buildings, connecting and sending the first report`);
    const pids = { simulator: fleet.pid, app: app.pid };
    await fleet.call('start', { url: `mqtt://127.0.0.1:${port}`, buildings: count, passwords });
    const deadline = Date.now() + 2 * MINUTE;
    let connected = 0;
    while (connected < count && Date.now() < deadline) {
      await sleep(250);
      connected = (await fleet.call<FleetStats>('stats')).connected;
    }
    if (connected < count) throw new Error(`only ${connected} of ${count} gateways connected in 2 minutes`);
    // Every gateway is connected: the district's clock goes, and its first report goes out at once.
    const base = await app.call<PipelineStatus>('status');
    const burstSampler = new ProcSampler(pids);
    burstSampler.start();
    await fleet.call('release');
    // Quick mode, and 5,000 buildings: its first seconds (the rate it is taken at, the CPU and memory it costs).
    const limitMs = ctx.quick ? 8000 : count > 1000 ? 30_000 : 5 * MINUTE;
    const phases = [await firstReport(app, fleet, burstSampler, base, limitMs)];
    const { dropped, errors, lastError } = await fleet.call<FleetStats>('stats');
    const failure = errors > 0 ? `; the simulator failed: ${lastError ?? 'unknown error'}` : '';
    if (steady) {
      ctx.log(`scale: ${count} buildings, one steady minute`);
      const sampler = new ProcSampler(pids);
      const before = await app.call<PipelineStatus>('status');
      sampler.start();
      await sleep(MINUTE);
      const usage = sampler.stop();
      const after = await app.call<PipelineStatus>('status');
      phases.push({
        name: 'steady minute',
        messages: after.spooled - before.spooled,
        elapsedMs: MINUTE,
        usage,
      });
    }
    const mib = (b: number | undefined) => (b ?? Number.NaN) / 1024 ** 2;
    const figures: Figure[] = [];
    for (const phase of phases) {
      const row = (subject: string, metric: string, value: number, unit: string, note?: string): Figure => ({
        suite: 'scale',
        case: `${count.toLocaleString('en-US')} buildings, ${phase.name}`,
        subject,
        metric,
        value,
        unit,
        ...(note ? { note } : {}),
      });
      const { simulator, app: ingest } = phase.usage;
      figures.push(
        row(
          'district',
          'messages stored',
          perSecond(phase.messages, phase.elapsedMs),
          'msg/s',
          `${phase.messages.toLocaleString('en-US')} messages in ${(phase.elapsedMs / 1000).toFixed(1)} s` +
            (phase.name.startsWith('first report') ? ' (every device at once)' : '') +
            (dropped > 0 ? `; the simulator dropped ${dropped} (gateway windows full)` : '') +
            failure,
        ),
        row('simulator', 'CPU', simulator?.cpuPct ?? Number.NaN, '% core', `${count} gateways, one process`),
        row('simulator', 'memory (RSS peak)', mib(simulator?.peakRssBytes), 'MiB'),
        row('broker+ingest', 'CPU', ingest?.cpuPct ?? Number.NaN, '% core', 'all-in-one, SQLite'),
        row('broker+ingest', 'memory (RSS peak)', mib(ingest?.peakRssBytes), 'MiB'),
      );
    }
    return figures;
  } finally {
    await fleet.close();
    await app.close();
  }
}

async function run(ctx: SuiteContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  figures.push(...(await measure(1000, ctx, !ctx.quick)));
  if (!ctx.quick) figures.push(...(await measure(5000, ctx, false)));
  figures.push(...(await nodesAgainstAllInOne(ctx)));
  return figures;
}

export const scaleSuite: Suite = {
  name: 'scale',
  description:
    "simulated districts of 1,000 and 5,000 buildings (quick: 1,000) in real time into SQLite: the first report's rate, CPU and memory per process, and one steady minute (full run, 1,000); CPU per message of two louyu nodes + Redis against the all-in-one, into InfluxDB",
  run,
};
