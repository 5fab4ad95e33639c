import { DEFAULT_SHORTFALL_CONFIG, type ShortfallConfig } from '../rules/shortfalls/config.ts';
import type { RegistryIssue } from './errors.ts';
import type { Cluster, RegistryData, ShortfallThresholds } from './types.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The district's clusters: those it declares, or (none declared) one per cluster id its buildings use,
 * in the order the buildings first use them, each named by its id in both languages.
 */
export function clustersOf(data: RegistryData): Cluster[] {
  if (data.district.clusters !== undefined) return data.district.clusters;
  const ids = [...new Set(data.buildings.map((b) => b.cluster))];
  return ids.map((id) => ({ id, name: { zh: id, en: id } }));
}

/** The registry's `district.shortfalls` (snake_case, minutes and days) as core's ShortfallConfig overrides. */
export function shortfallOverrides(t: ShortfallThresholds = {}): Partial<ShortfallConfig> {
  const o: Partial<ShortfallConfig> = {};
  if (t.parking_full_ratio !== undefined) o.parkingFullRatio = t.parking_full_ratio;
  if (t.parking_queue_min_minutes !== undefined)
    o.parkingQueueMinMs = t.parking_queue_min_minutes * MINUTE_MS;
  if (t.parking_queue_days_required !== undefined) o.parkingQueueDaysRequired = t.parking_queue_days_required;
  if (t.parking_queue_days_window !== undefined) o.parkingQueueDaysWindow = t.parking_queue_days_window;
  if (t.parking_standard_m2_per_space !== undefined)
    o.parkingStandardM2PerSpace = t.parking_standard_m2_per_space;
  if (t.elevator_peak_wait_max_s !== undefined) o.elevatorPeakWaitMaxS = t.elevator_peak_wait_max_s;
  if (t.elevator_car_availability_min !== undefined)
    o.elevatorCarAvailabilityMin = t.elevator_car_availability_min;
  if (t.elevator_max_m2_per_car !== undefined) o.elevatorMaxM2PerCar = t.elevator_max_m2_per_car;
  if (t.five_a_min_score !== undefined) o.fiveAMinScore = t.five_a_min_score;
  if (t.energy_benchmark_kwh_per_m2_year !== undefined)
    o.energyBenchmarkKwhPerM2Year = t.energy_benchmark_kwh_per_m2_year;
  if (t.energy_min_span_days !== undefined) o.energyMinSpanMs = t.energy_min_span_days * DAY_MS;
  if (t.key_idle_vacant_m2 !== undefined) o.keyIdleVacantM2 = t.key_idle_vacant_m2;
  return o;
}

/**
 * The district-level rules a schema cannot express: cluster ids unique and every building's cluster
 * declared (the message names the value and the allowed ones), a target year after the base year, an
 * idle-area cut no larger than the idle area, and shortfall thresholds that agree with each other.
 */
export function districtIssues(data: RegistryData): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  const { clusters, plan, shortfalls } = data.district;
  if (clusters !== undefined) {
    const seen = new Map<string, number>();
    clusters.forEach((c, i) => {
      const first = seen.get(c.id);
      if (first === undefined) seen.set(c.id, i);
      else
        issues.push({
          code: 'REGISTRY_DUPLICATE_ID',
          path: `district.clusters[${i}].id`,
          message: `'${c.id}' is already the id of district.clusters[${first}]`,
        });
    });
    const allowed = clusters.map((c) => c.id).join(', ');
    data.buildings.forEach((b, i) => {
      if (!seen.has(b.cluster))
        issues.push({
          code: 'REGISTRY_BAD_VALUE',
          path: `buildings[${i}].cluster`,
          message: `'${b.cluster}' is not a cluster of this district (district.clusters: ${allowed})`,
        });
    });
  }
  if (plan !== undefined) {
    if (plan.target_year <= plan.base_year)
      issues.push({
        code: 'REGISTRY_INCONSISTENT',
        path: 'district.plan.target_year',
        message: `must be after base_year (${plan.target_year} <= ${plan.base_year})`,
      });
    if (plan.idle_area !== undefined && plan.idle_area.reduction_m2 > plan.idle_area.base_m2)
      issues.push({
        code: 'REGISTRY_INCONSISTENT',
        path: 'district.plan.idle_area.reduction_m2',
        message: `must be at most base_m2 (${plan.idle_area.reduction_m2} > ${plan.idle_area.base_m2})`,
      });
  }
  // The schema has checked each threshold alone; this is the one rule between two of them.
  const c = { ...DEFAULT_SHORTFALL_CONFIG, ...shortfallOverrides(shortfalls) };
  if (c.parkingQueueDaysRequired > c.parkingQueueDaysWindow)
    issues.push({
      code: 'REGISTRY_INCONSISTENT',
      path: 'district.shortfalls.parking_queue_days_required',
      message: `must be at most parking_queue_days_window (${c.parkingQueueDaysRequired} > ${c.parkingQueueDaysWindow})`,
    });
  return issues;
}
