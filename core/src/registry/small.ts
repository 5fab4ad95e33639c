import { validateRegistry } from './parse.ts';
import type { Building, Registry, RegistryData } from './types.ts';

/** A well-equipped 20,000 m2 building the four test buildings start from. */
function building(id: string, zh: string, en: string, x: number, overrides: Partial<Building>): Building {
  return {
    id,
    name: { zh, en },
    generated: true,
    cluster: 'taiyuanjie',
    street: { zh: '太原街', en: 'Taiyuanjie' },
    floors: 16,
    basement_floors: 2,
    gross_floor_area_m2: 20_000,
    leasable_area_m2: 16_000,
    // 20,000 m2 / 300 m2 per space = 67 spaces by the standard.
    parking_spaces: 80,
    // 16,000 m2 / 5 cars = 3,200 m2 per car, under the 5,000 m2 limit.
    passenger_elevators: 5,
    subsystems: { ba: 24, ca: 14, oa: 10, fa: 45, sa: 20 },
    position: { x, y: 400 },
    annual_tax_cny: 12_000_000,
    tenancy: {
      leased_m2: 14_400,
      tenants: 60,
      tenants_by_industry: { trade: 27, tech: 15, finance: 2, culture: 2, other: 14 },
      registered_local: 45,
    },
    ...overrides,
  };
}

const SMALL: RegistryData = {
  district: {
    id: 'test-district',
    name: { zh: '测试区', en: 'Test district' },
    time_zone: 'Asia/Shanghai',
    clusters: [
      {
        id: 'taiyuanjie',
        name: { zh: '太原街商贸金融产业区', en: 'Taiyuan Street trade & finance cluster' },
      },
      { id: 'sanhaojie', name: { zh: '三好街创新创业示范区', en: 'Sanhao Street innovation cluster' } },
      {
        id: 'xita_beishi_nanshi',
        name: { zh: '西塔北市南市文化产业区', en: 'Xita-Beishi-Nanshi culture cluster' },
      },
    ],
  },
  buildings: [
    building('healthy', '达标楼', 'Healthy Building', 200, {}),
    // 30,000 m2 needs 100 spaces by the standard; it has 60.
    building('short-parking', '停车紧缺楼', 'Short-of-Parking Building', 400, {
      gross_floor_area_m2: 30_000,
      leasable_area_m2: 24_000,
      parking_spaces: 60,
      passenger_elevators: 8,
      tenancy: {
        leased_m2: 21_600,
        tenants: 90,
        tenants_by_industry: { trade: 40, tech: 25, finance: 3, culture: 2, other: 20 },
        registered_local: 70,
      },
    }),
    // 24,000 m2 leasable on 3 cars = 8,000 m2 per car, over the 5,000 m2 limit.
    building('short-elevators', '电梯不足楼', 'Short-of-Lifts Building', 600, {
      cluster: 'sanhaojie',
      street: { zh: '南湖', en: 'Nanhu' },
      gross_floor_area_m2: 30_000,
      leasable_area_m2: 24_000,
      parking_spaces: 120,
      passenger_elevators: 3,
      position: { x: 600, y: 650 },
      tenancy: {
        leased_m2: 21_600,
        tenants: 85,
        tenants_by_industry: { trade: 30, tech: 35, finance: 2, culture: 3, other: 15 },
        registered_local: 66,
      },
    }),
    // No office automation (OA) at all: a 5A gap.
    building('missing-oa', '缺少OA楼', 'Missing-OA Building', 800, {
      cluster: 'xita_beishi_nanshi',
      street: { zh: '北市场', en: 'Beishichang' },
      subsystems: { ba: 24, ca: 14, oa: 0, fa: 45, sa: 20 },
      position: { x: 600, y: 120 },
    }),
  ],
};

/**
 * Four buildings for tests: one healthy, one short of parking, one short of lift capacity and one missing
 * a 5A subsystem (OA). Fresh objects on every call, so a test may change them.
 */
export function smallRegistry(): Registry {
  return validateRegistry(structuredClone(SMALL), 'small-registry');
}
