// Issue 17 item 5, issue 18: a dashboard restarted over InfluxDB holding a month of alarm events (200,000
// across the 89 buildings of Heping) used to look for the latest event of every alarm over the whole store
// and the newest 1,000 events over the whole month: 13.2 s in the field, past fastify's 10 s start-up limit.
// It now reads the newest checkpoint of the standing alarms, the events since, and the history in widening
// windows. The figures (queries and ms, before and after) are printed; no wall-clock time is asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hepingRegistry, type TelemetryPoint } from '@louyu/core';
import { createStore, type TelemetryStore } from '@louyu/store';
import { AlarmService, buildApp, createUserRecord, LiveState, UserDirectory } from '@louyu/dashboard-server';
import type { FastifyInstance } from 'fastify';
import { startInfluxd, type InfluxdHandle } from './harness/influxd.ts';
import { stopAll } from './harness/stop-all.ts';

const registry = hepingRegistry();
const DAY = 86_400_000;
const EVENTS = 200_000;
const DEVICES = 20;
const TYPES = ['device_offline', 'elevator_fault', 'parking_full', 'fire_fault'] as const;
const STATES = ['raised', 'acknowledged', 'cleared'] as const;

/** Counts the store's queries (reads), by method. */
function counting(store: TelemetryStore): { store: TelemetryStore; queries: () => number } {
  let queries = 0;
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (['latest', 'points', 'series', 'seriesByBuilding'].includes(String(key))) queries++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: counted, queries: () => queries };
}

/** A month of transitions: every alarm goes raised, acknowledged, cleared, over and over. */
function monthOfEvents(end: number): { points: TelemetryPoint[]; standing: Set<string> } {
  const alarms = registry.buildings.flatMap((b) =>
    Array.from({ length: DEVICES }, (_, d) => ({ building: b.id, device: `dev-${d}`, type: TYPES[d % 4]! })),
  );
  const step = Math.floor((28 * DAY) / EVENTS);
  const start = end - EVENTS * step;
  const raisedAt = new Map<number, number>();
  const last = new Map<string, string>();
  const points: TelemetryPoint[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const s = i % alarms.length;
    const alarm = alarms[s]!;
    const event = STATES[(Math.floor(i / alarms.length) + s) % 3]!;
    const ts = start + i * step;
    if (event === 'raised' || !raisedAt.has(s)) raisedAt.set(s, ts);
    const fields: Record<string, string | number> = { event, severity: 'major', raised_at: raisedAt.get(s)! };
    if (event !== 'raised') Object.assign(fields, { acknowledged_at: ts, acknowledged_by: 'staff' });
    if (event === 'cleared') fields.cleared_at = ts;
    points.push({ measurement: 'alarm_event', tags: alarm, fields, ts });
    last.set(`${alarm.building}/${alarm.device}/${alarm.type}`, event);
  }
  return { points, standing: new Set([...last].filter(([, e]) => e !== 'cleared').map(([id]) => id)) };
}

describe('the start-up rebuild of alarms over InfluxDB with a month of alarm events', () => {
  let influxd: InfluxdHandle;
  let store: TelemetryStore;
  let app: FastifyInstance | undefined;
  const now = Date.now();
  const end = now - 10 * 60_000;
  let standing: Set<string>;

  beforeAll(async () => {
    influxd = await startInfluxd();
    store = await createStore({
      kind: 'influx',
      url: influxd.url,
      database: 'alarm_rebuild',
      timeoutMs: 120_000,
    });
    const month = monthOfEvents(end);
    standing = month.standing;
    await store.write(month.points);
  }, 300_000);
  afterAll(() =>
    stopAll(
      () => app?.close(),
      () => store?.close(),
      () => influxd?.dispose(),
    ),
  );

  it('reads a checkpoint and the events since, in a few small queries', { timeout: 300_000 }, async () => {
    const figures: string[] = [];
    const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
      const t0 = performance.now();
      const value = await fn();
      return { value, ms: Math.round(performance.now() - t0) };
    };

    // Before: what the rebuild asked until now (the latest event of every alarm, the newest 1,000 of a month).
    const before = await timed(async () => {
      const latest = await store.latest({ measurement: 'alarm_event' });
      await store.points({ measurement: 'alarm_event' }, now - store.retention.rawMs, now + 3_600_000, 1000);
      return latest;
    });
    figures.push(`before: 2 queries over the whole month, ${before.ms} ms`);
    const legacy = new Set(
      before.value
        .filter((p) => p.fields.event !== 'cleared')
        .map((p) => `${p.tags.building}/${p.tags.device}/${p.tags.type}`),
    );
    expect(legacy).toEqual(standing);

    // The first start after the upgrade has no checkpoint: it reads the events as before, then writes one.
    const first = counting(store);
    const service = new AlarmService(first.store, new LiveState(registry, { now: () => now }));
    const upgrade = await timed(() => service.rebuild(now));
    expect(service.lastRebuild).toMatchObject({ via: 'events', standing: standing.size });
    figures.push(
      `first start after the upgrade (no checkpoint yet): ${first.queries()} queries, ${upgrade.ms} ms, then a checkpoint of ${standing.size} standing alarms`,
    );
    service.checkpoint(now, true);
    await service.flush();

    // Meanwhile, after the checkpoint: one standing alarm clears and one that was cleared is raised again.
    const [clears] = [...standing];
    const raisesAgain = before.value
      .map((p) => `${p.tags.building}/${p.tags.device}/${p.tags.type}`)
      .find((id) => !standing.has(id))!;
    const point = (id: string, event: 'raised' | 'cleared', ts: number): TelemetryPoint => {
      const [building, device, type] = id.split('/') as [string, string, string];
      return {
        measurement: 'alarm_event',
        tags: { building, device, type },
        fields: {
          event,
          severity: 'major',
          raised_at: ts - 1000,
          ...(event === 'cleared' ? { cleared_at: ts } : {}),
        },
        ts,
      };
    };
    await store.write([point(clears!, 'cleared', now + 1000), point(raisesAgain, 'raised', now + 2000)]);
    const expected = new Set(standing);
    expected.delete(clears!);
    expected.add(raisesAgain);

    // After: a real dashboard start, within fastify's start-up limit.
    const second = counting(store);
    const started = await timed(async () => {
      app = await buildApp({
        registry,
        store: second.store,
        users: new UserDirectory([
          await createUserRecord({ username: 'staff', password: 'district-staff-pw', role: 'district' }),
        ]),
        jwtSecret: 'z'.repeat(40),
        options: { now: () => now + 5000 },
      });
      await app.ready();
    });
    const rebuilt = app!.louyu.alarms.lastRebuild!;
    figures.push(
      `after: dashboard start with a checkpoint: ${rebuilt.queries} alarm queries in ${rebuilt.ms} ms (${second.queries()} queries and ${started.ms} ms for the whole start, live state included)`,
    );
    expect(rebuilt).toMatchObject({ via: 'checkpoint', history: 1000 });
    expect(rebuilt.queries).toBeLessThanOrEqual(8);
    const shown = new Set(app!.louyu.alarms.list(() => true).active.map((a) => a.id));
    expect(shown).toEqual(expected);
    const history = app!.louyu.alarms.list(() => true, 1000).history;
    expect(history).toHaveLength(1000);
    expect(history[0]).toMatchObject({ alarm: raisesAgain, event: 'raised' });
    console.log(`alarm rebuild over ${EVENTS} alarm events (InfluxDB):\n  ${figures.join('\n  ')}`);
  });
});
