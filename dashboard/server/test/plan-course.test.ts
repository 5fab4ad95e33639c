// 规划进度 (issue 20, item 2): the plan's KPIs period by period from the dated tenancy reports in the store,
// and the building ranking, over the embedded store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallRegistry, wallTimeToUtc, type PlanCourse, type PlanRanking } from '@louyu/core';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { postHealthyTenancy, tenancyReport } from './helpers/tenancy.ts';

const at = (month: number, day: number, hour = 12, year = 2024): number =>
  wallTimeToUtc('Asia/Shanghai', year, month, day, hour);

describe('the plan over time and the building ranking', () => {
  let t: TestApp;
  let district: string;
  let seriesQueries = 0;
  beforeAll(async () => {
    const registry = smallRegistry();
    const planned = {
      ...registry,
      district: {
        ...registry.district,
        plan: {
          base_year: 2020,
          target_year: 2025,
          buildings_over_100m_tax: { base: 0, target: 2 },
          idle_area: { base_m2: 20_000, reduction_m2: 12_000 },
        },
      },
    };
    t = await startTestApp({}, { registry: planned });
    district = await t.token('district');
    await t.store.write([
      tenancyReport('healthy', 'taiyuanjie', at(2, 10), { leased: 8_000, leasable: 16_000 }),
      tenancyReport('healthy', 'taiyuanjie', at(3, 31, 23), {
        leased: 8_000,
        leasable: 16_000,
        tax: 30_000_000,
      }),
      tenancyReport('healthy', 'taiyuanjie', at(5, 20), {
        leased: 12_000,
        leasable: 16_000,
        tax: 55_000_000,
      }),
      tenancyReport('healthy', 'taiyuanjie', at(8, 1), { leased: 15_000, leasable: 16_000, tax: 80_000_000 }),
      tenancyReport('healthy', 'taiyuanjie', at(12, 31, 20), {
        leased: 15_000,
        leasable: 16_000,
        tax: 110_000_000,
      }),
      tenancyReport('short-parking', 'taiyuanjie', at(4, 1, 0), {
        leased: 10_000,
        leasable: 24_000,
        tax: 40_000_000,
      }),
      tenancyReport('short-parking', 'taiyuanjie', at(11, 15), {
        leased: 10_000,
        leasable: 24_000,
        tax: 120_000_000,
      }),
    ]);
    // Counts the store's series queries, to hold the course to one per field however many periods.
    const store = t.store;
    const original = store.seriesByBuilding.bind(store);
    store.seriesByBuilding = (...args) => {
      seriesQueries += 1;
      return original(...args);
    };
  });
  afterAll(() => t.dispose());

  const get = async <T>(url: string, token = district): Promise<{ status: number; body: T }> => {
    const reply = await t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
    return { status: reply.statusCode, body: reply.json<T>() };
  };

  it('gives each quarter of 2024 from the stored reports, in three store queries', async () => {
    const { status, body } = await get<PlanCourse>('/api/plan/course?period=quarter&from=2024-01&to=2024-12');
    expect(status).toBe(200);
    expect(seriesQueries).toBe(3);
    expect(body.targets).toMatchObject({
      buildings_over_100m_tax: 2,
      idle_base_m2: 20_000,
      idle_target_m2: 8_000,
    });
    expect(body.points.map((p) => p.period)).toEqual(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(body.points.map((p) => p.reported)).toEqual([1, 2, 2, 2]);
    expect(body.points.map((p) => p.key_idle)).toEqual([
      { buildings: 1, vacant_m2: 8_000 },
      { buildings: 2, vacant_m2: 18_000 },
      { buildings: 1, vacant_m2: 14_000 },
      { buildings: 1, vacant_m2: 14_000 },
    ]);
    expect(body.points.map((p) => [p.tax.over_100m_ytd, p.tax.over_100m_annualized])).toEqual([
      // 30 M by 31 March is 121 M a year; 40 M by 1 April and 55 M by 20 May are 161 M and 143 M.
      [0, 1],
      [0, 2],
      [0, 2],
      [2, 2],
    ]);
    expect(body.points.map((p) => p.occupancy_buckets.low)).toEqual([0, 1, 1, 1]);
  });

  it('defaults to the twelve months up to this one, and refuses a range backwards or over two years', async () => {
    const { body } = await get<PlanCourse>('/api/plan/course');
    expect(body.period).toBe('month');
    expect(body.points.map((p) => p.period)).toEqual([
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
    ]);
    // The new year starts with no tax to date; the tenancy carries on.
    expect(body.points.at(-1)!.tax.reported).toBe(0);
    expect(body.points.at(-1)!.key_idle.vacant_m2).toBe(14_000);
    expect((await get('/api/plan/course?from=2024-05&to=2024-04')).status).toBe(400);
    expect((await get('/api/plan/course?from=2022-01&to=2024-12')).status).toBe(400);
    expect((await get('/api/plan/course?period=week')).status).toBe(400);
  });

  it('is for district staff, not managers', async () => {
    const manager = await t.token('manager');
    expect((await get('/api/plan/course', manager)).status).toBe(403);
    expect((await get('/api/plan/ranking', manager)).status).toBe(403);
  });

  it('ranks the buildings by tax to date, by occupancy, within a cluster, and sets cluster against cluster', async () => {
    expect(await postHealthyTenancy(t, 150_000_000)).toBe(200);
    const byTax = (await get<PlanRanking>('/api/plan/ranking')).body;
    expect(byTax.by).toBe('tax');
    expect(byTax.buildings.map((b) => [b.rank, b.building])).toEqual([
      [1, 'healthy'],
      [2, 'missing-oa'],
      [3, 'short-elevators'],
      [4, 'short-parking'],
    ]);
    const byOccupancy = (await get<PlanRanking>('/api/plan/ranking?by=occupancy')).body;
    expect(byOccupancy.buildings.map((b) => b.building)).toEqual([
      'missing-oa',
      'short-elevators',
      'short-parking',
      'healthy',
    ]);
    const sanhao = (await get<PlanRanking>('/api/plan/ranking?by=index5a&cluster=sanhaojie')).body;
    expect(sanhao.buildings.map((b) => b.building)).toEqual(['short-elevators']);
    expect(sanhao.clusters.map((c) => [c.cluster, c.buildings, c.tax_ytd_cny, c.mean_occupancy])).toEqual([
      ['taiyuanjie', 2, 150_000_000, (0.75 + 0.9) / 2],
      ['sanhaojie', 1, null, 0.9],
      ['xita_beishi_nanshi', 1, null, 0.9],
    ]);
    expect((await get('/api/plan/ranking?cluster=nowhere')).status).toBe(400);
  });
});
