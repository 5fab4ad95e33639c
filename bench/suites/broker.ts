// Suite 1, broker: delivered messages per second through Louyu's broker (accounts, ACL, limits on) beside the
// same aedes with no hooks and Debian's mosquitto, driven by the same load generator; and the memory a
// thousand idle connections cost each of them.
import { benchAccounts } from '../lib/accounts.ts';
import { forkChild, type BenchChild } from '../lib/child.ts';
import type { PublisherClient } from '../lib/children/publisher.ts';
import type { ReadResult } from '../lib/children/subscriber.ts';
import { GeneratorPool } from '../lib/generators.ts';
import { startMosquitto, type MosquittoProcess } from '../lib/mosquitto.ts';
import { ProcSampler, readProc } from '../lib/proc.ts';
import { compared, type Figure, type Suite, type SuiteContext } from '../lib/result.ts';
import { perSecond, sleep } from '../lib/stats.ts';

type Subject = 'louyu' | 'aedes' | 'mosquitto';
const SUBJECTS: readonly Subject[] = ['aedes', 'mosquitto', 'louyu'];
const GENERATOR_PROCESSES = 2;
const IDLE_CONNECTIONS = 1000;

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

function clientsFor(subject: Subject, count: number, accounts: ReturnType<typeof benchAccounts>) {
  return Array.from({ length: count }, (_, i): PublisherClient => {
    const b = building(i);
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

async function run(ctx: SuiteContext): Promise<Figure[]> {
  const measureMs = ctx.quick ? 1000 : 5000;
  const warmupMs = ctx.quick ? 300 : 1000;
  const accounts = benchAccounts(Array.from({ length: IDLE_CONNECTIONS }, (_, i) => building(i)));
  const host = await forkChild('broker-host', ['--expose-gc']);
  const subscriber = await forkChild('subscriber');
  const pool = await GeneratorPool.fork(GENERATOR_PROCESSES);
  const figures: Figure[] = [];
  const throughput = new Map<string, Figure>();
  const efficiency = new Map<string, Figure>();
  try {
    for (const publishers of [10, 100]) {
      for (const subject of SUBJECTS) {
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
          for (const qos of [0, 1] as const) {
            const label = `QoS ${qos}, ${publishers} publishers`;
            ctx.log(`broker: ${label}, ${subject}`);
            const sampler = new ProcSampler({ broker: broker.pid, subscriber: subscriber.pid });
            const running = pool.run({
              qos,
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
            await subscriber.call('settle', { quietMs: 300, maxMs: ctx.quick ? 4000 : 10_000 });
            const figure: Figure = {
              suite: 'broker',
              case: label,
              subject,
              metric: 'delivered',
              value: perSecond(got.received, got.elapsedMs),
              unit: 'msg/s',
              generatorCpuPct: gen.cpuPct,
              note: `broker CPU ${Math.round(usage.broker?.cpuPct ?? 0)}%, subscriber CPU ${Math.round(got.cpuPct)}%, published ${Math.round(perSecond(gen.acked, gen.elapsedMs))}/s`,
            };
            throughput.set(`${label}|${subject}`, figure);
            // On a shared machine every process gets a slice of the cores; messages per second of the broker's
            // own CPU time is the figure that survives that.
            const brokerCpu = (usage.broker?.cpuPct ?? 0) / 100;
            efficiency.set(`${label}|${subject}`, {
              suite: 'broker',
              case: label,
              subject,
              metric: 'delivered per broker CPU-s',
              value: brokerCpu > 0 ? figure.value / brokerCpu : Number.NaN,
              unit: 'msg',
            });
          }
          await pool.disconnect();
          await subscriber.call('disconnect');
        } finally {
          await broker.stop();
        }
      }
    }
    for (const table of [throughput, efficiency]) {
      const rows = [...table.values()].map((f) => withBaselines(f, (s) => table.get(`${f.case}|${s}`)));
      rows.sort((a, b) => a.case.localeCompare(b.case) || order(a) - order(b));
      figures.push(...rows);
    }

    // Memory per 1,000 idle connections: resident memory with them open minus before.
    const memory = new Map<Subject, Figure>();
    for (const subject of SUBJECTS) {
      ctx.log(`broker: ${IDLE_CONNECTIONS} idle connections, ${subject}`);
      // A fresh process: one that ran the throughput cases holds memory the collector may hand back meanwhile.
      const fresh = await forkChild('broker-host', ['--expose-gc']);
      const broker = await startSubject(subject, fresh, accounts);
      try {
        await sleep(300);
        const before = await broker.memory();
        await pool.connect(
          `mqtt://127.0.0.1:${broker.port}`,
          clientsFor(subject, IDLE_CONNECTIONS, accounts),
        );
        await sleep(1000);
        const after = await broker.memory();
        memory.set(subject, {
          suite: 'broker',
          case: `${IDLE_CONNECTIONS} idle connections`,
          subject,
          metric: 'memory per 1,000 conns',
          value: ((after - before) / 1024 ** 2) * (1000 / IDLE_CONNECTIONS),
          unit: 'MiB',
          note: `RSS ${(before / 1024 ** 2).toFixed(0)} -> ${(after / 1024 ** 2).toFixed(0)} MiB`,
        });
        await pool.disconnect();
      } finally {
        await broker.stop();
        await fresh.close();
      }
    }
    for (const subject of SUBJECTS) {
      const f = memory.get(subject);
      if (f) figures.push(withBaselines(f, (s) => memory.get(s)));
    }
  } finally {
    await pool.close();
    await subscriber.close();
    await host.close();
  }
  return figures;
}

export const brokerSuite: Suite = {
  name: 'broker',
  // QoS 0 runs open loop (nothing tells a QoS 0 publisher to slow down), so those rows show how each broker
  // copes with more than it can deliver; QoS 1 rows are the sustained, flow-controlled figures.
  description:
    'delivered msg/s at QoS 0 (open loop) and QoS 1 with 10/100 publishers (200-byte JSON): Louyu (auth, ACL, limits; rate limit raised for the bench) vs bare aedes vs mosquitto; memory per 1,000 idle connections',
  run,
};
