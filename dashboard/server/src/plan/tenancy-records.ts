import type { DatedValue, TenancyRecords } from '@louyu/core';
import type { BuildingSeries, TelemetryStore } from '@louyu/store';

/**
 * Every building's dated tenancy reports in [from, to) (the plan's course, the ranking at a past date): one
 * store query per field, every building at once, from the hour rollups where the store has folded them
 * (the raw reports are kept 30 days, the rollups two years). `stepMs` must put a bucket edge on every
 * instant the caller cuts at (see core's `alignedStepMs`): a bucket never straddles one, so its middle
 * dates the report in it.
 */
export async function readTenancyRecords(
  store: TelemetryStore,
  from: number,
  to: number,
  stepMs: number,
): Promise<TenancyRecords> {
  const read = (field: 'leased_m2' | 'leasable_m2' | 'tax_ytd_cny') =>
    store.seriesByBuilding({ measurement: 'tenancy' }, from, to, stepMs, 'last', field, {
      preferRollups: true,
    });
  const [leased, leasable, tax] = await Promise.all([
    read('leased_m2'),
    read('leasable_m2'),
    read('tax_ytd_cny'),
  ]);
  const dated = (rows: BuildingSeries[]): Map<string, DatedValue[]> =>
    new Map(
      rows.map((row) => [row.building, row.points.map((p) => ({ ts: p.ts + stepMs / 2, value: p.value }))]),
    );
  return { leased_m2: dated(leased), leasable_m2: dated(leasable), tax_ytd_cny: dated(tax) };
}
