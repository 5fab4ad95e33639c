// 楼宇排行 at a past date (issue 20): the ranking as it stood at the end of a day in the district's time zone,
// from the dated tenancy reports in the embedded store, beside the live ranking.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wallTimeToUtc, type PlanRanking } from '@louyu/core';
import type { TelemetryPoint } from '@louyu/store';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { postHealthyTenancy, tenancyReport } from './helpers/tenancy.ts';

const local = (year: number, month: number, day: number, hour = 12, minute = 0): number =>
  wallTimeToUtc('Asia/Shanghai', year, month, day, hour, minute);

const HEAD_ENDS = { ba: 24, ca: 14, oa: 10, fa: 45, sa: 20 } as const;

/** One reading of each subsystem head end the building has (all devices online unless `online` says). */
function subsystems(
  building: string,
  cluster: string,
  ts: number,
  online: Partial<Record<keyof typeof HEAD_ENDS, number>> = {},
): TelemetryPoint[] {
  return Object.entries(HEAD_ENDS)
    .filter(([s]) => !(building === 'missing-oa' && s === 'oa'))
    .map(([s, total]) => ({
      measurement: s,
      tags: { building, cluster, device: `${s}-head` },
      fields: {
        devices_total: total,
        devices_online: online[s as keyof typeof HEAD_ENDS] ?? total,
        alarms: 0,
        faults: 0,
      },
      ts,
    }));
}

/** A gateway's status as the store keeps it (its Last Will: online false). */
function gatewayStatus(building: string, cluster: string, ts: number, online: boolean): TelemetryPoint {
  return {
    measurement: 'gateway_status',
    tags: { building, cluster },
    fields: { online, stopped: false },
    ts,
  };
}

describe('the building ranking at a past date', () => {
  let t: TestApp;
  let district: string;
  beforeAll(async () => {
    // The app's clock: 12 March 2025, 10:00 in Shanghai.
    t = await startTestApp();
    district = await t.token('district');
    await t.store.write([
      tenancyReport('short-parking', 'taiyuanjie', local(2024, 12, 20), {
        leased: 12_000,
        leasable: 24_000,
        tax: 500_000_000,
      }),
      tenancyReport('short-parking', 'taiyuanjie', local(2025, 2, 20), {
        leased: 20_000,
        leasable: 24_000,
        tax: 200_000_000,
      }),
      tenancyReport('healthy', 'taiyuanjie', local(2025, 1, 15), {
        leased: 8_000,
        leasable: 16_000,
        tax: 50_000_000,
      }),
      // Half an hour either side of midnight between 28 February and 1 March, Shanghai time.
      tenancyReport('short-elevators', 'sanhaojie', local(2025, 2, 28, 23, 30), {
        leased: 21_600,
        leasable: 24_000,
        tax: 1_000_000,
      }),
      tenancyReport('missing-oa', 'xita_beishi_nanshi', local(2025, 3, 1, 0, 30), {
        leased: 21_600,
        leasable: 24_000,
        tax: 999_000_000,
      }),
    ]);
    // Now, by the property manager's form: 'healthy' leads the live ranking.
    expect(await postHealthyTenancy(t, 300_000_000)).toBe(200);
  });
  afterAll(() => t.dispose());

  const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const reply = await t.app.inject({ url, headers: { authorization: `Bearer ${district}` } });
    return { status: reply.statusCode, body: reply.json<T>() };
  };
  const order = (ranking: PlanRanking): string[] => ranking.buildings.map((b) => b.building);

  it('is live without `at`, and says so', async () => {
    const { status, body } = await get<PlanRanking>('/api/plan/ranking');
    expect(status).toBe(200);
    expect(body.at).toBeNull();
    expect(order(body)[0]).toBe('healthy');
  });

  it('ranks by the reports up to the end of that day: first then is not first now', async () => {
    const { status, body } = await get<PlanRanking>('/api/plan/ranking?at=2025-02-28');
    expect(status).toBe(200);
    expect(body.at).toBe('2025-02-28');
    // The 999 M report came at 00:30 on 1 March: after the day; the 1 M one at 23:30 on the 28th counts.
    expect(body.buildings.map((b) => [b.rank, b.building, b.tax_ytd_cny])).toEqual([
      [1, 'short-parking', 200_000_000],
      [2, 'healthy', 50_000_000],
      [3, 'short-elevators', 1_000_000],
      [4, 'missing-oa', null],
    ]);
    const live = (await get<PlanRanking>('/api/plan/ranking')).body;
    expect(order(live).indexOf('short-parking')).toBeGreaterThan(0);
    // Occupancy from the same reports; the registry's baseline for a building without one (90 %).
    const rate = new Map(body.buildings.map((b) => [b.building, b.occupancy]));
    expect(rate.get('short-parking')).toBeCloseTo(20_000 / 24_000);
    expect(rate.get('healthy')).toBe(0.5);
    expect(rate.get('missing-oa')).toBe(0.9);
    expect(body.clusters.find((c) => c.cluster === 'taiyuanjie')!.tax_ytd_cny).toBe(250_000_000);
  });

  it('gives the 5A index at the end of a day from the stored subsystem readings, judged fresh then', async () => {
    const end = local(2025, 3, 1, 0, 0);
    const minute = 60_000;
    await t.store.write([
      // All five fresh at midnight; communication at half its devices: (100 + 50 + 100 + 100 + 100) / 5.
      ...subsystems('healthy', 'taiyuanjie', end - 2 * minute, { ca: 7 }),
      // Ten minutes silent by midnight: stale, so not counted.
      ...subsystems('short-parking', 'taiyuanjie', end - 10 * minute),
      // Fresh readings, then the gateway's Last Will: offline.
      ...subsystems('short-elevators', 'sanhaojie', end - minute),
      gatewayStatus('short-elevators', 'sanhaojie', end - 30_000, false),
      // No office automation installed: four of five, (4 x 100 + 0) / 5.
      ...subsystems('missing-oa', 'xita_beishi_nanshi', end - minute),
      // After midnight: not that day's.
      ...subsystems('short-parking', 'taiyuanjie', end + minute),
    ]);
    const { body } = await get<PlanRanking>('/api/plan/ranking?at=2025-02-28&by=index5a');
    expect(body.buildings.map((b) => [b.building, b.index5a])).toEqual([
      ['healthy', 90],
      ['missing-oa', 80],
      ['short-elevators', null],
      ['short-parking', null],
    ]);
    expect(body.clusters.find((c) => c.cluster === 'taiyuanjie')!.mean_index5a).toBe(90);
  });

  it('has no 5A index for a day before the raw readings the store keeps (30 days)', async () => {
    const end = local(2025, 1, 11, 0, 0);
    await t.store.write(subsystems('healthy', 'taiyuanjie', end - 60_000));
    const { body } = await get<PlanRanking>('/api/plan/ranking?at=2025-01-10&by=index5a');
    expect(body.buildings.every((b) => b.index5a === null)).toBe(true);
  });

  it("counts tax to date only from reports of that date's year", async () => {
    const newYear = (await get<PlanRanking>('/api/plan/ranking?at=2025-01-10')).body;
    const sp = newYear.buildings.find((b) => b.building === 'short-parking')!;
    // The December report's 500 M is last year's tax; its let area carries on into the new year.
    expect(sp.tax_ytd_cny).toBeNull();
    expect(sp.occupancy).toBe(0.5);
    expect(newYear.buildings.every((b) => b.tax_ytd_cny === null)).toBe(true);
    const yearEnd = (await get<PlanRanking>('/api/plan/ranking?at=2024-12-31')).body;
    expect(yearEnd.buildings[0]).toMatchObject({ building: 'short-parking', tax_ytd_cny: 500_000_000 });
  });

  it('orders by occupancy at that date, within a cluster', async () => {
    const { body } = await get<PlanRanking>(
      '/api/plan/ranking?at=2025-02-28&by=occupancy&cluster=taiyuanjie',
    );
    expect(body).toMatchObject({ by: 'occupancy', cluster: 'taiyuanjie', at: '2025-02-28' });
    expect(order(body)).toEqual(['short-parking', 'healthy']);
  });

  it('refuses a day that has not ended, one before the two years kept, and one that does not exist', async () => {
    for (const at of ['2025-03-12', '2025-03-13', '2030-01-01']) {
      const { status, body } = await get<{ message: string }>(`/api/plan/ranking?at=${at}`);
      expect(status, at).toBe(400);
      expect(body.message).toContain('at');
      expect(body.message).toContain(at);
    }
    const old = await get<{ message: string }>('/api/plan/ranking?at=2023-02-28');
    expect(old.status).toBe(400);
    expect(old.body.message).toMatch(/\bat\b.*24 months/);
    expect((await get('/api/plan/ranking?at=2025-02-30')).status).toBe(400);
    expect((await get('/api/plan/ranking?at=yesterday')).status).toBe(400);
  });
});
