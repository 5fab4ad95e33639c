import Type from 'typebox';

const CountShare = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  /** count / the whole, 0..1 (0 when the whole is 0). */
  share: Type.Number({ minimum: 0, maximum: 1 }),
});
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const Progress = Type.Number({ minimum: 0, maximum: 1 });
const TaxCandidateSchema = Type.Object({
  building: Type.String(),
  rung: Type.Union([Type.Literal('near_100m'), Type.Literal('near_10m')]),
  annual_tax_cny: Type.Number(),
  line_cny: Type.Number(),
  gap_cny: Type.Number(),
});
/** core's TaxLadder: buildings per rung, 亿元 and 千万元 counts, the 准亿元 and 准千万元 pipeline. */
export const TaxLadderSchema = Type.Object({
  rungs: Type.Object({
    over_100m: Type.Integer(),
    near_100m: Type.Integer(),
    '10m_70m': Type.Integer(),
    near_10m: Type.Integer(),
    below: Type.Integer(),
    unknown: Type.Integer(),
  }),
  over_100m: Type.Integer(),
  over_10m: Type.Integer(),
  near_100m: Type.Array(TaxCandidateSchema),
  near_10m: Type.Array(TaxCandidateSchema),
});

/** The district's plan figures (规划 一(一), 一(二)4, 三(三)), as `GET /api/district/summary` serves them. */
export const DistrictFiguresSchema = Type.Object({
  buildings_operating: Type.Integer(),
  gross_floor_area_m2: Type.Number(),
  buildings_over_100k_m2: Type.Integer(),
  leasable_area_m2: Type.Number(),
  leased_m2: Type.Number(),
  vacant_m2: Type.Number(),
  tenants: Type.Integer(),
  tenants_by_industry: Type.Object({
    trade: CountShare,
    tech: CountShare,
    finance: CountShare,
    culture: CountShare,
    other: CountShare,
  }),
  /** Buildings per occupancy bucket (入驻率 >= 85 %, 70-85 %, 50-70 %, < 50 %), shares of buildings operating. */
  occupancy_buckets: Type.Object({
    high: CountShare,
    upper_mid: CountShare,
    lower_mid: CountShare,
    low: CountShare,
  }),
  /** Mean of the buildings' occupancy rates, 0..1 (the plan's 平均入驻率: 达85%以上). */
  mean_occupancy: Type.Number(),
  /** Leased / leasable area over all buildings, 0..1: Louyu's area-weighted rate, not the plan's figure. */
  area_weighted_occupancy: Type.Number(),
  /** Area-weighted vacancy: vacant / leasable area, 0..1. */
  vacancy_rate: Type.Number(),
  /** Key idle vacant area / gross floor area, 0..1: the plan's 闲置率 (约15 %) is this ratio. */
  idle_share_of_gross: Type.Number(),
  /** 重点闲置楼宇: buildings with >= 3,000 m2 vacant. `by_street` is largest first. */
  key_idle: Type.Object({
    buildings: Type.Integer(),
    vacant_m2: Type.Number(),
    building_ids: Type.Array(Type.String()),
    by_street: Type.Array(
      Type.Object({ street: Bilingual, buildings: Type.Integer(), vacant_m2: Type.Number() }),
    ),
  }),
  tax: Type.Object({
    /** Buildings per tax tier (>= 100 M CNY, 70-100 M, 50-70 M), from the registry's annual figures. */
    tiers: Type.Object({ over_100m: Type.Integer(), '70m_100m': Type.Integer(), '50m_70m': Type.Integer() }),
    /** Sum of the registry's annual tax (CNY) over every building, and over the >= 100 M CNY buildings. */
    annual_tax_cny: Type.Number(),
    over_100m_annual_tax_cny: Type.Number(),
    /** Sum of live year-to-date tax (CNY) over buildings that report one; null when none does. */
    tax_ytd_cny: Type.Union([Type.Number(), Type.Null()]),
    /** 梯度培育 (规划 四(二)3): core's `taxLadder` over every building (lines in TAX_CULTIVATION_LINES_CNY). */
    ladder: TaxLadderSchema,
  }),
  by_cluster: Type.Array(
    Type.Object({
      cluster: Type.String(),
      /** The cluster's name as the registry gives it (its id in both languages when it names none). */
      name: Bilingual,
      buildings: Type.Integer(),
      gross_floor_area_m2: Type.Number(),
      tenants: Type.Integer(),
      vacant_m2: Type.Number(),
      mean_occupancy: Type.Number(),
    }),
  ),
  /**
   * The district's own plan targets (the registry's `district.plan`) and how far the district has come
   * (progress 0..1 from base to target). A target the registry does not set is null: nothing to measure.
   */
  targets: Type.Object({
    base_year: Type.Union([Type.Integer(), Type.Null()]),
    target_year: Type.Union([Type.Integer(), Type.Null()]),
    buildings_over_100m_tax: Type.Union([
      Type.Object({
        baseline: Type.Integer(),
        target: Type.Integer(),
        current: Type.Integer(),
        progress: Progress,
      }),
      Type.Null(),
    ]),
    idle_area: Type.Union([
      Type.Object({
        baseline_m2: Type.Number(),
        reduction_target_m2: Type.Number(),
        /** The key idle area to reach: baseline - reduction target. */
        target_m2: Type.Number(),
        current_m2: Type.Number(),
        /** baseline - current (negative when idle area has grown). */
        reduced_m2: Type.Number(),
        progress: Progress,
      }),
      Type.Null(),
    ]),
    /** 平均入驻率 (mean of the buildings' rates) against the plan's base and target, where it gives them. */
    mean_occupancy: Type.Union([
      Type.Object({
        baseline: Type.Union([Type.Number(), Type.Null()]),
        target: Type.Union([Type.Number(), Type.Null()]),
        current: Type.Number(),
        /** current >= target; null without a target. */
        met: Type.Union([Type.Boolean(), Type.Null()]),
      }),
      Type.Null(),
    ]),
  }),
  /** How many buildings' tenancy came from live reports rather than the registry baseline. */
  buildings_live: Type.Integer(),
});
export type DistrictFigures = Type.Static<typeof DistrictFiguresSchema>;
