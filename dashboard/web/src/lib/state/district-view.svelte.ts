import { taxLadder, type ClusterId } from '@louyu/core';
import { district } from './district.svelte.ts';
import { buildings } from './buildings.svelte.ts';
import { router } from './router.svelte.ts';
import {
  bucketCounts,
  industryMix,
  liveTotals,
  planProgress,
  taxTierCounts,
  type BuildingWithLive,
} from '../district.ts';

/** The overview's figures for the buildings in view: all the user may see, or one cluster (`?cluster=`). */
class DistrictView {
  readonly cluster = $derived.by((): ClusterId | null => {
    const value = router.query.get('cluster');
    return district.isCluster(value) ? value : null;
  });

  readonly allRows = $derived(
    buildings.list.map((building): BuildingWithLive => ({ building, live: buildings.liveOf(building.id) })),
  );

  readonly rows = $derived.by((): BuildingWithLive[] => {
    const cluster = this.cluster;
    return cluster === null ? this.allRows : this.allRows.filter((row) => row.building.cluster === cluster);
  });

  readonly totals = $derived(liveTotals(this.rows));
  readonly buckets = $derived(bucketCounts(this.rows));
  readonly industries = $derived(industryMix(this.rows));
  /** The plan's tax tiers and its 梯度培育 ladder (亿元, 千万元, 准亿元, 准千万元) over the buildings in view. */
  readonly taxTiers = $derived(taxTierCounts(this.rows));
  readonly taxLadder = $derived(taxLadder(this.rows.map((row) => row.building)));
  /** The plan's targets are the district's, so they are measured on every building, whatever the filter. */
  readonly plan = $derived(
    planProgress(
      this.allRows,
      district.info?.plan ?? null,
      district.info?.shortfall_thresholds.keyIdleVacantM2,
    ),
  );

  setCluster(cluster: ClusterId | null): void {
    router.setQuery('cluster', cluster);
  }
}

/** The one district view of the app. */
export const districtView = new DistrictView();
