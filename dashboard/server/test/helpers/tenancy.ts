// Tenancy figures for the plan's tests: a dated report as the store keeps it, and a manager's form entry.
import type { TelemetryPoint } from '@louyu/store';
import type { TestApp } from './app.ts';

/** What a report says: leased of leasable m², and tax to date when it reports any. */
export interface ReportFigures {
  leased: number;
  leasable: number;
  tax?: number;
}

/** A tenancy report as the store keeps it (what ingest writes for a gateway's `tenancy` message). */
export function tenancyReport(
  building: string,
  cluster: string,
  ts: number,
  { leased, leasable, tax }: ReportFigures,
): TelemetryPoint {
  return {
    measurement: 'tenancy',
    tags: { building, cluster, device: 'pms' },
    fields: {
      leasable_m2: leasable,
      leased_m2: leased,
      tenants: 10,
      registered_local: 5,
      ...(tax === undefined ? {} : { tax_ytd_cny: tax }),
    },
    ts,
  };
}

/** The demo manager's tenancy form for `healthy`: 16,000 m², 12,000 let, 40 tenants (no tax figure). */
export const HEALTHY_TENANCY_FORM = {
  leasable_m2: 16_000,
  leased_m2: 12_000,
  tenants: 40,
  tenants_by_industry: { trade: 10, tech: 20, finance: 5, culture: 3, other: 2 },
  registered_local: 30,
};

/** The demo manager saves `form` for `healthy`, as the building page's tenancy form does. */
export async function postTenancyForm(t: TestApp, form: Record<string, unknown> = HEALTHY_TENANCY_FORM) {
  const manager = await t.token('manager');
  return t.app.inject({
    method: 'POST',
    url: '/api/buildings/healthy/tenancy',
    headers: { authorization: `Bearer ${manager}` },
    payload: form,
  });
}

/** The demo manager's form entry for `healthy` with `tax` to date; the reply status. */
export async function postHealthyTenancy(t: TestApp, tax: number): Promise<number> {
  return (await postTenancyForm(t, { ...HEALTHY_TENANCY_FORM, tax_ytd_cny: tax })).statusCode;
}
