import { INDUSTRIES, type TenancyLive, type TenancyPayload } from './contracts.ts';

/** The form's fields, each the name the API uses (so the API's message names the field it is about). */
export const TENANCY_FIELDS = [
  'leasable_m2',
  'leased_m2',
  'tenants',
  'tenants_by_industry',
  'registered_local',
  'tax_ytd_cny',
] as const;
export type TenancyField = (typeof TENANCY_FIELDS)[number];

/** CNY per 万元: the form takes tax in 万元 as a manager reads it; the API stores CNY (元). */
export const CNY_PER_WAN = 10_000;

/** What the inputs hold: numbers as typed (null when empty); tax in 万元. */
export interface TenancyDraft {
  leasable_m2: number | null;
  leased_m2: number | null;
  tenants: number | null;
  tenants_by_industry: Record<string, number | null>;
  registered_local: number | null;
  tax_ytd_wan: number | null;
}

/** The draft a manager starts from: the building's current figures. */
export function draftFrom(tenancy: TenancyLive): TenancyDraft {
  return {
    leasable_m2: tenancy.leasable_m2,
    leased_m2: tenancy.leased_m2,
    tenants: tenancy.tenants,
    tenants_by_industry: Object.fromEntries(
      INDUSTRIES.map((industry) => [industry, tenancy.tenants_by_industry[industry] ?? 0]),
    ),
    registered_local: tenancy.registered_local,
    tax_ytd_wan: tenancy.tax_ytd_cny === null ? null : tenancy.tax_ytd_cny / CNY_PER_WAN,
  };
}

/**
 * The request body. Nothing is checked here: the API validates (the same rules as a gateway's message) and
 * its message is shown by the field. An empty required input goes as null, which the API names and refuses.
 */
export function bodyOf(draft: TenancyDraft): Omit<TenancyPayload, 'ts'> {
  const body: Record<string, unknown> = {
    leasable_m2: draft.leasable_m2,
    leased_m2: draft.leased_m2,
    tenants: draft.tenants,
    tenants_by_industry: draft.tenants_by_industry,
    registered_local: draft.registered_local,
  };
  // 万元 to CNY, rounded to the fen so 0.1 万元 does not become 999.9999999 元.
  if (draft.tax_ytd_wan !== null) body.tax_ytd_cny = Math.round(draft.tax_ytd_wan * CNY_PER_WAN * 100) / 100;
  return body as Omit<TenancyPayload, 'ts'>;
}

/**
 * The field an API error message is about ("leased_m2 must not exceed leasable_m2", "body/tenants_by_industry/
 * tech must be integer"): the first field named in it, or null (shown above the form).
 */
export function fieldOf(message: string): TenancyField | null {
  let first: { field: TenancyField; at: number } | null = null;
  for (const field of TENANCY_FIELDS) {
    const match = new RegExp(`(?<![a-z_])${field}(?![a-z_])`).exec(message);
    if (match && (first === null || match.index < first.at)) first = { field, at: match.index };
  }
  return first?.field ?? null;
}
