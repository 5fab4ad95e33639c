import { describe, expect, it } from 'vitest';
import { ELEVATOR_MAX_M2_PER_CAR, PARKING_STANDARD_M2_PER_SPACE } from '../src/constants.ts';
import { SUBSYSTEMS } from '../src/kinds.ts';
import { hepingRegistry } from '../src/registry/index.ts';
import type { Building } from '../src/registry/types.ts';

const registry = hepingRegistry();
const buildings = registry.buildings;
const byZh = new Map(buildings.map((b) => [b.name.zh, b]));
function named(zh: string): Building {
  const b = byZh.get(zh);
  if (b === undefined) throw new Error(`${zh} is not in the registry`);
  return b;
}
const vacant = (b: Building): number => b.leasable_area_m2 - b.tenancy.leased_m2;
const share = (count: number): number => count / buildings.length;

const YIYUAN = [
  '新世界商务大厦',
  '中海国际中心',
  '华润大厦A座',
  '沈阳银基发展中心',
  '中兴-沈阳商业大厦',
  '总统大厦',
];
const YIYUAN_ALL = [...YIYUAN, '汇锦金融中心', '北约客置地广场', '光大大厦', '华航大厦', '泰宸商务大厦'];
const TIER_70_100 = [
  '浑河万科中心',
  '欧亚联营商务大厦',
  '嘉润大厦',
  '民生银行大厦',
  '机械大厦',
  '新世纪商务大厦',
];
const OTHERS_NAMED = [
  '新世界丰盛商务大厦',
  '新世界商务中心',
  '中海国际大厦',
  '华强广场',
  '同方广场',
  '诚大数码大厦',
  '百脑汇电脑城',
  '东软电脑城',
  '城大数码广场',
  '中驰大厦',
  '南湖大厦',
  '金科大厦',
  'OneWorld世界城',
  '城市广场',
  '五洲商业广场',
  '东北轻工大厦',
  '新世界百货（三部）',
  '光荣世家（华瑞国际）',
  '原新华购书中心',
];

describe('the Heping registry', () => {
  it('holds every building the plan names, under its real name, not marked generated', () => {
    for (const zh of [...YIYUAN_ALL, ...TIER_70_100, ...OTHERS_NAMED]) {
      const b = named(zh);
      expect(b.generated, zh).toBe(false);
      expect(b.name.en.length, zh).toBeGreaterThan(0);
    }
    expect(buildings.filter((b) => !b.generated)).toHaveLength(36);
    expect(buildings.filter((b) => b.generated)).toHaveLength(53);
  });

  it('leaves out the buildings still under construction', () => {
    for (const zh of ['盛京金融广场', '新世界商业中心二期', '灵浠金融科技创新中心'])
      expect(byZh.has(zh)).toBe(false);
  });

  it('puts the tier buildings in their tiers, and the 亿元 buildings in the plan streets', () => {
    expect(YIYUAN_ALL.map((zh) => named(zh).tax_tier)).toEqual(YIYUAN_ALL.map(() => 'over_100m'));
    expect(TIER_70_100.map((zh) => named(zh).tax_tier)).toEqual(TIER_70_100.map(() => '70m_100m'));
    expect(named('新世界丰盛商务大厦').tax_tier).toBe('50m_70m');
    const streets = new Map<string, number>();
    for (const zh of YIYUAN_ALL)
      streets.set(named(zh).street.zh, (streets.get(named(zh).street.zh) ?? 0) + 1);
    expect(Object.fromEntries(streets)).toEqual({ 南湖: 3, 太原街: 3, 南市场: 2, 沈水湾: 2, 马路湾: 1 });
  });

  it('gives the 71 untiered buildings a tax below 50 M CNY', () => {
    const untiered = buildings.filter((b) => b.tax_tier === undefined);
    expect(untiered).toHaveLength(71);
    for (const b of untiered) expect(b.annual_tax_cny, b.id).toBeLessThan(50_000_000);
  });

  it('has exactly 中海国际中心 and 浑河万科中心 in the 浑河 belt', () => {
    const hunhe = buildings.filter((b) => b.cluster === 'hunhe').map((b) => b.name.zh);
    expect(hunhe.sort()).toEqual(['中海国际中心', '浑河万科中心'].sort());
  });

  it('puts the plan 三好街 buildings in the 三好街 cluster and its 太原街 buildings in 太原街', () => {
    for (const zh of [
      '华强广场',
      '同方广场',
      '华航大厦',
      '诚大数码大厦',
      '百脑汇电脑城',
      '东软电脑城',
      '城大数码广场',
    ])
      expect(named(zh).cluster, zh).toBe('sanhaojie');
    for (const zh of [
      '新世界商务大厦',
      '嘉润大厦',
      '中兴-沈阳商业大厦',
      '欧亚联营商务大厦',
      '北约客置地广场',
      '总统大厦',
    ])
      expect(named(zh).cluster, zh).toBe('taiyuanjie');
    expect(named('OneWorld世界城').cluster).toBe('xita_beishi_nanshi');
  });

  it('shows the plan idle buildings as idle: 新世界商务中心 with 6 tenants and ~4.5 万 m2 vacant', () => {
    const center = named('新世界商务中心');
    expect(center.tenancy.tenants).toBe(6);
    expect(vacant(center)).toBe(45_000);
    expect(vacant(named('中海国际大厦'))).toBe(10_000);
    for (const zh of [
      '五洲商业广场',
      '东北轻工大厦',
      '新世界百货（三部）',
      '光荣世家（华瑞国际）',
      '原新华购书中心',
    ])
      expect(vacant(named(zh)), zh).toBeGreaterThanOrEqual(3_000);
  });

  it('has realistic floors, areas and leasable ratios', () => {
    for (const b of buildings) {
      expect(b.floors, b.id).toBeGreaterThanOrEqual(10);
      expect(b.floors, b.id).toBeLessThanOrEqual(60);
      expect(b.basement_floors, b.id).toBeGreaterThanOrEqual(2);
      expect(b.basement_floors, b.id).toBeLessThanOrEqual(4);
      const ratio = b.leasable_area_m2 / b.gross_floor_area_m2;
      expect(ratio, b.id).toBeGreaterThanOrEqual(0.7);
      expect(ratio, b.id).toBeLessThanOrEqual(0.86);
      expect(b.passenger_elevators, b.id).toBeGreaterThanOrEqual(1);
    }
  });

  it('is short of parking in 20-25 % and of lift capacity in 15-20 % of buildings, old stock more so', () => {
    const parkingShort = buildings.filter(
      (b) => b.parking_spaces < b.gross_floor_area_m2 / PARKING_STANDARD_M2_PER_SPACE,
    );
    const liftShort = buildings.filter(
      (b) => b.leasable_area_m2 / b.passenger_elevators > ELEVATOR_MAX_M2_PER_CAR,
    );
    expect(share(parkingShort.length)).toBeGreaterThanOrEqual(0.2);
    expect(share(parkingShort.length)).toBeLessThanOrEqual(0.25);
    expect(share(liftShort.length)).toBeGreaterThanOrEqual(0.15);
    expect(share(liftShort.length)).toBeLessThanOrEqual(0.2);
    // Key idle buildings (设施陈旧 among the causes the plan gives) are short more often than the rest.
    const idle = new Set(buildings.filter((b) => vacant(b) >= 3_000).map((b) => b.id));
    const rate = (short: Building[], inIdle: boolean): number =>
      short.filter((b) => idle.has(b.id) === inIdle).length /
      (inIdle ? idle.size : buildings.length - idle.size);
    expect(rate(parkingShort, true)).toBeGreaterThan(rate(parkingShort, false));
    expect(rate(liftShort, true)).toBeGreaterThan(rate(liftShort, false));
  });

  it('has some older buildings missing one or two 5A subsystems, never fire or security', () => {
    const gaps = buildings.filter((b) => SUBSYSTEMS.some((s) => b.subsystems[s] === 0));
    expect(gaps.length).toBeGreaterThanOrEqual(5);
    expect(gaps.length).toBeLessThanOrEqual(25);
    for (const b of gaps) {
      expect(SUBSYSTEMS.filter((s) => b.subsystems[s] === 0).length, b.id).toBeLessThanOrEqual(2);
      expect(b.subsystems.fa, b.id).toBeGreaterThan(0);
      expect(b.subsystems.sa, b.id).toBeGreaterThan(0);
    }
  });

  it('places clusters on the map as the district lies: 北市/西塔 north, 三好街 south, 浑河/长白 far south', () => {
    const meanY = (street: string): number => {
      const of = buildings.filter((b) => b.street.zh === street);
      return of.reduce((a, b) => a + b.position.y, 0) / of.length;
    };
    expect(meanY('北市场')).toBeLessThan(meanY('太原街'));
    expect(meanY('西塔')).toBeLessThan(meanY('南市场'));
    expect(meanY('太原街')).toBeLessThan(meanY('南湖'));
    expect(meanY('南湖')).toBeLessThan(meanY('长白'));
    const taiyuanX =
      buildings.filter((b) => b.street.zh === '太原街').reduce((a, b) => a + b.position.x, 0) / 30;
    expect(taiyuanX).toBeLessThan(400);
  });
});
