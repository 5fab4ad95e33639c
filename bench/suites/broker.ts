// Suite 1, broker: delivered messages per second through Louyu's broker (accounts, ACL, limits on) beside the
// same aedes with no hooks and Debian's mosquitto, driven by the same load generator; and the memory a
// thousand idle connections cost each of them.
import { benchAccounts } from '../lib/accounts.ts';
import { forkChild, type BenchChild } from '../lib/child.ts';
import type { PublisherClient, RunResult } from '../lib/children/publisher.ts';
import type { ReadResult } from '../lib/children/subscriber.ts';
import type { GeneratorPool } from '../lib/generators.ts';
import { startMosquitto, type MosquittoProcess } from '../lib/mosquitto.ts';
import { ProcSampler, readProc } from '../lib/proc.ts';
import { compared, type Figure, type Suite, type SuiteContext } from '../lib/result.ts';
import { perSecond, sleep } from '../lib/stats.ts';

type Subject = 'louyu' | 'aedes' | 'mosquitto';
const SUBJECTS: readonly Subject[] = ['aedes', 'mosquitto', 'louyu'];
const IDLE_CONNECTIONS = 1000;
/** Connections opened before the memory is first read, so the code paths a connection takes are warm. */
const WARM_CONNECTIONS = 50;

const building = (i: number) => `b${String(i).padStart(4, '0')}`;

/** A broker under test, started fresh for each case. */
interface RunningSubject {
  port: number;
  pid: number;
  /** Resident memory after a full GC where the broker is Node. */
  memory(): Promise<number>;
  stop(): Promise<void>;
}

async function startSubject(subject: Subject, host: BenchChild, accounts: ReturnType<typeof benchAccounts>) {
  if (subject === 'mosquitto') {
    const m: MosquittoProcess = await startMosquitto();
    return {
      port: m.port,
      pid: m.pid,
      memory: () => Promise.resolve(readProc(m.pid)?.rssBytes ?? Number.NaN),
      stop: () => m.stop(),
    } satisfies RunningSubject;
  }
  const { port } = await host.call<{ port: number }>('start', {
    kind: subject,
    ...(subject === 'louyu' ? { credentials: accounts.document } : {}),
  });
  return {
    port,
    pid: host.pid,
    memory: async () => (await host.call<{ rss: number }>('memory')).rss,
    stop: () => host.call('stop'),
  } satisfies RunningSubject;
}

function clientsFor(subject: Subject, count: number, accounts: ReturnType<typeof benchAccounts>, offset = 0) {
  return Array.from({ length: count }, (_, i): PublisherClient => {
    const b = building(offset + i);
    return {
      clientId: `bench-${b}`,
      topic: `louyu/v1/${b}/energy/m1`,
      ...(subject === 'louyu' ? accounts.gateway(b) : {}),
    };
  });
}

const order = (f: Figure) => SUBJECTS.indexOf(f.subject as Subject);

/** Louyu against both baselines; aedes against mosquitto. */
function withBaselines(f: Figure, find: (subject: Subject) => Figure | undefined): Figure {
  if (f.subject === 'louyu') return compared(f, find('aedes'), find('mosquitto'));
  if (f.subject === 'aedes') return compared(f, find('mosquitto'));
  return f;
}

interface CaseContext {
  ctx: SuiteContext;
  subject: Subject;
  publishers: number;
  broker: RunningSubject;
  subscriber: BenchChild;
  pool: GeneratorPool;
}

/** One figure of delivered msg/s and one of messages per broker CPU-second. */
interface Measured {
  delivered: Figure;
  efficiency: Figure;
}

function measured(
  c: CaseContext,
  qos: 0 | 1,
  received: number,
  elapsedMs: number,
  brokerCpuPct: number,
  gen: RunResult,
  note: string,
): Measured {
  const label = `QoS ${qos}, ${c.publishers} publishers`;
  const value = perSecond(received, elapsedMs);
  // On a shared machine every process gets a slice of the cores; messages per second of the broker's own CPU
  // time is the figure that survives that.
  const brokerCpu = brokerCpuPct / 100;
  return {
    delivered: {
      suite: 'broker',
      case: label,
      subject: c.subject,
      metric: qos === 0 ? 'delivered, no loss' : 'delivered',
      value,
      unit: 'msg/s',
      generatorCpuPct: gen.cpuPct,
      note,
    },
    efficiency: {
      suite: 'broker',
      case: label,
      subject: c.subject,
      metric: 'delivered per broker CPU-s',
      value: brokerCpu > 0 ? value / brokerCpu : Number.NaN,
      unit: 'msg',
    },
  };
}

/** QoS 1, closed loop: each publisher keeps a window of unacknowledged messages, so the broker sets the pace. */
async function qos1(c: CaseContext): Promise<Measured> {
  const { ctx, broker, subscriber, pool } = c;
  const measureMs = ctx.quick ? 800 : 3000;
  const warmupMs = ctx.quick ? 200 : 500;
  ctx.log(`broker: QoS 1, ${c.publishers} publishers, ${c.subject}`);
  const sampler = new ProcSampler({ broker: broker.pid });
  const running = pool.run({
    qos: 1,
    payload: 'filler',
    durationMs: warmupMs + measureMs,
    rate: null,
    window: 32,
  });
  await sleep(warmupMs);
  await subscriber.call('reset');
  sampler.start();
  await sleep(measureMs);
  const got = await subscriber.call<ReadResult>('read');
  const usage = sampler.stop();
  const gen = await running;
  // Let the broker drain what it queued before the next case.
  await subscriber.call('settle', { quietMs: 200, maxMs: ctx.quick ? 3000 : 10_000 });
  return measured(
    c,
    1,
    got.received,
    got.elapsedMs,
    usage.broker?.cpuPct ?? 0,
    gen,
    `broker CPU ${Math.round(usage.broker?.cpuPct ?? 0)}%, subscriber CPU ${Math.round(got.cpuPct)}%, published ${Math.round(perSecond(gen.acked, gen.elapsedMs))}/s`,
  );
}

/** Offered QoS 0 rates, msg/s over all publishers (a grid a quarter to a third apart in the full run). */
const QOS0_STEPS_QUICK = [20_000, 40_000, 60_000, 80_000];
const QOS0_STEPS_FULL = [10_000, 14_000, 19_000, 25_000, 33_000, 43_000, 56_000, 72_000, 92_000];

interface Step {
  offered: number;
  held: boolean;
  /** Why it did not hold. */
  why: string;
  result: Measured;
}

async function qos0Step(c: CaseContext, offered: number): Promise<Step> {
  const { ctx, broker, subscriber, pool } = c;
  ctx.log(`broker: QoS 0, ${c.publishers} publishers, ${c.subject}, offered ${offered}/s`);
  await subscriber.call('settle', { quietMs: 100, maxMs: 2000 });
  await subscriber.call('reset');
  const sampler = new ProcSampler({ broker: broker.pid });
  sampler.start();
  const gen = await pool.run({
    qos: 0,
    payload: 'filler',
    durationMs: ctx.quick ? 800 : 2000,
    rate: offered,
    window: 256,
  });
  const usage = sampler.stop();
  // Whatever the broker still holds must arrive promptly; a backlog that takes longer counts as not delivered.
  await subscriber.call('settle', { quietMs: 150, maxMs: 1000 });
  const got = await subscriber.call<ReadResult>('read');
  const published = perSecond(gen.sent, gen.elapsedMs);
  const lost = gen.sent - got.received;
  const held = gen.behind === 0 && published >= offered * 0.97 && lost <= 0;
  const why =
    lost > 0
      ? `${lost} of ${gen.sent} not delivered`
      : gen.behind > 0
        ? `publishers blocked on ${gen.behind} writes`
        : `the generators kept only ${Math.round(published)}/s at ${Math.round(gen.cpuPct)}% CPU`;
  const brokerCpu = usage.broker?.cpuPct ?? 0;
  const note = `offered ${offered}/s held: broker CPU ${Math.round(brokerCpu)}%, subscriber CPU ${Math.round(got.cpuPct)}%`;
  return {
    offered,
    held,
    why,
    result: measured(c, 0, got.received, gen.elapsedMs, brokerCpu, gen, note),
  };
}

/**
 * QoS 0 has no flow control (nothing tells a publisher to slow down), so an unpaced run only shows how a broker
 * copes with more than it can deliver. Instead the publishers are paced at offered rates from a grid; a step
 * holds when the generators kept the pace and every message published reached the subscriber by the end of a
 * short settling wait. The figure is the delivered rate of the highest step that held. To spend few steps,
 * the search climbs every other rate of the grid and, at the first that fails, tries the one it skipped.
 */
async function qos0(c: CaseContext): Promise<Measured> {
  const grid = c.ctx.quick ? QOS0_STEPS_QUICK : QOS0_STEPS_FULL;
  let best: Step | undefined;
  let failed: Step | undefined;
  let i = 0;
  while (i < grid.length) {
    const step = await qos0Step(c, grid[i] as number);
    if (!step.held) {
      failed = step;
      break;
    }
    best = step;
    // Past the end of the grid by the skip: the top rate is still worth a step.
    i = i + 2 >= grid.length && i < grid.length - 1 ? grid.length - 1 : i + 2;
  }
  const skipped = failed ? grid[grid.indexOf(failed.offered) - 1] : undefined;
  if (failed && skipped !== undefined && skipped > (best?.offered ?? 0)) {
    const step = await qos0Step(c, skipped);
    if (step.held) best = step;
    else failed = step;
  }
  const failedText = failed
    ? `; ${failed.offered}/s did not hold (${failed.why})`
    : '; the top of the grid held';
  if (!best) {
    const label = `QoS 0, ${c.publishers} publishers`;
    return {
      delivered: {
        suite: 'broker',
        case: label,
        subject: c.subject,
        metric: 'delivered, no loss',
        value: 0,
        unit: 'msg/s',
        note: `the lowest step did not hold${failedText}`,
      },
      efficiency: {
        suite: 'broker',
        case: label,
        subject: c.subject,
        metric: 'delivered per broker CPU-s',
        value: Number.NaN,
        unit: 'msg',
      },
    };
  }
  best.result.delivered.note = `${best.result.delivered.note ?? ''}${failedText}`;
  return best.result;
}

const CRASHED =
  'the broker process died after this case (aedes 1.2 with mqemitter overflows its stack draining an overloaded step; see the log)';

async function run(ctx: SuiteContext): Promise<Figure[]> {
  const accounts = benchAccounts(
    Array.from({ length: IDLE_CONNECTIONS + WARM_CONNECTIONS }, (_, i) => building(i)),
  );
  // The memory cases need fresh broker processes (one that ran the throughput cases holds memory the collector
  // may hand back meanwhile); every process is forked up front, together.
  const [first, subscriber, pool, louyuFresh, aedesFresh] = await Promise.all([
    forkChild('broker-host', ['--expose-gc']),
    ctx.children.subscriber(),
    ctx.children.generators(),
    forkChild('broker-host', ['--expose-gc']),
    forkChild('broker-host', ['--expose-gc']),
  ]);
  let host = first;
  /** The last figure measured in `host`, to say so if that process turns out to have died. */
  let lastInHost: Figure | undefined;
  const figures: Figure[] = [];
  const throughput = new Map<string, Figure>();
  const efficiency = new Map<string, Figure>();
  try {
    // Quick mode: 10 publishers only; the full run adds 100.
    for (const publishers of ctx.quick ? [10] : [10, 100]) {
      for (const subject of SUBJECTS) {
        if (subject !== 'mosquitto' && host.exited) {
          if (lastInHost) lastInHost.note = `${lastInHost.note ?? ''}; ${CRASHED}`;
          ctx.log('broker: the broker host had exited; starting another');
          host = await forkChild('broker-host', ['--expose-gc']);
        }
        const broker = await startSubject(subject, host, accounts);
        const url = `mqtt://127.0.0.1:${broker.port}`;
        try {
          await subscriber.call('connect', {
            url,
            topic: 'louyu/v1/#',
            qos: 1,
            ...(subject === 'louyu' ? accounts.service : {}),
          });
          await pool.connect(url, clientsFor(subject, publishers, accounts));
          const c: CaseContext = { ctx, subject, publishers, broker, subscriber, pool };
          // QoS 1 first: a QoS 0 step that did not hold may leave the broker with a backlog.
          for (const m of [await qos1(c), await qos0(c)]) {
            throughput.set(`${m.delivered.case}|${subject}`, m.delivered);
            efficiency.set(`${m.efficiency.case}|${subject}`, m.efficiency);
            if (subject !== 'mosquitto') lastInHost = m.delivered;
          }
          await pool.disconnect();
          await subscriber.call('disconnect');
        } finally {
          // A broker that died meanwhile cannot be stopped; the next case starts another process.
          await broker
            .stop()
            .catch((error: unknown) => ctx.log(`broker: stopping ${subject}: ${String(error)}`));
        }
      }
    }
    for (const table of [throughput, efficiency]) {
      const rows = [...table.values()].map((f) => withBaselines(f, (s) => table.get(`${f.case}|${s}`)));
      rows.sort((a, b) => a.case.localeCompare(b.case) || order(a) - order(b));
      figures.push(...rows);
    }

    // Memory per 1,000 idle connections: resident memory with them open minus before (after a full GC).
    const memory = new Map<Subject, Figure>();
    for (const subject of SUBJECTS) {
      ctx.log(`broker: ${IDLE_CONNECTIONS} idle connections, ${subject}`);
      // mosquitto is its own process; the aedes brokers start in their fresh hosts.
      const fresh = subject === 'louyu' ? louyuFresh : subject === 'aedes' ? aedesFresh : undefined;
      const broker = await startSubject(subject, fresh ?? host, accounts);
      try {
        // A few connections first: what the first connection costs (compiled code, pools) is not per connection.
        const url = `mqtt://127.0.0.1:${broker.port}`;
        await pool.connect(url, clientsFor(subject, WARM_CONNECTIONS, accounts, IDLE_CONNECTIONS));
        await sleep(300);
        const before = await broker.memory();
        await pool.connect(url, clientsFor(subject, IDLE_CONNECTIONS, accounts));
        await sleep(1000);
        const after = await broker.memory();
        memory.set(subject, {
          suite: 'broker',
          case: `${IDLE_CONNECTIONS} idle connections`,
          subject,
          metric: 'memory per 1,000 conns',
          value: ((after - before) / 1024 ** 2) * (1000 / IDLE_CONNECTIONS),
          unit: 'MiB',
          note: `RSS ${(before / 1024 ** 2).toFixed(0)} -> ${(after / 1024 ** 2).toFixed(0)} MiB (after ${WARM_CONNECTIONS} warm-up connections)`,
        });
        await pool.disconnect();
      } finally {
        await broker.stop();
        await fresh?.close();
      }
    }
    for (const subject of SUBJECTS) {
      const f = memory.get(subject);
      if (f) figures.push(withBaselines(f, (s) => memory.get(s)));
    }
  } finally {
    // The generators and the subscriber are shared with later suites: leave them disconnected.
    await pool.disconnect();
    await subscriber.call('disconnect');
    await host.close();
    await louyuFresh.close();
    await aedesFresh.close();
  }
  return figures;
}

export const brokerSuite: Suite = {
  name: 'broker',
  description:
    'delivered msg/s at QoS 0 (highest paced rate delivered whole) and QoS 1 (closed loop) with 10/100 publishers (200-byte JSON): Louyu (auth, ACL, limits; rate limit raised for the bench) vs bare aedes vs mosquitto; memory per 1,000 idle connections',
  run,
};
