// Any district, not only Heping (issue 16, item 10): a registry names its own clusters, carries its own
// plan targets and its own shortfall thresholds; one without them gets documented defaults, never Heping's.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHORTFALL_CONFIG, evaluateShortfalls } from '../src/rules/index.ts';
import { districtFigures } from '../src/district/index.ts';
import {
  hepingRegistry,
  parseRegistry,
  RegistryError,
  smallRegistry,
  type RegistryErrorCode,
} from '../src/registry/index.ts';
import type { Building, RegistryData } from '../src/registry/types.ts';

/** A fictional district: two clusters of its own, its own plan and two thresholds of its own. */
function yunhu(): RegistryData {
  const { buildings } = smallRegistry();
  const [one, two, three] = structuredClone(buildings) as [Building, Building, Building];
  return {
    district: {
      id: 'yunhu',
      name: { zh: '云湖新区', en: 'Yunhu New District' },
      time_zone: 'Asia/Shanghai',
      clusters: [
        { id: 'lakeside', name: { zh: '湖滨商务区', en: 'Lakeside business quarter' } },
        { id: 'hitech', name: { zh: '高新科创园', en: 'Hi-tech innovation park' } },
      ],
      plan: {
        base_year: 2023,
        target_year: 2027,
        buildings_over_100m_tax: { base: 0, target: 2 },
        idle_area: { base_m2: 5_000, reduction_m2: 4_000 },
        mean_occupancy: { base: 0.7, target: 0.8 },
      },
      // 20,000 m2 at 1 space per 200 m2 asks 100 spaces: 'healthy' (80 spaces) is short here, not by default.
      shortfalls: { parking_standard_m2_per_space: 200, key_idle_vacant_m2: 1_500 },
    },
    buildings: [
      { ...one, cluster: 'lakeside' },
      { ...two, cluster: 'lakeside' },
      { ...three, cluster: 'hitech' },
    ],
  };
}

function rejection(data: unknown): RegistryError {
  try {
    parseRegistry(JSON.stringify(data), 'yunhu.json');
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('parseRegistry accepted a broken registry');
}

describe('a district registry with its own clusters, targets and thresholds', () => {
  const registry = parseRegistry(JSON.stringify(yunhu()), 'yunhu.json');
  const f = districtFigures(registry);

  it('names its own clusters, in its order, and counts its buildings in them', () => {
    expect(registry.clusters.map((c) => c.id)).toEqual(['lakeside', 'hitech']);
    expect(f.by_cluster.map((c) => [c.cluster, c.name.zh, c.buildings])).toEqual([
      ['lakeside', '湖滨商务区', 2],
      ['hitech', '高新科创园', 1],
    ]);
  });

  it("measures its own plan targets, not Heping's 11 -> 15 and 659,000 m2", () => {
    expect(f.targets.base_year).toBe(2023);
    expect(f.targets.target_year).toBe(2027);
    expect(f.targets.buildings_over_100m_tax).toEqual({ baseline: 0, target: 2, current: 0, progress: 0 });
    expect(f.targets.idle_area).toMatchObject({
      baseline_m2: 5_000,
      reduction_target_m2: 4_000,
      target_m2: 1_000,
    });
    expect(f.targets.mean_occupancy).toMatchObject({ baseline: 0.7, target: 0.8 });
    expect(f.targets.mean_occupancy?.met).toBe(f.mean_occupancy >= 0.8);
  });

  it('feeds its thresholds into the shortfall rules and its key-idle line into the figures', () => {
    expect(registry.shortfallConfig).toEqual({
      ...DEFAULT_SHORTFALL_CONFIG,
      parkingStandardM2PerSpace: 200,
      keyIdleVacantM2: 1_500,
    });
    const healthy = registry.byId.get('healthy')!;
    const ratio = (config?: typeof registry.shortfallConfig) =>
      evaluateShortfalls({ building: healthy }, config).filter((x) => x.rule === 'parking.space_ratio');
    expect(ratio()).toEqual([]);
    expect(ratio(registry.shortfallConfig)).toMatchObject([
      { building: 'healthy', measured: 0.4, threshold: 0.5 },
    ]);
    // Each small building has 1,600-2,400 m2 vacant: key idle at 1,500 m2, none of them at the default 3,000.
    expect(f.key_idle.buildings).toBe(3);
    expect(districtFigures(smallRegistry()).key_idle.buildings).toBe(0);
  });
});

describe('a registry without clusters, plan or thresholds', () => {
  const { clusters: _c, plan: _p, shortfalls: _s, ...district } = yunhu().district;
  const registry = parseRegistry(JSON.stringify({ ...yunhu(), district }), 'bare.json');
  const f = districtFigures(registry);

  it('takes its clusters from its buildings, named by their ids', () => {
    expect(registry.clusters).toEqual([
      { id: 'lakeside', name: { zh: 'lakeside', en: 'lakeside' } },
      { id: 'hitech', name: { zh: 'hitech', en: 'hitech' } },
    ]);
  });

  it('has no plan targets (nothing measured against a plan) and the default thresholds', () => {
    expect(f.targets).toEqual({
      base_year: null,
      target_year: null,
      buildings_over_100m_tax: null,
      idle_area: null,
      mean_occupancy: null,
    });
    expect(registry.shortfallConfig).toEqual(DEFAULT_SHORTFALL_CONFIG);
  });
});

describe("Heping's registry", () => {
  const heping = hepingRegistry();

  it("declares the plan's four clusters and the plan's targets as data", () => {
    expect(heping.clusters.map((c) => `${c.id} ${c.name.zh}`)).toEqual([
      'taiyuanjie 太原街商贸金融产业区',
      'sanhaojie 三好街创新创业示范区',
      'xita_beishi_nanshi 西塔北市南市文化产业区',
      'hunhe 浑河文化旅游产业发展带',
    ]);
    expect(heping.district.plan).toEqual({
      base_year: 2020,
      target_year: 2025,
      buildings_over_100m_tax: { base: 11, target: 15 },
      idle_area: { base_m2: 659_000, reduction_m2: 300_000 },
      occupancy_buckets: { high: 0.629, upper_mid: 0.202, lower_mid: 0.112, low: 0.056 },
      mean_occupancy: { base: 0.85 },
    });
    expect(heping.shortfallConfig).toEqual(DEFAULT_SHORTFALL_CONFIG);
  });
});

describe('registry errors about the district', () => {
  it('names the unknown cluster and the allowed ones', () => {
    const d = yunhu();
    d.buildings[2]!.cluster = 'shenhe';
    const error = rejection(d);
    expect(error.code).toBe<RegistryErrorCode>('REGISTRY_BAD_VALUE');
    expect(error.path).toBe('buildings[2].cluster');
    expect(error.message).toBe(
      "yunhu.json: buildings[2].cluster: 'shenhe' is not a cluster of this district (district.clusters: lakeside, hitech)",
    );
  });

  it.each<[string, RegistryErrorCode, string, RegExp, (d: RegistryData) => void]>([
    [
      'a cluster declared twice',
      'REGISTRY_DUPLICATE_ID',
      'district.clusters[1].id',
      /'lakeside' is already the id of district.clusters\[0\]/,
      (d) => (d.district.clusters![1]!.id = 'lakeside'),
    ],
    [
      'a target year before the base year',
      'REGISTRY_INCONSISTENT',
      'district.plan.target_year',
      /after base_year \(2020 <= 2023\)/,
      (d) => (d.district.plan!.target_year = 2020),
    ],
    [
      'an idle-area cut larger than the idle area',
      'REGISTRY_INCONSISTENT',
      'district.plan.idle_area.reduction_m2',
      /at most base_m2 \(6000 > 5000\)/,
      (d) => (d.district.plan!.idle_area!.reduction_m2 = 6_000),
    ],
    [
      'more queue days required than the window holds',
      'REGISTRY_INCONSISTENT',
      'district.shortfalls.parking_queue_days_required',
      /at most parking_queue_days_window \(6 > 5\)/,
      (d) => (d.district.shortfalls!.parking_queue_days_required = 6),
    ],
    [
      'a ratio over 1',
      'REGISTRY_BAD_VALUE',
      'district.shortfalls.parking_full_ratio',
      /1/,
      (d) => (d.district.shortfalls!.parking_full_ratio = 1.2),
    ],
    [
      'an unknown threshold',
      'REGISTRY_UNKNOWN_FIELD',
      'district.shortfalls.parking_per_floor',
      /is not a known field/,
      (d) => Object.assign(d.district.shortfalls!, { parking_per_floor: 3 }),
    ],
  ])('refuses %s, naming the field', (_what, code, path, message, mutate) => {
    const d = yunhu();
    mutate(d);
    const error = rejection(d);
    expect(error.code).toBe(code);
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
  });
});
