// Suite 4, scale: a simulated district of 1,000 and 5,000 buildings (a synthetic registry built from
// Heping's buildings) publishing in real time through Louyu's all-in-one ingest path into SQLite: the CPU
// and memory of the simulator process and of the broker+ingest process.
import { benchAccounts } from '../lib/accounts.ts';
import { forkChild } from '../lib/child.ts';
import type { PipelineStatus } from '../lib/children/all-in-one.ts';
import { ProcSampler } from '../lib/proc.ts';
import { syntheticRegistry } from '../lib/registry.ts';
import type { Figure, Suite, SuiteContext } from '../lib/result.ts';
import { perSecond, sleep } from '../lib/stats.ts';

async function measure(count: number, ctx: SuiteContext): Promise<Figure[]> {
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
    ctx.log(`scale: ${count} buildings connecting`);
    await fleet.call('start', { url: `mqtt://127.0.0.1:${port}`, buildings: count, passwords });
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const s = await fleet.call<{ connected: number }>('stats');
      if (s.connected >= count) break;
      await sleep(500);
    }
    // Past the first burst (every device reports at start), into the steady minute-by-minute traffic.
    await sleep(ctx.quick ? 2000 : 10_000);
    const sampler = new ProcSampler({ simulator: fleet.pid, app: app.pid });
    const before = await app.call<PipelineStatus>('status');
    const spanMs = ctx.quick ? 6000 : 30_000;
    sampler.start();
    await sleep(spanMs);
    const usage = sampler.stop();
    const after = await app.call<PipelineStatus>('status');
    const rate = perSecond(after.spooled - before.spooled, spanMs);
    const row = (subject: string, metric: string, value: number, unit: string, note?: string): Figure => ({
      suite: 'scale',
      case: `${count.toLocaleString('en-US')} buildings`,
      subject,
      metric,
      value,
      unit,
      ...(note ? { note } : {}),
    });
    const mib = (b: number | undefined) => (b ?? Number.NaN) / 1024 ** 2;
    return [
      row('district', 'messages', rate, 'msg/s', `real time, over ${spanMs / 1000} s`),
      row(
        'simulator',
        'CPU',
        usage.simulator?.cpuPct ?? Number.NaN,
        '% core',
        `${count} gateways, one process`,
      ),
      row('simulator', 'memory (RSS peak)', mib(usage.simulator?.peakRssBytes), 'MiB'),
      row('broker+ingest', 'CPU', usage.app?.cpuPct ?? Number.NaN, '% core', 'all-in-one, SQLite'),
      row('broker+ingest', 'memory (RSS peak)', mib(usage.app?.peakRssBytes), 'MiB'),
    ];
  } finally {
    await fleet.close();
    await app.close();
  }
}

async function run(ctx: SuiteContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const count of ctx.quick ? [1000] : [1000, 5000]) figures.push(...(await measure(count, ctx)));
  return figures;
}

export const scaleSuite: Suite = {
  name: 'scale',
  description:
    'simulated districts of 1,000 and 5,000 buildings (quick: 1,000) in real time: CPU and memory per process',
  run,
};
