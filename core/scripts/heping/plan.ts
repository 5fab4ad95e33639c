/**
 * What the district plan (规划, seed/000_1bc8fd125aee1f0e.txt) says about Heping's operating business
 * buildings, as input to the registry generator. Every building the plan names is here under its real name;
 * the generator adds unnamed (generated) buildings until the plan's counts and totals are met.
 *
 * Decisions the plan leaves open, made here:
 * - 中海国际中心 (亿元 list, 浑河 belt) and 中海国际大厦 (lost 10 tenants in the pandemic, idle "1.2" —
 *   read 1.2 万 m2) are two buildings. The plan lists 中海国际大厦 with 浑河万科中心 in 长白, and its only key
 *   idle building in 长白 holds 1 万 m2; the 亿元 buildings' streets (南湖 3, 太原街 3, 南市场 2, 沈水湾 2,
 *   马路湾 1) leave no room for a 长白 亿元 building. So 中海国际中心 stands in 沈水湾 (浑河 belt, one of the
 *   two 浑河 buildings with 浑河万科中心), and 中海国际大厦 in 长白, counted in the 三好街 cluster (the plan
 *   says that cluster's trade belt reaches 长白) as the 长白 key idle building: 10,000 m2 vacant today, having
 *   re-let part of the 12,000 m2 it lost.
 * - 诚大数码大厦 and 城大数码广场 are spelled differently in the plan and kept as two buildings.
 * - Buildings under construction (盛京金融广场, 新世界商业中心二期, 灵浠金融科技创新中心) are not operating
 *   and are left out.
 * - Gross floor areas, tax amounts within a tier and all facility figures are not in the plan: they are
 *   plausible values chosen so the district totals come out as the plan gives them.
 * - Vacancy. The plan says both "平均入驻率达85%以上" and "闲置率约15%", next to 24 key idle buildings with
 *   65.9 万 m2 vacant. Those 65.9 万 m2 alone are 15.6 % of the 422.7 万 m2 gross floor area, so we read
 *   闲置率 as idle area over gross area, which the registry meets (15.6 %). Over leasable area (about 83 % of
 *   gross) the same idle area is already 18.8 %; with the small vacancies of the other 65 buildings the
 *   area-weighted vacancy (vacant / leasable) comes to about 19.9 %, the low end the plan's own figures allow.
 *   The 平均入驻率 is read as the mean of the buildings' rates and kept above 85 % (about 86 %): the 56
 *   well-let buildings are 97.5-99.7 % let, which the 62.9 / 20.2 / 11.2 / 5.6 % bucket split leaves room for
 *   only near the top.
 */
import type { OccupancyBucket } from '../../src/rules/tenancy.ts';
import type { Cluster, PlanTargets } from '../../src/registry/types.ts';
import type { Industry } from '../../src/kinds.ts';
import type { StreetKey } from './streets.ts';

/** Heping's four building clusters (规划 一(一)3: 太原街 40 座, 三好街 29, 西塔北市南市 18, 浑河 2). */
export const HEPING_CLUSTER_IDS = ['taiyuanjie', 'sanhaojie', 'xita_beishi_nanshi', 'hunhe'] as const;
export type ClusterId = (typeof HEPING_CLUSTER_IDS)[number];

/** The clusters as heping.json declares them (`district.clusters`), in the plan's words. */
export const HEPING_CLUSTERS: readonly (Cluster & { id: ClusterId })[] = [
  { id: 'taiyuanjie', name: { zh: '太原街商贸金融产业区', en: 'Taiyuan Street trade & finance cluster' } },
  { id: 'sanhaojie', name: { zh: '三好街创新创业示范区', en: 'Sanhao Street innovation cluster' } },
  {
    id: 'xita_beishi_nanshi',
    name: { zh: '西塔北市南市文化产业区', en: 'Xita-Beishi-Nanshi culture cluster' },
  },
  { id: 'hunhe', name: { zh: '浑河文化旅游产业发展带', en: 'Hunhe culture & tourism belt' } },
];

/**
 * The plan's targets as heping.json declares them (`district.plan`): 规划 三(三) 力争到2025年末，税收过亿元
 * 商务楼宇由11座增加到15座，降低闲置楼宇面积30万平方米; the idle area it is cut from is 一(二)4's 65.9 万平方米
 * (24 key idle buildings); 平均入驻率达85%以上 (一(一)1) is the base year's level, the plan sets no target for it,
 * and so are its shares of buildings per occupancy bucket.
 * The base year is 2020, the last of the 13th five-year plan (十三五末).
 */
export const HEPING_PLAN: PlanTargets = {
  base_year: 2020,
  target_year: 2025,
  buildings_over_100m_tax: { base: 11, target: 15 },
  idle_area: { base_m2: 659_000, reduction_m2: 300_000 },
  // 一(一)1: 入驻率达85%以上的商务楼宇约占62.9%，70%—85% 约占20.2%，50%—70% 约占11.2%，不足50% 约占5.6%.
  occupancy_buckets: { high: 0.629, upper_mid: 0.202, lower_mid: 0.112, low: 0.056 },
  mean_occupancy: { base: 0.85 },
};

/** One building the registry will hold; fields left out are drawn by the generator. */
export interface SlotSpec {
  cluster: ClusterId;
  street: StreetKey;
  bucket: OccupancyBucket;
  /** A key idle building (>= 3,000 m2 vacant); its vacancy is a share of its street's idle total. */
  idle: boolean;
  /** The plan's name; absent for generated buildings. */
  named?: { id: string; zh: string; en: string };
  /** Must end up over 100,000 m2 gross (the plan counts 11 such buildings). */
  over100k?: boolean;
  gross?: number;
  /** Fixed vacant area for an idle building the plan gives a figure for. */
  vacant?: number;
  /** Fixed occupancy (leased / leasable) where the plan implies one. */
  rate?: number;
  tenants?: number;
  annualTax?: number;
  /** Old stock: more often short of parking and lifts, sometimes missing a 5A subsystem. */
  old?: boolean;
  /** Multiplies the cluster's industry mix for this building's tenants. */
  industryBias?: Partial<Record<Industry, number>>;
}

/** The district totals the registry must reproduce exactly (规划 一(一), 一(二)4). */
export const PLAN = {
  buildings: 89,
  grossFloorAreaM2: 4_227_000,
  tenants: 12_374,
  tenantsByIndustry: { trade: 5_593, tech: 3_130, finance: 231, culture: 407, other: 3_013 },
  /** 重点闲置楼宇 vacant area by street (m2). The plan rounds to 0.1 万 m2 and gives 65.9 万 in total; 太原街,
   * 北市场 and 马路湾 carry the 1,000 m2 its rounded street figures (65.8 万) leave out. */
  keyIdleVacantByStreet: {
    taiyuanjie: 552_400,
    nanshichang: 15_000,
    beishichang: 29_300,
    maluwan: 47_300,
    changbai: 10_000,
    nanhu: 5_000,
  } satisfies Partial<Record<StreetKey, number>>,
  /** Buildings short of parking (by the area standard) and of lift capacity (leasable m2 per car). */
  parkingShort: 20,
  elevatorShort: 15,
} as const;

const FINANCE = { finance: 4, trade: 0.8 };
const DIGITAL = { tech: 1.5, trade: 1.1 };

/** The plan's named buildings, tier buildings first (规划 一(一)2), then the others it names. */
export const NAMED: readonly SlotSpec[] = [
  // 亿元 (>= 100 M CNY): 11 buildings, 43.9 亿 CNY together; streets 太原街 3, 南湖 3, 南市场 2, 沈水湾 2, 马路湾 1.
  n(
    'new-world-commercial-tower',
    '新世界商务大厦',
    'New World Commercial Tower',
    'taiyuanjie',
    'taiyuanjie',
    { gross: 140_000, over100k: true, annualTax: 620_000_000 },
  ),
  n(
    'china-overseas-intl-center',
    '中海国际中心',
    'China Overseas International Center',
    'hunhe',
    'shenshuiwan',
    { gross: 122_000, over100k: true, annualTax: 560_000_000, industryBias: { culture: 3 } },
  ),
  n('cr-building-a', '华润大厦A座', 'China Resources Building, Tower A', 'sanhaojie', 'nanhu', {
    gross: 80_000,
    annualTax: 480_000_000,
  }),
  n(
    'yinji-development-center',
    '沈阳银基发展中心',
    'Shenyang Yinji Development Center',
    'taiyuanjie',
    'nanshichang',
    { gross: 56_000, annualTax: 450_000_000, industryBias: FINANCE },
  ),
  n(
    'zhongxing-shenyang-commercial',
    '中兴-沈阳商业大厦',
    'Zhongxing-Shenyang Commercial Building',
    'taiyuanjie',
    'taiyuanjie',
    { gross: 66_000, annualTax: 410_000_000 },
  ),
  n('president-building', '总统大厦', 'President Building', 'taiyuanjie', 'maluwan', {
    gross: 85_000,
    annualTax: 380_000_000,
    industryBias: { tech: 1.6 },
  }),
  n(
    'huijin-financial-center',
    '汇锦金融中心',
    'Huijin Financial Center',
    'xita_beishi_nanshi',
    'nanshichang',
    { gross: 106_000, over100k: true, annualTax: 360_000_000, industryBias: FINANCE },
  ),
  n('beiyueke-land-plaza', '北约客置地广场', 'Beiyueke Land Plaza', 'taiyuanjie', 'taiyuanjie', {
    gross: 118_000,
    over100k: true,
    annualTax: 340_000_000,
    industryBias: FINANCE,
  }),
  n('everbright-building', '光大大厦', 'Everbright Building', 'sanhaojie', 'shenshuiwan', {
    gross: 42_000,
    annualTax: 300_000_000,
    industryBias: FINANCE,
  }),
  n('huahang-building', '华航大厦', 'Huahang Building', 'sanhaojie', 'nanhu', {
    gross: 58_000,
    annualTax: 260_000_000,
  }),
  n('taichen-business-tower', '泰宸商务大厦', 'Taichen Business Tower', 'sanhaojie', 'nanhu', {
    gross: 52_000,
    annualTax: 230_000_000,
  }),
  // 7000 万 (inclusive) to 1 亿 CNY: 6 buildings.
  n('hunhe-vanke-center', '浑河万科中心', 'Hunhe Vanke Center', 'hunhe', 'changbai', {
    gross: 102_000,
    over100k: true,
    annualTax: 96_000_000,
    industryBias: { culture: 2 },
  }),
  n(
    'euro-asia-lianying-tower',
    '欧亚联营商务大厦',
    'Euro-Asia Lianying Business Tower',
    'taiyuanjie',
    'taiyuanjie',
    { gross: 48_000, annualTax: 91_000_000 },
  ),
  n('jiarun-building', '嘉润大厦', 'Jiarun Building', 'taiyuanjie', 'taiyuanjie', {
    gross: 55_000,
    annualTax: 86_000_000,
  }),
  n('minsheng-bank-building', '民生银行大厦', 'Minsheng Bank Building', 'taiyuanjie', 'maluwan', {
    gross: 40_000,
    annualTax: 82_000_000,
    industryBias: FINANCE,
  }),
  n('machinery-building', '机械大厦', 'Machinery Building', 'xita_beishi_nanshi', 'beishichang', {
    gross: 28_000,
    annualTax: 77_000_000,
    old: true,
  }),
  n('new-century-business-tower', '新世纪商务大厦', 'New Century Business Tower', 'sanhaojie', 'nanhu', {
    gross: 45_000,
    annualTax: 73_000_000,
  }),
  // 5000 万 (inclusive) to 7000 万 CNY: 1 building.
  n(
    'new-world-fengsheng-tower',
    '新世界丰盛商务大厦',
    'New World Fengsheng Business Tower',
    'sanhaojie',
    'nanhu',
    { gross: 43_000, annualTax: 58_000_000 },
  ),
  // Named as key buildings of their clusters (规划 三(四), 四(二)1).
  n('huaqiang-plaza', '华强广场', 'Huaqiang Plaza', 'sanhaojie', 'nanhu', {
    gross: 56_000,
    industryBias: DIGITAL,
  }),
  n('tongfang-plaza', '同方广场', 'Tongfang Plaza', 'sanhaojie', 'nanhu', {
    gross: 48_000,
    industryBias: DIGITAL,
  }),
  n('chengda-digital-building', '诚大数码大厦', 'Chengda Digital Building', 'sanhaojie', 'nanhu', {
    gross: 26_000,
    old: true,
    industryBias: DIGITAL,
  }),
  n('buynow-computer-mall', '百脑汇电脑城', 'Buynow Computer Mall', 'sanhaojie', 'nanhu', {
    gross: 34_000,
    industryBias: DIGITAL,
  }),
  n('neusoft-computer-mall', '东软电脑城', 'Neusoft Computer Mall', 'sanhaojie', 'nanhu', {
    gross: 30_000,
    old: true,
    industryBias: DIGITAL,
  }),
  n('chengda-digital-plaza', '城大数码广场', 'Chengda Digital Plaza', 'sanhaojie', 'nanhu', {
    gross: 29_000,
    industryBias: DIGITAL,
  }),
  n('zhongchi-building', '中驰大厦', 'Zhongchi Building', 'sanhaojie', 'nanhu', { gross: 36_000 }),
  n('jinke-building', '金科大厦', 'Jinke Building', 'sanhaojie', 'nanhu', { gross: 27_000 }),
  n('oneworld-city', 'OneWorld世界城', 'OneWorld City', 'xita_beishi_nanshi', 'xita', {
    gross: 128_000,
    over100k: true,
    industryBias: { culture: 3 },
  }),
  n('city-plaza', '城市广场', 'City Plaza', 'taiyuanjie', 'taiyuanjie', {
    gross: 72_000,
    industryBias: FINANCE,
  }),
  // 南湖大厦: an older, small building; one of the 70-85 % buildings with little vacant space.
  n('nanhu-building', '南湖大厦', 'Nanhu Building', 'sanhaojie', 'nanhu', { bucket: 'upper_mid', old: true }),
  // Idle (规划 一(二)1, 一(二)4). 新世界商务中心 opened late 2019: 6 tenants, close to 4.5 万 m2 vacant.
  n('new-world-business-center', '新世界商务中心', 'New World Business Center', 'taiyuanjie', 'taiyuanjie', {
    bucket: 'low',
    idle: true,
    vacant: 45_000,
    rate: 0.12,
    tenants: 6,
  }),
  n(
    'china-overseas-intl-tower',
    '中海国际大厦',
    'China Overseas International Tower',
    'sanhaojie',
    'changbai',
    { bucket: 'upper_mid', idle: true, vacant: 10_000, industryBias: { culture: 2 } },
  ),
  n('wuzhou-commercial-plaza', '五洲商业广场', 'Wuzhou Commercial Plaza', 'taiyuanjie', 'taiyuanjie', {
    bucket: 'low',
    idle: true,
    gross: 112_000,
    over100k: true,
    old: true,
  }),
  n(
    'northeast-light-industry-building',
    '东北轻工大厦',
    'Northeast Light Industry Building',
    'taiyuanjie',
    'taiyuanjie',
    { bucket: 'low', idle: true, old: true },
  ),
  n(
    'new-world-dept-store-3',
    '新世界百货（三部）',
    'New World Department Store (Store 3)',
    'taiyuanjie',
    'taiyuanjie',
    { bucket: 'low', idle: true, gross: 104_000, over100k: true, old: true },
  ),
  n(
    'guangrong-shijia',
    '光荣世家（华瑞国际）',
    'Guangrong Shijia (Huarui International)',
    'taiyuanjie',
    'taiyuanjie',
    { bucket: 'low', idle: true, old: true },
  ),
  n('former-xinhua-book-center', '原新华购书中心', 'Former Xinhua Book Center', 'taiyuanjie', 'taiyuanjie', {
    bucket: 'lower_mid',
    idle: true,
    old: true,
  }),
];

/** Generated (unnamed) buildings: how many of each kind each street gets, so the plan's counts add up. */
export const GENERATED: readonly (Omit<SlotSpec, 'named'> & { count: number })[] = [
  // 太原街 cluster: 25 generated.
  g('taiyuanjie', 'taiyuanjie', 'lower_mid', 3, { idle: true, over100k: true }),
  g('taiyuanjie', 'taiyuanjie', 'lower_mid', 4, { idle: true }),
  g('taiyuanjie', 'taiyuanjie', 'upper_mid', 3, { idle: true }),
  g('taiyuanjie', 'maluwan', 'lower_mid', 2, { idle: true }),
  g('taiyuanjie', 'taiyuanjie', 'upper_mid', 2),
  g('taiyuanjie', 'maluwan', 'upper_mid', 1),
  g('taiyuanjie', 'taiyuanjie', 'high', 6),
  g('taiyuanjie', 'maluwan', 'high', 3),
  g('taiyuanjie', 'nanshichang', 'high', 1),
  // 西塔/北市/南市 cluster: 15 generated.
  g('xita_beishi_nanshi', 'nanshichang', 'upper_mid', 1, { idle: true }),
  g('xita_beishi_nanshi', 'beishichang', 'upper_mid', 3, { idle: true }),
  g('xita_beishi_nanshi', 'beishichang', 'upper_mid', 1),
  g('xita_beishi_nanshi', 'xita', 'upper_mid', 1),
  g('xita_beishi_nanshi', 'nanshichang', 'upper_mid', 1),
  g('xita_beishi_nanshi', 'xita', 'high', 3),
  g('xita_beishi_nanshi', 'beishichang', 'high', 2),
  g('xita_beishi_nanshi', 'nanshichang', 'high', 3),
  // 三好街 cluster: 13 generated.
  g('sanhaojie', 'nanhu', 'upper_mid', 1, { idle: true }),
  g('sanhaojie', 'nanhu', 'upper_mid', 1),
  g('sanhaojie', 'shenshuiwan', 'upper_mid', 1),
  g('sanhaojie', 'nanhu', 'high', 6),
  g('sanhaojie', 'shenshuiwan', 'high', 2),
  g('sanhaojie', 'changbai', 'high', 2),
];

type NamedOptions = Partial<Omit<SlotSpec, 'named' | 'cluster' | 'street'>>;

function n(
  id: string,
  zh: string,
  en: string,
  cluster: ClusterId,
  street: StreetKey,
  o: NamedOptions,
): SlotSpec {
  return { cluster, street, bucket: 'high', idle: false, ...o, named: { id, zh, en } };
}

function g(
  cluster: ClusterId,
  street: StreetKey,
  bucket: OccupancyBucket,
  count: number,
  o: { idle?: boolean; over100k?: boolean } = {},
): Omit<SlotSpec, 'named'> & { count: number } {
  return { cluster, street, bucket, idle: o.idle ?? false, over100k: o.over100k ?? false, count };
}
