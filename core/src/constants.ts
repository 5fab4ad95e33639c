/**
 * Every threshold the domain rules use, in one place, each with the reason it has the value it has.
 * DESIGN.md ("Domain rules") and the district plan (seed/) are the sources; change a value here and
 * every rule, test and report follows.
 */

// ---- Tenancy (入驻率) -------------------------------------------------------------------------------

/**
 * Occupancy buckets exactly as the plan counts buildings (规划 一(一)1: 入驻率达85%以上 62.9 %,
 * 70%-85% 20.2 %, 50%-70% 11.2 %, 不足50% 5.6 %). Lower bounds, inclusive, as fractions of leasable area.
 */
export const OCCUPANCY_BUCKET_LOWER_BOUNDS = { high: 0.85, upper_mid: 0.7, lower_mid: 0.5, low: 0 } as const;

/** A "key idle building" (重点闲置楼宇) holds at least this much vacant leasable area (规划: 闲置面积超3000平方米). */
export const KEY_IDLE_VACANT_M2 = 3_000;

/** Tax tier lower bounds in CNY per year (规划: 亿元以上, 7000万元(含)到1亿元, 5000万元(含)到7000万元). */
export const TAX_TIER_LOWER_BOUNDS_CNY = { over_100m: 100_000_000, '70m_100m': 70_000_000, '50m_70m': 50_000_000 } as const;

/** The plan's 2025 targets (规划 三(三)): 税收过亿元商务楼宇由11座增加到15座, 降低闲置楼宇面积30万平方米. */
export const PLAN_TARGETS_2025 = {
  buildings_over_100m_tax: { baseline: 11, target: 15 },
  idle_area_reduction_m2: 300_000,
  /** The key idle area the reduction is measured from (规划 一(二)4: 24 个, 65.9 万平方米). */
  idle_area_baseline_m2: 659_000,
} as const;
