import { meanOccupancy } from './occupancy.ts';

/** What the building ranking (楼宇排行) orders by: tax paid this year, occupancy, the 5A index. */
export const RANKING_KEYS = ['tax', 'occupancy', 'index5a'] as const;
/** One order of the ranking. */
export type RankingKey = (typeof RANKING_KEYS)[number];

/** One building's figures for the ranking; null where the building has none. */
export interface RankingInput {
  building: string;
  cluster: string;
  /** Tax paid this year to date (CNY), from its latest tenancy report. */
  tax_ytd_cny: number | null;
  /** The registry's annual tax (全口径, CNY): the figure the plan's tiers count. */
  annual_tax_cny: number | null;
  /** 入驻率, 0..1. */
  occupancy: number | null;
  /** The 5A index, 0-100. */
  index5a: number | null;
}

/** A ranked building: 1 is the best; buildings without the figure come last, by id. */
export type RankedBuilding = RankingInput & { rank: number };

function keyOf(row: RankingInput, by: RankingKey): number | null {
  if (by === 'tax') return row.tax_ytd_cny;
  return by === 'occupancy' ? row.occupancy : row.index5a;
}

/**
 * The buildings best first by `by`; ties and buildings without the figure in id order (by code unit, so
 * the order is the same in every locale). For tax, a tie (or no report) falls back on the annual tax.
 */
export function rankBuildings(rows: readonly RankingInput[], by: RankingKey): RankedBuilding[] {
  const desc = (a: number | null, b: number | null): number =>
    a === null ? (b === null ? 0 : 1) : b === null ? -1 : b - a;
  return [...rows]
    .sort(
      (a, b) =>
        desc(keyOf(a, by), keyOf(b, by)) ||
        (by === 'tax' ? desc(a.annual_tax_cny, b.annual_tax_cny) : 0) ||
        (a.building < b.building ? -1 : a.building > b.building ? 1 : 0),
    )
    .map((row, i) => ({ ...row, rank: i + 1 }));
}

/** One cluster against the others. */
export interface ClusterStanding {
  cluster: string;
  buildings: number;
  /** Sum of the buildings' tax to date; null when none reported one. */
  tax_ytd_cny: number | null;
  /** Sum of the registry's annual tax. */
  annual_tax_cny: number;
  /** Buildings at or over 100 M CNY annual tax (亿元楼宇, the plan's count). */
  over_100m: number;
  /** The plan's 平均入驻率 over the cluster's buildings; null without any rate. */
  mean_occupancy: number | null;
  /** Mean 5A index over the buildings that have one; null without any. */
  mean_index5a: number | null;
}

/** Each cluster's standing, in the order the clusters are given (the registry's). Pure. */
export function clusterStandings(
  rows: readonly RankingInput[],
  clusters: readonly string[],
  over100mLineCny: number,
): ClusterStanding[] {
  return clusters.map((cluster) => {
    const of = rows.filter((r) => r.cluster === cluster);
    const ytd = of.flatMap((r) => (r.tax_ytd_cny === null ? [] : [r.tax_ytd_cny]));
    const index = of.flatMap((r) => (r.index5a === null ? [] : [r.index5a]));
    return {
      cluster,
      buildings: of.length,
      tax_ytd_cny: ytd.length > 0 ? ytd.reduce((a, b) => a + b, 0) : null,
      annual_tax_cny: of.reduce((a, r) => a + (r.annual_tax_cny ?? 0), 0),
      over_100m: of.filter((r) => (r.annual_tax_cny ?? 0) >= over100mLineCny).length,
      mean_occupancy: meanOccupancy(of.map((r) => r.occupancy)),
      mean_index5a: index.length > 0 ? index.reduce((a, b) => a + b, 0) / index.length : null,
    };
  });
}
