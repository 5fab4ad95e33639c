import Type from 'typebox';
import type { ShortfallConfig } from '../rules/shortfalls/config.ts';

/** Tax tiers the plan counts (全口径税收): >= 100 M CNY, 70-100 M, 50-70 M. */
export const TAX_TIERS = ['over_100m', '70m_100m', '50m_70m'] as const;
export type TaxTier = (typeof TAX_TIERS)[number];

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' });
const Area = Type.Number({ exclusiveMinimum: 0, maximum: 10_000_000 });
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });

/** How many head-end devices each 5A subsystem has; 0 means the building lacks that subsystem. */
export const SubsystemInventory = Type.Object(
  { ba: Count, ca: Count, oa: Count, fa: Count, sa: Count },
  { additionalProperties: false },
);

/** The tenancy a building starts from (the simulators drift from it; gateways report the live figure). */
export const TenancyBaseline = Type.Object(
  {
    leased_m2: Type.Number({ minimum: 0 }),
    tenants: Count,
    tenants_by_industry: Type.Object(
      { trade: Count, tech: Count, finance: Count, culture: Count, other: Count },
      { additionalProperties: false },
    ),
    registered_local: Count,
  },
  { additionalProperties: false },
);

export const BuildingSchema = Type.Object(
  {
    id: Id,
    name: Type.Object(
      { zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
      { additionalProperties: false },
    ),
    /** True when the plan does not name this building and the registry made it up to reach the plan's counts. */
    generated: Type.Boolean(),
    /** One of the district's `clusters` (by id); any id when the district declares none. */
    cluster: Id,
    /** The sub-district (街道) the building stands in, e.g. 太原街, 南湖, 南市场. */
    street: Type.Object(
      { zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
      { additionalProperties: false },
    ),
    floors: Type.Integer({ minimum: 1, maximum: 200 }),
    basement_floors: Type.Integer({ minimum: 0, maximum: 10 }),
    gross_floor_area_m2: Area,
    leasable_area_m2: Area,
    parking_spaces: Count,
    passenger_elevators: Count,
    subsystems: SubsystemInventory,
    /** Position on the schematic district map, 0..1000 on both axes (no map tiles). */
    position: Type.Object(
      { x: Type.Number({ minimum: 0, maximum: 1000 }), y: Type.Number({ minimum: 0, maximum: 1000 }) },
      { additionalProperties: false },
    ),
    /** The plan's tax tier for this building, where the plan names it. */
    tax_tier: Type.Optional(Type.Enum(TAX_TIERS)),
    /** Annual tax (全口径, CNY) used as the baseline for simulated `tax_ytd_cny`. */
    annual_tax_cny: Type.Optional(Type.Number({ minimum: 0 })),
    tenancy: TenancyBaseline,
  },
  { additionalProperties: false },
);
export type Building = Type.Static<typeof BuildingSchema>;

const Bilingual = Type.Object(
  { zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
const Ratio = Type.Number({ exclusiveMinimum: 0, maximum: 1 });
const Share = Type.Number({ minimum: 0, maximum: 1 });
const Positive = Type.Number({ exclusiveMinimum: 0 });
const Year = Type.Integer({ minimum: 1949, maximum: 2100 });

/** A building cluster (产业集聚区) of the district: buildings name it by `id`; pages show `name`. */
export const ClusterSchema = Type.Object({ id: Id, name: Bilingual }, { additionalProperties: false });
export type Cluster = Type.Static<typeof ClusterSchema>;

/**
 * The district's own plan: where it stood in `base_year` and what it aims for by `target_year`. Every
 * target is optional; one that is absent is not measured (the dashboard says "no target set").
 */
export const PlanTargetsSchema = Type.Object(
  {
    base_year: Year,
    target_year: Year,
    /** Buildings paying at least 100 M CNY tax a year (亿元楼宇): `base` in the base year, `target` by the target year. */
    buildings_over_100m_tax: Type.Optional(
      Type.Object({ base: Count, target: Count }, { additionalProperties: false }),
    ),
    /** Vacant area of key idle buildings in the base year, and how much of it the plan cuts by the target year. */
    idle_area: Type.Optional(
      Type.Object({ base_m2: Area, reduction_m2: Area }, { additionalProperties: false }),
    ),
    /** Shares of buildings per occupancy bucket (>= 85 %, 70-85 %, 50-70 %, < 50 %) in the base year, 0..1. */
    occupancy_buckets: Type.Optional(
      Type.Object(
        { high: Share, upper_mid: Share, lower_mid: Share, low: Share },
        { additionalProperties: false },
      ),
    ),
    /** Mean of the buildings' occupancy rates (平均入驻率), 0..1: in the base year and/or as a target. */
    mean_occupancy: Type.Optional(
      Type.Object(
        { base: Type.Optional(Ratio), target: Type.Optional(Ratio) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PlanTargets = Type.Static<typeof PlanTargetsSchema>;

/**
 * The district's own shortfall thresholds; each one absent takes Louyu's default (DESIGN.md "Facility
 * shortfalls", core constants.ts). They feed core's ShortfallConfig (minutes and days become ms).
 */
export const ShortfallThresholdsSchema = Type.Object(
  {
    parking_full_ratio: Type.Optional(Ratio),
    parking_queue_min_minutes: Type.Optional(Positive),
    parking_queue_days_required: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })),
    parking_queue_days_window: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })),
    parking_standard_m2_per_space: Type.Optional(Positive),
    elevator_peak_wait_max_s: Type.Optional(Positive),
    elevator_car_availability_min: Type.Optional(Ratio),
    elevator_max_m2_per_car: Type.Optional(Positive),
    five_a_min_score: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
    energy_benchmark_kwh_per_m2_year: Type.Optional(Positive),
    energy_min_span_days: Type.Optional(Positive),
    key_idle_vacant_m2: Type.Optional(Positive),
  },
  { additionalProperties: false },
);
export type ShortfallThresholds = Type.Static<typeof ShortfallThresholdsSchema>;

export const DistrictSchema = Type.Object(
  {
    id: Id,
    name: Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false }),
    time_zone: Type.String({ minLength: 1 }),
    /** The district's clusters; absent: one per cluster id the buildings use, named by its id. */
    clusters: Type.Optional(Type.Array(ClusterSchema, { minItems: 1 })),
    /** The district's plan targets; absent: none (nothing is measured against a plan). */
    plan: Type.Optional(PlanTargetsSchema),
    /** The district's shortfall thresholds; absent (or a threshold absent): Louyu's defaults. */
    shortfalls: Type.Optional(ShortfallThresholdsSchema),
  },
  { additionalProperties: false },
);
export type District = Type.Static<typeof DistrictSchema>;

export const RegistrySchema = Type.Object(
  {
    district: DistrictSchema,
    buildings: Type.Array(BuildingSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type RegistryData = Type.Static<typeof RegistrySchema>;

/** A cluster id: one of the district's `clusters`. */
export type ClusterId = string;

/** A loaded registry: the data plus a lookup by id, the district's clusters and its shortfall thresholds. */
export interface Registry extends RegistryData {
  byId: ReadonlyMap<string, Building>;
  /** The declared clusters, or (none declared) one per cluster id the buildings use, named by its id. */
  clusters: readonly Cluster[];
  /** Louyu's default thresholds overlaid with the district's `shortfalls`. */
  shortfallConfig: Readonly<ShortfallConfig>;
}
