import { describe, expect, it } from 'vitest';
import { districtFigures } from '../src/district/index.ts';
import { hepingRegistry } from '../src/registry/index.ts';

// Every figure of the district plan (规划 一(一), 一(二)4, 三(三)) as the Heping registry must reproduce it.
describe('district figures of the Heping registry', () => {
  const f = districtFigures(hepingRegistry());
  const pct = (share: number): number => Math.round(share * 1000) / 10;

  it('counts 89 operating buildings with 422.7 万 m2 gross, 11 of them over 10 万 m2', () => {
    expect(f.buildings_operating).toBe(89);
    expect(Math.abs(f.gross_floor_area_m2 - 4_227_000)).toBeLessThanOrEqual(500);
    expect(f.buildings_over_100k_m2).toBe(11);
    expect(pct(f.buildings_over_100k_m2 / f.buildings_operating)).toBe(12.4);
  });

  it('has the plan cluster counts: 太原街 40, 三好街 29, 西塔北市南市 18, 浑河 2', () => {
    expect(Object.fromEntries(f.by_cluster.map((c) => [c.cluster, c.buildings]))).toEqual({
      taiyuanjie: 40,
      sanhaojie: 29,
      xita_beishi_nanshi: 18,
      hunhe: 2,
    });
  });

  it('has 12,374 tenants with the plan industry mix', () => {
    expect(f.tenants).toBe(12_374);
    const counts = Object.fromEntries(Object.entries(f.tenants_by_industry).map(([k, v]) => [k, v.count]));
    expect(counts).toEqual({ trade: 5_593, tech: 3_130, finance: 231, culture: 407, other: 3_013 });
    expect(pct(f.tenants_by_industry.trade.share)).toBe(45.2);
    expect(pct(f.tenants_by_industry.tech.share)).toBe(25.3);
    expect(pct(f.tenants_by_industry.finance.share)).toBe(1.9);
    expect(pct(f.tenants_by_industry.culture.share)).toBe(3.3);
  });

  it('puts 56 / 18 / 10 / 5 buildings in the occupancy buckets (62.9 / 20.2 / 11.2 / 5.6 %)', () => {
    const b = f.occupancy_buckets;
    expect([b.high.count, b.upper_mid.count, b.lower_mid.count, b.low.count]).toEqual([56, 18, 10, 5]);
    expect([b.high.share, b.upper_mid.share, b.lower_mid.share, b.low.share].map(pct)).toEqual([
      62.9, 20.2, 11.2, 5.6,
    ]);
  });

  it('has 24 key idle buildings holding 65.9 万 m2, by street as the plan gives', () => {
    expect(f.key_idle.buildings).toBe(24);
    expect(Math.abs(f.key_idle.vacant_m2 - 659_000)).toBeLessThanOrEqual(1_000);
    const byStreet = Object.fromEntries(
      f.key_idle.by_street.map((s) => [s.street.zh, [s.buildings, Math.round(s.vacant_m2 / 1_000)]]),
    );
    expect(byStreet).toEqual({
      太原街: [16, 552],
      南市场: [1, 15],
      北市场: [3, 29],
      马路湾: [2, 47],
      长白: [1, 10],
      南湖: [1, 5],
    });
  });

  it('keeps the mean occupancy at 85 % or more and area-weighted vacancy near the plan 闲置率', () => {
    expect(f.mean_occupancy).toBeGreaterThanOrEqual(0.85);
    // Idle area over gross floor area is the plan's 闲置率 (约15 %); over leasable area vacancy is ~20 %.
    expect(f.idle_share_of_gross).toBeGreaterThan(0.15);
    expect(f.idle_share_of_gross).toBeLessThan(0.16);
    expect(f.vacancy_rate).toBeGreaterThanOrEqual(0.15);
    expect(f.vacancy_rate).toBeLessThanOrEqual(0.2);
  });

  it('counts the tax tiers 11 / 6 / 1, the 亿元 buildings paying 43.9 亿 CNY', () => {
    expect(f.tax.tiers).toEqual({ over_100m: 11, '70m_100m': 6, '50m_70m': 1 });
    // 43.9 亿 CNY, in 亿 (1e8) to one decimal as the plan writes it.
    expect(Math.round(f.tax.over_100m_annual_tax_cny / 1e7) / 10).toBe(43.9);
    expect(Math.abs(f.tax.over_100m_annual_tax_cny - 4_390_000_000)).toBeLessThan(5_000_000);
    expect(f.tax.tax_ytd_cny).toBeNull();
  });

  it('measures the 2025 targets from the plan baseline: no progress yet', () => {
    expect(f.targets.buildings_over_100m_tax).toEqual({ baseline: 11, target: 15, current: 11, progress: 0 });
    expect(f.targets.idle_area?.baseline_m2).toBe(659_000);
    expect(f.targets.idle_area?.target_m2).toBe(359_000);
    expect(f.targets.idle_area?.current_m2).toBe(f.key_idle.vacant_m2);
    expect(f.targets.idle_area?.progress).toBe(0);
  });

  it('is plain JSON data', () => {
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
  });
});
