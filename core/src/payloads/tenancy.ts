import Type from 'typebox';
import { Count, NonNegative, Timestamp } from './common.ts';

/** The property system's tenancy figures for the whole building. */
export const TenancyPayload = Type.Object(
  {
    ts: Timestamp,
    leasable_m2: Type.Number({ exclusiveMinimum: 0, maximum: 10_000_000 }),
    leased_m2: NonNegative,
    tenants: Count,
    tenants_by_industry: Type.Object(
      { trade: Count, tech: Count, finance: Count, culture: Count, other: Count },
      { additionalProperties: false },
    ),
    registered_local: Count,
    tax_ytd_cny: Type.Optional(NonNegative),
  },
  { additionalProperties: false },
);
export type TenancyPayload = Type.Static<typeof TenancyPayload>;
