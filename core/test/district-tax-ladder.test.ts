import { describe, expect, it } from 'vitest';
import { TAX_CULTIVATION_LINES_CNY } from '../src/constants.ts';
import { districtFigures, planTaxTier, taxLadder, taxRung } from '../src/district/index.ts';
import { hepingRegistry } from '../src/registry/index.ts';

// Issue 16, item 9: the plan's 梯度培育 (亿元楼宇、千万元楼宇, 准亿元楼宇、准千万元楼宇) and its tax tiers.
describe('the tax ladder (梯度培育)', () => {
  const M = 1_000_000;
  const at = (tax: number) => ({ id: `b-${tax}`, annual_tax_cny: tax });

  it('puts each line on the rung it starts (the lines are inclusive, like 7000万元（含）)', () => {
    expect(taxRung(at(100 * M))).toBe('over_100m');
    expect(taxRung(at(100 * M - 1))).toBe('near_100m');
    expect(taxRung(at(70 * M))).toBe('near_100m');
    expect(taxRung(at(70 * M - 1))).toBe('10m_70m');
    expect(taxRung(at(10 * M))).toBe('10m_70m');
    expect(taxRung(at(10 * M - 1))).toBe('near_10m');
    expect(taxRung(at(7 * M))).toBe('near_10m');
    expect(taxRung(at(7 * M - 1))).toBe('below');
    expect(taxRung(at(0))).toBe('below');
  });

  it('states its lines in constants: 1亿, 7000万, 1000万, 700万', () => {
    expect(TAX_CULTIVATION_LINES_CNY).toEqual({
      over_100m: 100 * M,
      near_100m: 70 * M,
      over_10m: 10 * M,
      near_10m: 7 * M,
    });
  });

  it("places a building without a tax figure by the plan's tier, else as unknown", () => {
    expect(taxRung({ tax_tier: 'over_100m' })).toBe('over_100m');
    expect(taxRung({ tax_tier: '70m_100m' })).toBe('near_100m');
    expect(taxRung({ tax_tier: '50m_70m' })).toBe('10m_70m');
    expect(taxRung({})).toBe('unknown');
    expect(planTaxTier({ tax_tier: '50m_70m' })).toBe('50m_70m');
    expect(planTaxTier(at(69 * M))).toBe('50m_70m');
    expect(planTaxTier(at(49 * M))).toBeNull();
  });

  it('counts 千万元楼宇 from 10 M up to 100 M, 准亿元 included, and lists the pipeline closest to its line first', () => {
    const ladder = taxLadder([
      at(120 * M),
      at(75 * M),
      at(95 * M),
      at(30 * M),
      at(8 * M),
      at(9.5 * M),
      at(1 * M),
    ]);
    expect(ladder.rungs).toEqual({
      over_100m: 1,
      near_100m: 2,
      '10m_70m': 1,
      near_10m: 2,
      below: 1,
      unknown: 0,
    });
    expect(ladder.over_100m).toBe(1);
    expect(ladder.over_10m).toBe(3);
    expect(ladder.near_100m.map((c) => [c.annual_tax_cny, c.gap_cny, c.line_cny])).toEqual([
      [95 * M, 5 * M, 100 * M],
      [75 * M, 25 * M, 100 * M],
    ]);
    expect(ladder.near_10m.map((c) => [c.annual_tax_cny, c.gap_cny])).toEqual([
      [9.5 * M, 0.5 * M],
      [8 * M, 2 * M],
    ]);
  });

  it("gives Heping the plan's 11 亿元 and 6 准亿元 buildings, 10 千万元 and 1 准千万元", () => {
    const f = districtFigures(hepingRegistry());
    const ladder = f.tax.ladder;
    expect(ladder.over_100m).toBe(f.tax.tiers.over_100m);
    expect(ladder.rungs.near_100m).toBe(f.tax.tiers['70m_100m']);
    expect(ladder.rungs).toEqual({
      over_100m: 11,
      near_100m: 6,
      '10m_70m': 4,
      near_10m: 1,
      below: 67,
      unknown: 0,
    });
    expect(ladder.over_10m).toBe(10);
    expect(ladder.near_100m[0]!.gap_cny).toBe(4 * M);
    expect(ladder.near_10m.map((c) => c.annual_tax_cny)).toEqual([7_770_000]);
    expect(JSON.parse(JSON.stringify(ladder))).toEqual(ladder);
  });
});
