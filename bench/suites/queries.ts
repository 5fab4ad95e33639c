// Suite 5, queries: what the dashboard asks the store for, with a month of history for the whole district in
// it, through the real HTTP routes (fastify inject: no network), on SQLite and on InfluxDB side by side.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hepingRegistry } from '@louyu/core';
import { buildApp, DEMO_PASSWORD, demoUsers, LiveState, UserDirectory } from '@louyu/dashboard-server';
import { createStore, InfluxStore, type TelemetryStore } from '@louyu/store';
import { rebuildLiveState } from '../../dashboard/server/src/live/rebuild.ts';
import { ShortfallService } from '../../dashboard/server/src/shortfalls/shortfall-service.ts';
import { startBenchInfluxd, type BenchInfluxd } from '../lib/influxd.ts';
import { writeHistory } from '../lib/month.ts';
import { writeShortfallHistory } from '../lib/shortfall-day.ts';
import { compared, type Figure, type Suite, type SuiteContext } from '../lib/result.ts';
import { median, percentile } from '../lib/stats.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type StoreKind = 'sqlite' | 'influx';

interface Timed {
  name: string;
  samples: number[];
  note: string;
}

async function time(repeat: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  await fn(-1); // warm-up: first-call costs (statement preparation, JIT) are not what a user waits on twice
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function measure(kind: StoreKind, influx: BenchInfluxd, ctx: SuiteContext): Promise<Timed[]> {
  const registry = hepingRegistry();
  const stepMs = ctx.quick ? 240 * 60_000 : 60 * 60_000;
  const repeat = ctx.quick ? 5 : 20;
  const dir = await mkdtemp(join(tmpdir(), 'louyu-bench-queries-'));
  const store: TelemetryStore =
    kind === 'sqlite'
      ? await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 })
      : await createStore({ kind: 'influx', url: influx.url, database: 'bench_queries' });
  try {
    const end = Math.floor(Date.now() / stepMs) * stepMs;
    ctx.log(`queries: ${kind}, writing a month of history every ${stepMs / 60_000} min`);
    const t0 = performance.now();
    const points = await writeHistory(store, registry, end, 30, stepMs);
    ctx.log(`queries: ${kind}, ${points} points in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const history = `${points.toLocaleString('en-US')} points (4 series per building, every ${stepMs / 60_000} min)`;

    const users = new UserDirectory(await demoUsers(registry));
    const readyStart = performance.now();
    const app = await buildApp({
      registry,
      store,
      users,
      jwtSecret: 'louyu-bench-secret-at-least-32-characters',
      options: { demo: true, now: () => end },
    });
    await app.ready();
    const readyMs = performance.now() - readyStart;
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'district', password: DEMO_PASSWORD },
      });
      const { token } = login.json<{ token: string }>();
      const headers = { authorization: `Bearer ${token}` };
      const get = async (url: string) => {
        const reply = await app.inject({ method: 'GET', url, headers });
        if (reply.statusCode !== 200)
          throw new Error(`${url}: HTTP ${reply.statusCode} ${reply.body.slice(0, 200)}`);
      };
      const building = registry.buildings[0]?.id ?? '';
      const historyUrl = (days: number) =>
        `/api/buildings/${building}/history?kind=energy&field=power_kw&from=${end - days * DAY}&to=${end}&points=500`;
      const out: Timed[] = [{ name: 'start-up (rebuild live state)', samples: [readyMs], note: history }];
      out.push({
        name: 'building history 24 h',
        samples: await time(repeat, () => get(historyUrl(1))),
        note: '500 buckets, energy power_kw',
      });
      out.push({
        name: 'building history 30 days',
        samples: await time(repeat, () => get(historyUrl(30))),
        note: '500 buckets, energy power_kw',
      });
      out.push({
        name: 'district summary',
        samples: await time(repeat, () => get('/api/district/summary')),
        note: 'live state, 89 buildings',
      });
      // The service keeps findings for a minute; each call here is a minute later, so each one evaluates.
      const shortfalls = app.louyu.shortfalls;
      out.push({
        name: 'shortfall evaluation',
        samples: await time(Math.min(repeat, ctx.quick ? 3 : 8), (i) =>
          shortfalls.findings(end + (i + 2) * 61_000).then(() => undefined),
        ),
        note: '89 buildings, 8-day look-back per building',
      });
      return out;
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The start-up rebuild and the shortfall evaluation over Heping's readings at the gateways' own rates (cars
 * every 10 s, car parks every 30 s, meters every minute: 380,000 points an hour) up to 10:00 in Shenyang on
 * the latest workday-like morning, a day of them (4 hours with --quick). InfluxDB's hour rollups are folded
 * first, as its continuous query does every hour in operation.
 */
async function measureAtGatewayRates(
  kind: StoreKind,
  influx: BenchInfluxd,
  ctx: SuiteContext,
): Promise<Timed[]> {
  const registry = hepingRegistry();
  const hours = ctx.quick ? 4 : 24;
  const end = Math.floor((Date.now() - 2 * HOUR) / DAY) * DAY + 2 * HOUR; // 10:00 in Shenyang (UTC+8)
  const dir = await mkdtemp(join(tmpdir(), 'louyu-bench-shortfalls-'));
  // InfluxDB chooses between raw data and hour rollups by its clock: it is the evaluated moment here, as in
  // operation (the wall clock, hours after `end`, answered everything from the rollups).
  let storeNow = end;
  const store: TelemetryStore =
    kind === 'sqlite'
      ? await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 })
      : await InfluxStore.open({
          url: influx.url,
          database: 'bench_shortfalls',
          timeoutMs: 120_000,
          clock: () => storeNow,
        });
  const findingsAt = (service: ShortfallService, now: number): Promise<void> => {
    storeNow = now;
    return service.findings(now).then(() => undefined);
  };
  try {
    ctx.log(`queries: ${kind}, writing ${hours} h of Heping at the gateways' rates`);
    const t0 = performance.now();
    const written = await writeShortfallHistory(store, registry, end, hours);
    if ('backfillRollups' in store && typeof store.backfillRollups === 'function') {
      // Hour by hour, as the continuous query folds them (one statement over a day can pass the timeout).
      const backfill = store.backfillRollups as (from: number, to: number) => Promise<void>;
      for (let from = end - hours * HOUR; from < end; from += HOUR)
        await backfill.call(store, from, from + HOUR);
    }
    ctx.log(
      `queries: ${kind}, ${written.points} points in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const note = `89 buildings, ${hours} h at the gateways' rates (${written.points.toLocaleString('en-US')} points, ${written.series} series)`;
    const live = new LiveState(registry, { now: () => end });
    const rebuilt = await time(ctx.quick ? 1 : 3, async () => {
      await rebuildLiveState(live, store, registry);
    });
    // The first evaluation after a start reads the whole look-back's mornings; the next ones, each a
    // minute later (as the shortfall page asks), only what is not kept: at 10:00, none of the mornings.
    const first: number[] = [];
    for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
      const fresh = new ShortfallService(live, store);
      const t1 = performance.now();
      await findingsAt(fresh, end + 61_000);
      first.push(performance.now() - t1);
    }
    const shortfalls = new ShortfallService(live, store);
    const evaluated = await time(ctx.quick ? 3 : 8, (i) => findingsAt(shortfalls, end + (i + 2) * 61_000));
    // The same late in an hour (09:5x, the history's last hour): its readings so far are in raw data.
    const lateInHour = new ShortfallService(live, store);
    const late = await time(ctx.quick ? 3 : 8, (i) =>
      findingsAt(lateInHour, end - 10 * 60_000 + (i + 1) * 61_000),
    );
    return [
      { name: `start-up rebuild, ${hours} h at gateway rates`, samples: rebuilt, note },
      {
        name: `shortfall evaluation, first after a start, ${hours} h at gateway rates`,
        samples: first,
        note: `${note}; 5 queries over the look-back`,
      },
      {
        name: `shortfall evaluation, each minute after, ${hours} h at gateway rates`,
        samples: evaluated,
        note: `${note}; ended mornings kept, 2 queries (cars, meters)`,
      },
      {
        name: `shortfall evaluation, each minute late in an hour, ${hours} h at gateway rates`,
        samples: late,
        note: `${note}; at 09:50-09:5x, the hour's readings so far in raw data`,
      },
    ];
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(ctx: SuiteContext): Promise<Figure[]> {
  const influx = await startBenchInfluxd();
  const results = new Map<StoreKind, Timed[]>();
  try {
    for (const kind of ['sqlite', 'influx'] as const) {
      results.set(kind, [
        ...(await measure(kind, influx, ctx)),
        ...(await measureAtGatewayRates(kind, influx, ctx)),
      ]);
    }
  } finally {
    await influx.dispose();
  }
  const figure = (kind: StoreKind, t: Timed): Figure => ({
    suite: 'queries',
    case: t.name,
    subject: kind,
    metric: t.samples.length > 1 ? 'median' : 'once',
    value: median(t.samples),
    unit: 'ms',
    note:
      t.samples.length > 1
        ? `p95 ${percentile(t.samples, 95).toFixed(1)} ms, n=${t.samples.length}; ${t.note}`
        : t.note,
  });
  const figures: Figure[] = [];
  const influxRows = results.get('influx') ?? [];
  for (const t of results.get('sqlite') ?? []) {
    const other = influxRows.find((o) => o.name === t.name);
    const baseline = other ? figure('influx', other) : undefined;
    figures.push(compared(figure('sqlite', t), baseline));
    if (baseline) figures.push(baseline);
  }
  return figures;
}

export const queriesSuite: Suite = {
  name: 'queries',
  description:
    "building history 24 h and 30 days, district summary, shortfall evaluation with a month of data (SQLite vs InfluxDB, through the REST routes); start-up rebuild and shortfall evaluation over a day of Heping at the gateways' rates",
  run,
};
