import { TAX_CULTIVATION_LINES_CNY, TAX_TIER_LOWER_BOUNDS_CNY } from '../constants.ts';
import type { Building, TaxTier } from '../registry/types.ts';

/**
 * Where a building stands on the plan's ladder (梯度培育), by annual tax: 亿元楼宇, 准亿元楼宇 (70-100 M),
 * the other 千万元楼宇 (10-70 M), 准千万元楼宇 (7-10 M), below them, or unknown (no tax figure).
 * The rungs do not overlap, so each building is on exactly one.
 */
export const TAX_RUNGS = ['over_100m', 'near_100m', '10m_70m', 'near_10m', 'below', 'unknown'] as const;
/** One rung of the ladder. */
export type TaxRung = (typeof TAX_RUNGS)[number];

/** The annual tax (CNY) the ladder uses: the registry's figure; null when the registry has none. */
export function annualTaxOf(building: Pick<Building, 'annual_tax_cny'>): number | null {
  const tax = building.annual_tax_cny;
  return tax !== undefined && Number.isFinite(tax) ? tax : null;
}

/**
 * A building's rung. Without a tax figure, the plan's tier (where the registry names one) still places it:
 * over_100m is 亿元, 70m_100m is 准亿元, 50m_70m is 千万元; otherwise it is unknown.
 */
export function taxRung(building: Pick<Building, 'annual_tax_cny' | 'tax_tier'>): TaxRung {
  const tax = annualTaxOf(building);
  if (tax === null) return building.tax_tier === undefined ? 'unknown' : TIER_RUNG[building.tax_tier];
  const lines = TAX_CULTIVATION_LINES_CNY;
  if (tax >= lines.over_100m) return 'over_100m';
  if (tax >= lines.near_100m) return 'near_100m';
  if (tax >= lines.over_10m) return '10m_70m';
  if (tax >= lines.near_10m) return 'near_10m';
  return 'below';
}

const TIER_RUNG: Readonly<Record<TaxTier, TaxRung>> = {
  over_100m: 'over_100m',
  '70m_100m': 'near_100m',
  '50m_70m': '10m_70m',
};

/** The plan's three tax tiers (亿元以上, 7000万元(含)到1亿元, 5000万元(含)到7000万元) for a tax, or null below. */
export function planTaxTier(building: Pick<Building, 'annual_tax_cny' | 'tax_tier'>): TaxTier | null {
  const tax = annualTaxOf(building);
  if (tax === null) return building.tax_tier ?? null;
  if (tax >= TAX_TIER_LOWER_BOUNDS_CNY.over_100m) return 'over_100m';
  if (tax >= TAX_TIER_LOWER_BOUNDS_CNY['70m_100m']) return '70m_100m';
  if (tax >= TAX_TIER_LOWER_BOUNDS_CNY['50m_70m']) return '50m_70m';
  return null;
}

/** A building the plan asks to promote (加快晋级): a 准亿元 or 准千万元 building and its distance to the line. */
export interface TaxCandidate {
  building: string;
  /** 'near_100m' (准亿元, towards 亿元) or 'near_10m' (准千万元, towards 千万元). */
  rung: 'near_100m' | 'near_10m';
  annual_tax_cny: number;
  /** The line it is being grown to: 100 M or 10 M CNY. */
  line_cny: number;
  /** line - annual tax, > 0. */
  gap_cny: number;
}

/** The ladder over a set of buildings: how many on each rung, the two lines the plan counts, and the pipeline. */
export interface TaxLadder {
  rungs: Record<TaxRung, number>;
  /** 亿元楼宇: annual tax >= 100 M CNY. */
  over_100m: number;
  /** 千万元楼宇: >= 10 M and < 100 M CNY (准亿元 included: they are 千万元 buildings on their way up). */
  over_10m: number;
  /** 准亿元楼宇 (70-100 M), closest to 100 M first. */
  near_100m: TaxCandidate[];
  /** 准千万元楼宇 (7-10 M), closest to 10 M first. */
  near_10m: TaxCandidate[];
}

/** Counts the ladder's rungs over `buildings` and lists the 准亿元 and 准千万元 pipeline. Pure. */
export function taxLadder(
  buildings: Iterable<Pick<Building, 'id' | 'annual_tax_cny' | 'tax_tier'>>,
): TaxLadder {
  const rungs = Object.fromEntries(TAX_RUNGS.map((r) => [r, 0])) as Record<TaxRung, number>;
  const near_100m: TaxCandidate[] = [];
  const near_10m: TaxCandidate[] = [];
  for (const b of buildings) {
    const rung = taxRung(b);
    rungs[rung] += 1;
    const tax = annualTaxOf(b);
    if (tax === null || (rung !== 'near_100m' && rung !== 'near_10m')) continue;
    const line =
      rung === 'near_100m' ? TAX_CULTIVATION_LINES_CNY.over_100m : TAX_CULTIVATION_LINES_CNY.over_10m;
    (rung === 'near_100m' ? near_100m : near_10m).push({
      building: b.id,
      rung,
      annual_tax_cny: tax,
      line_cny: line,
      gap_cny: line - tax,
    });
  }
  const closestFirst = (a: TaxCandidate, b: TaxCandidate): number =>
    a.gap_cny - b.gap_cny || a.building.localeCompare(b.building);
  return {
    rungs,
    over_100m: rungs.over_100m,
    over_10m: rungs.near_100m + rungs['10m_70m'],
    near_100m: near_100m.sort(closestFirst),
    near_10m: near_10m.sort(closestFirst),
  };
}
