import Type from 'typebox';
import { COURSE_PERIODS } from '../district/plan-periods.ts';
import { RANKING_KEYS } from '../district/ranking.ts';

/** The longest course one request covers: the hour rollups' two years. */
export const COURSE_MAX_MONTHS = 24;

const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' });
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

/** `GET /api/plan/course` query: months in the district's time zone, both included. */
export const PlanCourseQuerySchema = Type.Object(
  {
    period: Type.Optional(Type.Enum(COURSE_PERIODS, { default: 'month' })),
    /** First month, 'YYYY-MM' (default: 11 months before `to`). */
    from: Type.Optional(Month),
    /** Last month, 'YYYY-MM' (default: this month). */
    to: Type.Optional(Month),
  },
  { additionalProperties: false },
);
export type PlanCourseQuery = Type.Static<typeof PlanCourseQuerySchema>;

/** One period of the course (see core's `CoursePoint`). */
export const CoursePointSchema = Type.Object({
  period: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  reported: Type.Integer(),
  tax: Type.Object({
    reported: Type.Integer(),
    over_100m_ytd: Type.Integer(),
    over_100m_annualized: Type.Integer(),
  }),
  key_idle: Type.Object({ buildings: Type.Integer(), vacant_m2: Type.Number() }),
  occupancy_buckets: Type.Object({
    high: Type.Integer(),
    upper_mid: Type.Integer(),
    lower_mid: Type.Integer(),
    low: Type.Integer(),
  }),
  mean_occupancy: Type.Number(),
});

/** `GET /api/plan/course`: the plan's KPIs period by period, and the lines the plan draws. */
export const PlanCourseSchema = Type.Object({
  period: Type.Enum(COURSE_PERIODS),
  time_zone: Type.String(),
  buildings: Type.Integer(),
  targets: Type.Object({
    target_year: Type.Union([Type.Integer(), Type.Null()]),
    /** 税收过亿元楼宇 the plan aims for (15 by 2025); null when the plan sets none. */
    buildings_over_100m_tax: Type.Union([Type.Integer(), Type.Null()]),
    /** Key idle area in the base year (65.9 万 m²) and the line after the plan's cut (-30 万 m²). */
    idle_base_m2: NullableNumber,
    idle_target_m2: NullableNumber,
    mean_occupancy: NullableNumber,
  }),
  points: Type.Array(CoursePointSchema),
});
export type PlanCourse = Type.Static<typeof PlanCourseSchema>;

/** `GET /api/plan/ranking` query. */
export const PlanRankingQuerySchema = Type.Object(
  {
    by: Type.Optional(Type.Enum(RANKING_KEYS, { default: 'tax' })),
    /** Only this cluster's buildings in the ranking (the cluster comparison always has every cluster). */
    cluster: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' })),
    /**
     * The ranking as it stood at the end of this day ('YYYY-MM-DD', the district's time zone), from the
     * stored tenancy reports; a day that has ended, at most {@link COURSE_MAX_MONTHS} months back. Left out:
     * now, from the live state.
     */
    at: Type.Optional(Day),
  },
  { additionalProperties: false },
);
export type PlanRankingQuery = Type.Static<typeof PlanRankingQuerySchema>;

/** One building of the ranking (楼宇排行). */
export const RankedBuildingSchema = Type.Object({
  rank: Type.Integer(),
  building: Type.String(),
  name: Bilingual,
  cluster: Type.String(),
  tax_ytd_cny: NullableNumber,
  annual_tax_cny: NullableNumber,
  occupancy: NullableNumber,
  index5a: NullableNumber,
});
export type RankedBuildingRow = Type.Static<typeof RankedBuildingSchema>;

/** One cluster against the others. */
export const ClusterStandingSchema = Type.Object({
  cluster: Type.String(),
  name: Bilingual,
  buildings: Type.Integer(),
  tax_ytd_cny: NullableNumber,
  annual_tax_cny: Type.Number(),
  over_100m: Type.Integer(),
  mean_occupancy: NullableNumber,
  mean_index5a: NullableNumber,
});
export type ClusterStandingRow = Type.Static<typeof ClusterStandingSchema>;

/** `GET /api/plan/ranking`: the buildings best first, and every cluster's standing. */
export const PlanRankingSchema = Type.Object({
  by: Type.Enum(RANKING_KEYS),
  cluster: Type.Union([Type.String(), Type.Null()]),
  /** The day whose end the ranking is for; null for now (the live state). */
  at: Type.Union([Type.String(), Type.Null()]),
  buildings: Type.Array(RankedBuildingSchema),
  clusters: Type.Array(ClusterStandingSchema),
});
export type PlanRanking = Type.Static<typeof PlanRankingSchema>;
