import { describe, expect, it } from 'vitest';
import { districtFigures, type LiveTenancy } from '../src/district/index.ts';
import { hepingRegistry, smallRegistry } from '../src/registry/index.ts';

const mix = (trade: number, other = 0): LiveTenancy['tenants_by_industry'] => ({
  trade,
  tech: 0,
  finance: 0,
  culture: 0,
  other,
});

describe('district figures with live tenancy', () => {
  it('starts from the registry baseline: four well-let small buildings, none idle', () => {
    const f = districtFigures(smallRegistry());
    expect(f.occupancy_buckets.high.count).toBe(4);
    expect(f.key_idle.buildings).toBe(0);
    expect(f.tenants).toBe(60 + 90 + 85 + 60);
    expect(f.buildings_live).toBe(0);
  });

  it('lets a live report move a building to another bucket and make it a key idle building', () => {
    const live = new Map<string, LiveTenancy>([
      [
        'healthy',
        { leased_m2: 8_000, tenants: 30, tenants_by_industry: mix(20, 10), tax_ytd_cny: 3_000_000 },
      ],
    ]);
    const f = districtFigures(smallRegistry(), live);
    expect(f.buildings_live).toBe(1);
    expect(f.occupancy_buckets.high.count).toBe(3);
    expect(f.occupancy_buckets.lower_mid.count).toBe(1);
    expect(f.key_idle).toEqual({
      buildings: 1,
      vacant_m2: 8_000,
      building_ids: ['healthy'],
      by_street: [{ street: { zh: '太原街', en: 'Taiyuanjie' }, buildings: 1, vacant_m2: 8_000 }],
    });
    expect(f.tenants).toBe(30 + 90 + 85 + 60);
    expect(f.tenants_by_industry.trade.count).toBe(20 + 40 + 30 + 27);
    expect(f.tax.tax_ytd_cny).toBe(3_000_000);
  });

  it('takes the leasable area from the live report when it gives one', () => {
    const live = new Map<string, LiveTenancy>([
      ['healthy', { leasable_m2: 20_000, leased_m2: 14_400, tenants: 60, tenants_by_industry: mix(60) }],
    ]);
    const f = districtFigures(smallRegistry(), live);
    expect(f.leasable_area_m2).toBe(20_000 + 24_000 + 24_000 + 16_000);
    expect(f.key_idle.building_ids).toEqual(['healthy']);
    expect(f.occupancy_buckets.upper_mid.count).toBe(1);
  });

  it('ignores reports for buildings the registry does not hold', () => {
    const live = new Map<string, LiveTenancy>([
      ['elsewhere', { leased_m2: 1, tenants: 1_000, tenants_by_industry: mix(1_000) }],
    ]);
    expect(districtFigures(smallRegistry(), live)).toEqual(districtFigures(smallRegistry()));
  });

  it('measures progress to the 2025 idle-area target as idle buildings let their space', () => {
    const registry = hepingRegistry();
    const idle = registry.byId.get('new-world-business-center');
    if (idle === undefined) throw new Error('新世界商务中心 is missing');
    const live = new Map<string, LiveTenancy>([
      [
        idle.id,
        {
          leased_m2: idle.leasable_area_m2,
          tenants: 120,
          tenants_by_industry: mix(100, 20),
        },
      ],
    ]);
    const f = districtFigures(registry, live);
    expect(f.key_idle.buildings).toBe(23);
    expect(f.targets.idle_area?.current_m2).toBe(659_000 - 45_000);
    expect(f.targets.idle_area?.reduced_m2).toBe(45_000);
    expect(f.targets.idle_area?.progress).toBeCloseTo(45_000 / 300_000, 10);
    expect(f.occupancy_buckets.low.count).toBe(4);
    expect(f.occupancy_buckets.high.count).toBe(57);
  });
});
