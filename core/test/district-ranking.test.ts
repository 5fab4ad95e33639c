import { describe, expect, it } from 'vitest';
import { clusterStandings, rankBuildings, type RankingInput } from '../src/district/index.ts';

const row = (
  building: string,
  cluster: string,
  tax_ytd_cny: number | null,
  annual_tax_cny: number | null,
  occupancy: number | null,
  index5a: number | null,
): RankingInput => ({ building, cluster, tax_ytd_cny, annual_tax_cny, occupancy, index5a });

const ROWS: RankingInput[] = [
  row('b', 'north', 50_000_000, 120_000_000, 0.9, 88),
  row('a', 'north', 50_000_000, 80_000_000, 0.6, null),
  row('d', 'south', null, 150_000_000, null, 91.5),
  row('c', 'south', 70_000_000, 90_000_000, 0.9, 70),
];

describe('the building ranking (楼宇排行)', () => {
  it('orders by tax to date, a tie by annual tax, no report last', () => {
    expect(rankBuildings(ROWS, 'tax').map((r) => [r.rank, r.building])).toEqual([
      [1, 'c'],
      [2, 'b'],
      [3, 'a'],
      [4, 'd'],
    ]);
  });

  it('orders by occupancy and by the 5A index, ties by id, missing figures last', () => {
    expect(rankBuildings(ROWS, 'occupancy').map((r) => r.building)).toEqual(['b', 'c', 'a', 'd']);
    expect(rankBuildings(ROWS, 'index5a').map((r) => r.building)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('sets cluster against cluster', () => {
    expect(clusterStandings(ROWS, ['north', 'south', 'empty'], 100_000_000)).toEqual([
      {
        cluster: 'north',
        buildings: 2,
        tax_ytd_cny: 100_000_000,
        annual_tax_cny: 200_000_000,
        over_100m: 1,
        mean_occupancy: 0.75,
        mean_index5a: 88,
      },
      {
        cluster: 'south',
        buildings: 2,
        tax_ytd_cny: 70_000_000,
        annual_tax_cny: 240_000_000,
        over_100m: 1,
        mean_occupancy: 0.9,
        mean_index5a: 80.75,
      },
      {
        cluster: 'empty',
        buildings: 0,
        tax_ytd_cny: null,
        annual_tax_cny: 0,
        over_100m: 0,
        mean_occupancy: null,
        mean_index5a: null,
      },
    ]);
  });
});
