import Type from 'typebox';

/** The device a tenancy report from the web app's form is stored under (gateways use their own ids). */
export const TENANCY_FORM_DEVICE = 'form';

/** One stored tenancy report of a building, as it was entered (the form) or published (a gateway). */
export const TenancyEntrySchema = Type.Object({
  /** UTC ms the figures were reported at. */
  ts: Type.Number(),
  /** `form` for an entry made in the web app, else the property system's device id. */
  source: Type.String(),
  leasable_m2: Type.Number(),
  leased_m2: Type.Number(),
  tenants: Type.Integer(),
  tenants_by_industry: Type.Record(Type.String(), Type.Integer()),
  registered_local: Type.Integer(),
  /** Tax paid this year to date, in CNY (元); null when the report did not carry it. */
  tax_ytd_cny: Type.Union([Type.Number(), Type.Null()]),
});
export type TenancyEntry = Type.Static<typeof TenancyEntrySchema>;

/** `GET /api/buildings/{id}/tenancy`: the building's tenancy reports kept as raw data, newest first. */
export const TenancyHistorySchema = Type.Object({
  building: Type.String(),
  entries: Type.Array(TenancyEntrySchema),
});
export type TenancyHistory = Type.Static<typeof TenancyHistorySchema>;
