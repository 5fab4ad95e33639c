// A first `louyu start` fills the last 7 days of simulated history, then runs live (issue 16, item 6): the
// building chart's history has readings on each of the 7 days and last week's report counts energy right
// after the start; the live meters go on from the history's last readings (never below them); a second
// start over the same data folder does not fill again. With the 3-building Yunhu district
// (tests/fixtures/yunhu-registry.json): the week of Heping's 89 buildings (0.9 million readings) is what
// the bench measures, not a test on a busy machine.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { addDays, localDateKey, parseRegistry, type BuildingDetail, type Report } from '@louyu/core';
import { SqliteStore } from '@louyu/store';
import { login } from './harness/e2e-checks.ts';
import { startLouyu, type LouyuStart } from './harness/louyu-start.ts';
import { stopAll } from './harness/stop-all.ts';
import { until } from './harness/until.ts';

const YUNHU = new URL('./fixtures/yunhu-registry.json', import.meta.url).pathname;
const DAY_MS = 86_400_000;

let first: LouyuStart | undefined;
let second: LouyuStart | undefined;

afterAll(() =>
  stopAll(
    () => second?.dispose(),
    () => first?.dispose(),
  ),
);

it(
  'fills the last 7 days on a first start, continues the meters live, and does not fill again',
  { timeout: 420_000 },
  async () => {
    const registry = parseRegistry(await readFile(YUNHU, 'utf8'), YUNHU);
    const building = registry.buildings[0]!.id;
    const startedAt = Date.now();
    first = await startLouyu(['--registry', YUNHU], { history: true });
    await first.waitFor(/· history: .* readings .* written in/, 240_000);
    await first.waitFor(/Dashboard 仪表盘: http/, 240_000);
    const token = await login(first.httpUrl);
    const get = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${first!.httpUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status, path).toBe(200);
      return (await response.json()) as T;
    };

    // The building chart over the last 7 days (its 500 buckets): readings in nearly every bucket of each day.
    const to = Date.now();
    const from = to - 7 * DAY_MS;
    type History = { step_ms: number; points: [number, number][] };
    const chart = (kind: string, field: string) =>
      get<History>(`/api/buildings/${building}/history?kind=${kind}&field=${field}&from=${from}&to=${to}`);
    for (const [kind, field] of [
      ['energy', 'power_kw'],
      ['occupancy', 'people'],
    ] as const) {
      const history = await chart(kind, field);
      // History reports meters every 15 min and other devices hourly.
      const every = kind === 'energy' ? 15 * 60_000 : 3_600_000;
      const perDay = DAY_MS / Math.max(history.step_ms, every);
      for (let day = 0; day < 7; day++) {
        const start = from + day * DAY_MS;
        const inDay = history.points.filter(([ts]) => ts >= start && ts < start + DAY_MS);
        expect(inDay.length, `${kind} buckets with readings on day ${day + 1} of 7`).toBeGreaterThan(
          perDay * 0.9,
        );
      }
    }

    // The weekly report (每周调度) of the week holding the history's first whole local day: energy for every
    // building, from the meters' counters. It is last week's except on a Sunday, when last week ends on the
    // history's first, partial day: asked for it (today less 7 days) at 23:45 on a Sunday, the report held
    // the history's last quarter of an hour of that week, and 0 kWh for a building.
    const firstWholeDay = addDays(localDateKey(from, registry.district.time_zone), 1);
    const report = await get<Report>(`/api/reports/weekly?date=${firstWholeDay}`);
    expect(report.rows).toHaveLength(registry.buildings.length);
    for (const row of report.rows) expect(row.energy_kwh, row.building).toBeGreaterThan(0);

    // The simulator goes live and its meter continues from the history's last reading.
    await until(
      async () => {
        const { live } = await get<{ live: BuildingDetail }>(`/api/buildings/${building}`);
        return (live.meters.find((m) => m.device === 'meter-total')?.ts ?? 0) > startedAt;
      },
      'a live meter-total reading after the history',
      180_000,
    );
    // The dashboard rebuilt its live state from the history's last readings, all of one time: no device
    // was judged offline against the others (a reading an hour behind its gateway's newest would be).
    const alarms = await get<{ history: { type: string }[] }>('/api/alarms');
    expect(alarms.history.filter((a) => a.type === 'device_offline')).toEqual([]);
    expect(await first.interrupt(), first.output().slice(-2000)).toEqual({ code: 0, signal: null });

    const store = new SqliteStore({ path: join(first.dataDir, 'louyu.db'), retentionIntervalMs: 0 });
    const readings = (
      await store.points(
        { measurement: 'energy', building, device: 'meter-total' },
        from - DAY_MS,
        Date.now() + DAY_MS,
        10_000,
      )
    ).sort((a, b) => a.ts - b.ts);
    const history7d = readings.filter((p) => p.ts <= startedAt);
    const live = readings.filter((p) => p.ts > startedAt);
    // A reading every 15 minutes over the week (less the half hour inside ingest's 7-day window).
    expect(history7d.length).toBeGreaterThan(7 * 96 - 4);
    expect(live.length).toBeGreaterThan(0);
    const kwh = readings.map((p) => p.fields.energy_kwh as number);
    const drops = kwh.flatMap((v, i) => (i > 0 && v < kwh[i - 1]! ? [[kwh[i - 1], v]] : []));
    expect(drops, 'meter-total readings that went backwards').toEqual([]);
    expect(kwh.at(-1)!).toBeGreaterThan(kwh[0]!);
    await store.close();

    // A restart over the same data folder: the store holds readings, so no history is written again.
    second = await startLouyu(['--registry', YUNHU], { history: true, dataDir: first.dataDir });
    await second.waitFor(/Dashboard 仪表盘: http/, 240_000);
    expect(second.output()).not.toContain('· history:');
    expect(await second.interrupt(), second.output().slice(-2000)).toEqual({ code: 0, signal: null });
  },
);
