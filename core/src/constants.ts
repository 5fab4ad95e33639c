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
export const TAX_TIER_LOWER_BOUNDS_CNY = {
  over_100m: 100_000_000,
  '70m_100m': 70_000_000,
  '50m_70m': 50_000_000,
} as const;

// The plan's 2025 targets (规划 三(三): 11 -> 15 亿元楼宇, idle area down 300,000 m2 from 659,000 m2) are
// Heping's data, not Louyu's: they live in core/data/heping.json (`district.plan`), written from
// core/scripts/heping/plan.ts, so another district's registry carries its own.

// ---- Time (DESIGN.md "Domain rules": district-facing notions in the district's time zone) -----------

/** Heping District is in Shenyang: China Standard Time, no daylight saving since 1991. The registry may override it. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * The workday morning peak, local wall time, as minutes after midnight, [start, end). Offices in Shenyang
 * open 08:30-09:00; arrivals (lift queues, car-park entries) crowd the hour either side, so the plan's
 * "电梯容量不够" and "停车泊位紧缺" show up here first. The window is ours (the plan gives none).
 */
export const MORNING_PEAK_MINUTES = { start: 7 * 60 + 30, end: 9 * 60 + 30 } as const;

/**
 * The day's parts (local wall time, minutes after midnight, each [start, next start)) that the simulators
 * shape their load on and reports group by. Assumed office rhythm for Shenyang (09:00-17:30 office hours,
 * 11:30-13:30 lunch), not taken from the plan; the morning peak is MORNING_PEAK_MINUTES.
 */
export const DAYPART_STARTS_MINUTES = {
  night: 0,
  early: 6 * 60,
  morning_peak: MORNING_PEAK_MINUTES.start,
  morning: MORNING_PEAK_MINUTES.end,
  lunch: 11 * 60 + 30,
  afternoon: 13 * 60 + 30,
  evening_peak: 17 * 60 + 30,
  evening: 19 * 60,
  late: 22 * 60,
} as const;

// ---- Freshness (DESIGN.md "Freshness") ------------------------------------------------------------

/**
 * How often a healthy gateway reports each kind (ms). The simulators publish at these rates and real
 * gateways are asked to: elevators change fastest (a car moves a floor in ~2 s, so 10 s keeps the
 * dashboard's car state honest), parking counts move with every car (30 s), people, power and the 5A
 * head ends drift slowly (60 s), and the property system's tenancy figures change at most daily.
 */
export const EXPECTED_INTERVAL_MS = {
  occupancy: 60_000,
  parking: 30_000,
  elevator: 10_000,
  energy: 60_000,
  ba: 60_000,
  ca: 60_000,
  oa: 60_000,
  fa: 60_000,
  sa: 60_000,
  tenancy: 86_400_000,
} as const;

/** A device is stale once its latest reading is older than this many expected intervals (DESIGN.md: 3 x). */
export const STALE_AFTER_INTERVALS = 3;

/** Silence after which a device counts as offline (DESIGN.md: 10 min), for kinds that report often. */
export const OFFLINE_SILENCE_MS = 10 * 60_000;

/**
 * A kind that reports rarely (tenancy: daily) cannot be called offline after 10 min of its normal silence:
 * its offline threshold is at least this multiple of its stale threshold, so it passes through "stale"
 * first (tenancy: stale after 3 days, offline after 6). Ours; DESIGN.md only fixes the 10 min floor.
 */
export const OFFLINE_MIN_STALE_MULTIPLE = 2;

// ---- 5A indicators (DESIGN.md "5A indicators"; plan 四(二): 按照国际公认的"5A智能大厦"标准) ----------

/** A subsystem scores at least this to count towards "5A-compliant" (DESIGN.md: each >= 80). */
export const FIVE_A_COMPLIANT_MIN_SCORE = 80;

/**
 * Points off a subsystem's 0-100 score per active fault: a fault is the subsystem itself not working
 * (a dead detector loop, a failed controller), so four faults on an otherwise perfect system still
 * leave it compliant (80) and the fifth takes it below. Ours, chosen against the 80 line.
 */
export const FIVE_A_FAULT_PENALTY = 5;

/**
 * Points off per active alarm: an alarm is the subsystem doing its job (it detected something) but left
 * standing it means nobody is acting on it, so it weighs less than a fault: ten standing alarms reach
 * the 80 line. Ours, chosen against the 80 line.
 */
export const FIVE_A_ALARM_PENALTY = 2;

// ---- Facility shortfalls (DESIGN.md "Facility shortfalls"; plan 一(三): 停车泊位紧缺、电梯容量不够) ----

/** Parking shortage when the car park is at least this full now (DESIGN.md: >= 95 % of capacity). */
export const PARKING_FULL_RATIO = 0.95;

/** An entry queue counts for a workday when it persisted this long during the peak (DESIGN.md: 30 min). */
export const PARKING_QUEUE_MIN_MS = 30 * 60_000;

/** ... on at least this many (DESIGN.md: 3) ... */
export const PARKING_QUEUE_DAYS_REQUIRED = 3;

/** ... of the last this many workdays (DESIGN.md: 5, one working week). */
export const PARKING_QUEUE_DAYS_WINDOW = 5;

/**
 * Parking standard: gross floor area per required space (DESIGN.md default: 1 space per 300 m2, i.e.
 * 0.33 spaces per 100 m2). Shenyang's own 配建 standard for offices varies by zone; operators set theirs.
 */
export const PARKING_STANDARD_M2_PER_SPACE = 300;

/** Elevator capacity shortfall when the workday morning-peak mean hall-call wait exceeds this (DESIGN.md: 40 s). */
export const ELEVATOR_PEAK_WAIT_MAX_S = 40;

/** A car available less than this share of the window is a shortfall (DESIGN.md: 95 % over 7 days). */
export const ELEVATOR_CAR_AVAILABILITY_MIN = 0.95;

/** The window the car availability is measured over (DESIGN.md: 7 days). */
export const ELEVATOR_AVAILABILITY_WINDOW_MS = 7 * 86_400_000;

/** Leasable area one passenger car may serve before the building is short of lifts (DESIGN.md: 5,000 m2). */
export const ELEVATOR_MAX_M2_PER_CAR = 5_000;

/**
 * Energy intensity benchmark, kWh per m2 of floor area per year, electricity without district heating.
 * GB/T 51161-2016 (民用建筑能耗标准), table for office buildings' non-heating energy: B-class (sealed,
 * centrally air-conditioned) commercial office, severe-cold and cold regions (Shenyang is severe-cold),
 * constraint value (约束值) 80 kWh/(m2·a). Quoted from our reading of the standard, not re-checked
 * against the printed text here: confirm before using the figure in an official report. Heat from the
 * district network (and a `heat` circuit) is excluded, as the standard excludes 供暖能耗.
 */
export const ENERGY_INTENSITY_BENCHMARK_KWH_PER_M2_YEAR = 80;

/**
 * The shortest measured span we annualise: one full week, so weekends are in it (a single weekday
 * annualised overstates a year by ~40 %). Shorter spans give no energy finding. Ours.
 */
export const ENERGY_MIN_SPAN_MS = 7 * 86_400_000;

/** A year for annualising: 365 days (the standard's "a"). */
export const YEAR_MS = 365 * 86_400_000;

// ---- Cumulative meters (DESIGN.md "Storage": counters may reset when a meter is replaced) ------------

/**
 * A cumulative meter (`energy_kwh`) whose reading goes down has been reset only when it drops to at most
 * this fraction of its previous reading (or to METER_RESET_NEAR_ZERO_KWH): a replaced meter starts at or
 * near 0 and a register that rolls over wraps to near 0, so what it reads is all consumption since, a new
 * segment counted from 0. Any smaller drop is not a plausible reset: a misread or re-sent register, a
 * gateway or simulator restarted from an older reading. Its backwards reading counts nothing and later
 * readings count from it (rebased), so a restart never adds the whole counter (issue 16: 1,803,152 kWh
 * "today" for one tower). Ours: 10 % leaves room for a refurbished meter fitted with a few hundred kWh on
 * it, and is far below the few-percent drops of a restarted data logger.
 */
export const METER_RESET_MAX_RATIO = 0.1;

/**
 * A drop to at most this reading (kWh) is a reset whatever the previous reading was: a young meter that
 * is reset to 0 (and so reads 0 to 1 kWh just after) is not a glitch. Ours.
 */
export const METER_RESET_NEAR_ZERO_KWH = 1;

// ---- Alarms (DESIGN.md "Alarms") --------------------------------------------------------------------

/**
 * Per alarm type: its severity, how long the condition must hold before the alarm is raised, and how long
 * it must be absent before it clears (ms). The debounces are ours, chosen per type:
 * - fire_alarm: raised at once (a fire alarm is never delayed; the FA panel has already confirmed it) and
 *   held 5 min after the panel resets, so a flapping detector does not raise it again and again.
 * - intrusion: raised at once; cleared after 2 min quiet.
 * - elevator_fault: 30 s, so a fault code a car clears itself (door reopen, a re-levelling) does not page.
 * - fire_fault: a detector-loop fault is urgent but not a fire: 1 min, cleared after 5 min.
 * - parking_full: occupancy hovers around capacity at peak; 5 min to raise, 10 min to clear.
 * - device_offline: its condition already waited 10 min of silence (OFFLINE_SILENCE_MS): raise at once.
 * - gateway_offline: a gateway whose Last Will fired often reconnects within seconds: 30 s.
 * - spool_full: ingest has stopped acknowledging (nothing is lost, but the broker is queueing): at once.
 */
export const ALARM_POLICIES = {
  fire_alarm: { severity: 'critical', raiseAfterMs: 0, clearAfterMs: 5 * 60_000 },
  intrusion: { severity: 'critical', raiseAfterMs: 0, clearAfterMs: 2 * 60_000 },
  spool_full: { severity: 'critical', raiseAfterMs: 0, clearAfterMs: 60_000 },
  elevator_fault: { severity: 'major', raiseAfterMs: 30_000, clearAfterMs: 60_000 },
  fire_fault: { severity: 'major', raiseAfterMs: 60_000, clearAfterMs: 5 * 60_000 },
  gateway_offline: { severity: 'major', raiseAfterMs: 30_000, clearAfterMs: 0 },
  device_offline: { severity: 'minor', raiseAfterMs: 0, clearAfterMs: 0 },
  parking_full: { severity: 'warning', raiseAfterMs: 5 * 60_000, clearAfterMs: 10 * 60_000 },
} as const;

// ---- The plan's tax ladder (规划 四(二)3) ---------------------------------------------------------------
//
// The plan's base-year figures the overview compares against (平均入驻率达85%以上, the shares of buildings
// per occupancy bucket 62.9 / 20.2 / 11.2 / 5.6 %) are Heping's data: core/data/heping.json `district.plan`.

/**
 * 梯度培育 (规划 四(二)3: 实施"亿元楼宇"、"千万元楼宇"梯度培育计划，助推"准亿元楼宇"、"准千万元楼宇"加快晋级):
 * the lines, in CNY of annual tax (全口径), that name a building on the ladder. Each is a lower bound,
 * inclusive, like the plan's "7000万元（含）到1亿元".
 * - over_100m, 亿元楼宇: 纳税"亿元以上" (the plan's 11 buildings, the 2025 target of 15).
 * - near_100m, 准亿元楼宇: 70 M to 100 M, the plan's own "7000万元（含）到1亿元" tier, which it names as the
 *   base the 亿元 buildings are grown from ("规模楼宇培育基础").
 * - over_10m, 千万元楼宇: 10 M or more and below 100 M (the 亿元 buildings have their own line). The plan
 *   names the tier without a figure; 1000万元 is the figure in its name.
 * - near_10m, 准千万元楼宇: 7 M to 10 M. Ours: the plan gives no figure, so the same 70 % of the line as
 *   准亿元 (70 M of 100 M).
 */
export const TAX_CULTIVATION_LINES_CNY = {
  over_100m: 100_000_000,
  near_100m: 70_000_000,
  over_10m: 10_000_000,
  near_10m: 7_000_000,
} as const;
