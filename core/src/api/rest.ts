import Type from 'typebox';
import { KINDS } from '../kinds.ts';
import { BuildingSchema, ClusterSchema, PlanTargetsSchema } from '../registry/types.ts';
import { AlarmViewSchema } from './alarms.ts';
import { BuildingDetailSchema, BuildingLiveSchema, DistrictLiveSchema } from './live.ts';
import { DistrictFiguresSchema } from '../district/schema.ts';
import { OCCUPANCY_BUCKETS } from '../rules/tenancy.ts';
import { SHORTFALL_KINDS, SHORTFALL_RULES } from '../rules/shortfalls/types.ts';

/** Every error reply: a stable code and a sentence saying what is wrong. */
export const ApiErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
});
export type ApiError = Type.Static<typeof ApiErrorSchema>;

/** `GET /api/buildings` item: the registry entry and its live summary. */
export const BuildingListItemSchema = Type.Object({ building: BuildingSchema, live: BuildingLiveSchema });
export type BuildingListItem = Type.Static<typeof BuildingListItemSchema>;

/** `GET /api/buildings/{id}`. */
export const BuildingReplySchema = Type.Object({
  building: BuildingSchema,
  live: BuildingDetailSchema,
  alarms: Type.Array(AlarmViewSchema),
});
export type BuildingReply = Type.Static<typeof BuildingReplySchema>;

/** The most points a history query may ask for (a chart a few thousand pixels wide). */
export const HISTORY_MAX_POINTS = 2000;
/** The longest range a history query may cover: the raw retention plus the rollups (2 years). */
export const HISTORY_MAX_RANGE_MS = 731 * 86_400_000;

export const HISTORY_AGGREGATES = ['mean', 'max', 'min', 'last', 'sum', 'count'] as const;

/** How a building's devices combine in a history query (see `across`). */
export const HISTORY_ACROSS = ['all', 'sum'] as const;

/** `GET /api/buildings/{id}/history` query. */
export const HistoryQuerySchema = Type.Object(
  {
    kind: Type.Enum(KINDS),
    field: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
    device: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' })),
    circuit: Type.Optional(Type.String({ pattern: '^[a-z]{1,16}$' })),
    /** UTC ms, inclusive. */
    from: Type.Integer({ minimum: 0 }),
    /** UTC ms, exclusive. */
    to: Type.Integer({ minimum: 1 }),
    points: Type.Optional(Type.Integer({ minimum: 1, maximum: HISTORY_MAX_POINTS, default: 500 })),
    agg: Type.Optional(Type.Enum(HISTORY_AGGREGATES)),
    /**
     * How the building's devices combine when `device` is not given: `all` (default) aggregates every
     * reading of every device in a bucket together (a mean floor, a mean car's wait); `sum` aggregates each
     * device's bucket with `agg`, then adds the devices up (people in the building, cars in every car park).
     */
    across: Type.Optional(Type.Enum(HISTORY_ACROSS)),
  },
  { additionalProperties: false },
);
export type HistoryQuery = Type.Static<typeof HistoryQuerySchema>;

/** History reply: buckets of `step_ms`, each `[ts, value]`, at most the requested points. */
export const HistoryReplySchema = Type.Object({
  building: Type.String(),
  kind: Type.String(),
  field: Type.String(),
  agg: Type.String(),
  across: Type.Optional(Type.Enum(HISTORY_ACROSS)),
  from: Type.Number(),
  to: Type.Number(),
  step_ms: Type.Integer(),
  points: Type.Array(Type.Tuple([Type.Number(), Type.Number()])),
});
export type HistoryReply = Type.Static<typeof HistoryReplySchema>;

/** `GET /api/five-a` row. */
export const FiveARowSchema = Type.Object({
  building: Type.String(),
  name: Type.String(),
  cluster: Type.String(),
  ba: Type.Union([Type.Number(), Type.Null()]),
  ca: Type.Union([Type.Number(), Type.Null()]),
  oa: Type.Union([Type.Number(), Type.Null()]),
  fa: Type.Union([Type.Number(), Type.Null()]),
  sa: Type.Union([Type.Number(), Type.Null()]),
  index: Type.Union([Type.Number(), Type.Null()]),
  compliant: Type.Boolean(),
  rank: Type.Integer(),
});
export type FiveARow = Type.Static<typeof FiveARowSchema>;

/** `GET /api/tenancy` row: one building's tenancy now (live report, or the registry baseline). */
export const TenancyRowSchema = Type.Object({
  building: Type.String(),
  name: Type.String(),
  cluster: Type.String(),
  leasable_m2: Type.Number(),
  leased_m2: Type.Number(),
  vacant_m2: Type.Number(),
  rate: Type.Union([Type.Number(), Type.Null()]),
  bucket: Type.Union([Type.Enum(OCCUPANCY_BUCKETS), Type.Null()]),
  key_idle: Type.Boolean(),
  tenants: Type.Integer(),
  tenants_by_industry: Type.Record(Type.String(), Type.Integer()),
  /** UTC ms of the live report; null for the registry baseline. */
  reported_at: Type.Union([Type.Number(), Type.Null()]),
});
export type TenancyRow = Type.Static<typeof TenancyRowSchema>;

/** `GET /api/tenancy`: by building, and the district's breakdowns by cluster, occupancy bucket and industry. */
export const TenancyReplySchema = Type.Object({
  buildings: Type.Array(TenancyRowSchema),
  by_cluster: DistrictFiguresSchema.properties.by_cluster,
  occupancy_buckets: DistrictFiguresSchema.properties.occupancy_buckets,
  tenants_by_industry: DistrictFiguresSchema.properties.tenants_by_industry,
  key_idle: DistrictFiguresSchema.properties.key_idle,
});
export type TenancyReply = Type.Static<typeof TenancyReplySchema>;

/**
 * `GET /api/district`: the district as its registry describes it, for every page (title, cluster names)
 * and before signing in: its name, time zone, clusters, plan targets (null: none set) and the shortfall
 * thresholds in force (the registry's own, Louyu's defaults for the rest; core's ShortfallConfig).
 */
export const DistrictInfoSchema = Type.Object({
  id: Type.String(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  time_zone: Type.String(),
  clusters: Type.Array(ClusterSchema),
  plan: Type.Union([PlanTargetsSchema, Type.Null()]),
  shortfall_thresholds: Type.Record(Type.String(), Type.Number()),
});
export type DistrictInfo = Type.Static<typeof DistrictInfoSchema>;

/** `GET /api/district/summary`: the plan's figures and targets (with live tenancy) and the live totals. */
export const DistrictSummarySchema = Type.Object({
  district: DistrictInfoSchema,
  plan: DistrictFiguresSchema,
  live: DistrictLiveSchema,
});
export type DistrictSummary = Type.Static<typeof DistrictSummarySchema>;

/** One facility shortfall finding (core's ShortfallFinding). */
export const ShortfallFindingSchema = Type.Object({
  building: Type.String(),
  kind: Type.Enum(SHORTFALL_KINDS),
  rule: Type.Enum(SHORTFALL_RULES),
  subject: Type.Union([Type.String(), Type.Null()]),
  measured: Type.Number(),
  threshold: Type.Number(),
  unit: Type.String(),
  since: Type.Union([Type.Number(), Type.Null()]),
  detail: Type.String(),
});
export type ShortfallFindingView = Type.Static<typeof ShortfallFindingSchema>;

/** `GET /api/shortfalls` reply. */
export const ShortfallReplySchema = Type.Object({
  evaluated_at: Type.Number(),
  findings: Type.Array(ShortfallFindingSchema),
  /** Findings per building, for the ranking view. */
  buildings: Type.Array(
    Type.Object({
      building: Type.String(),
      findings: Type.Integer(),
      kinds: Type.Array(Type.Enum(SHORTFALL_KINDS)),
    }),
  ),
});
export type ShortfallReply = Type.Static<typeof ShortfallReplySchema>;

export const REPORT_PERIODS = ['weekly', 'monthly'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** One building's line in the weekly or monthly report. */
export const ReportRowSchema = Type.Object({
  building: Type.String(),
  name: Type.String(),
  cluster: Type.String(),
  five_a_index: Type.Union([Type.Number(), Type.Null()]),
  five_a_compliant: Type.Boolean(),
  tenancy_rate: Type.Union([Type.Number(), Type.Null()]),
  vacant_m2: Type.Number(),
  tenants: Type.Integer(),
  energy_kwh: Type.Union([Type.Number(), Type.Null()]),
  alarms_raised: Type.Integer(),
  shortfalls: Type.Integer(),
});
export type ReportRow = Type.Static<typeof ReportRowSchema>;

/** 每周调度 / 每月通报: the period, district lines against the plan, and one row per building. */
export const ReportSchema = Type.Object({
  period: Type.Enum(REPORT_PERIODS),
  from: Type.Number(),
  to: Type.Number(),
  /** The local dates covered, e.g. 2025-03-10 – 2025-03-16. */
  label: Type.String(),
  generated_at: Type.Number(),
  district: Type.Object({
    buildings: Type.Integer(),
    tenants: Type.Integer(),
    vacant_m2: Type.Number(),
    mean_occupancy: Type.Number(),
    key_idle_buildings: Type.Integer(),
    buildings_over_100m_tax: Type.Integer(),
    /** The district plan's target for buildings over 100 M CNY tax; null when its registry sets none. */
    buildings_over_100m_tax_target: Type.Union([Type.Integer(), Type.Null()]),
    /** The year the plan's targets are for; null without a plan. */
    target_year: Type.Union([Type.Integer(), Type.Null()]),
    five_a_compliant: Type.Integer(),
    energy_kwh: Type.Number(),
    alarms_raised: Type.Integer(),
    shortfalls: Type.Integer(),
  }),
  rows: Type.Array(ReportRowSchema),
});
export type Report = Type.Static<typeof ReportSchema>;
