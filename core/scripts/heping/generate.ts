/**
 * Generates the Heping district registry (core/data/heping.json) from the plan's figures (plan.ts).
 * Deterministic: one seeded PRNG, drawn in a fixed order, integers for every area and count, so the same
 * seed always gives the same file. Every total the plan gives is met by construction (exact splits with
 * largest remainders), and `generateHeping` throws if a building would break a plan count.
 */
import type { Building, RegistryData } from '../../src/registry/types.ts';
import { INDUSTRIES, SUBSYSTEMS, type Industry, type Subsystem } from '../../src/kinds.ts';
import { taxTierFor } from '../../src/registry/tax-tier.ts';
import { ELEVATOR_MAX_M2_PER_CAR, PARKING_STANDARD_M2_PER_SPACE } from '../../src/constants.ts';
import { allocate, fitMatrix } from './allocate.ts';
import {
  GENERATED,
  HEPING_CLUSTER_IDS,
  HEPING_CLUSTERS,
  HEPING_PLAN,
  NAMED,
  PLAN,
  type ClusterId,
  type SlotSpec,
} from './plan.ts';
import { mulberry32, type Prng } from './prng.ts';
import { STREETS, type StreetKey } from './streets.ts';

/** The seed of the committed file: 14 for the 14th five-year plan (十四五). */
export const HEPING_SEED = 14;

const OVER_100K_M2 = 100_000;

/** The tenant mix each cluster leans to (规划 一(一)5: trade in 太原街/三好街, tech in 三好街, culture in the old town). */
const CLUSTER_MIX: Record<ClusterId, Record<Industry, number>> = {
  taiyuanjie: { trade: 0.52, tech: 0.2, finance: 0.025, culture: 0.02, other: 0.235 },
  sanhaojie: { trade: 0.4, tech: 0.38, finance: 0.012, culture: 0.025, other: 0.183 },
  xita_beishi_nanshi: { trade: 0.45, tech: 0.15, finance: 0.015, culture: 0.1, other: 0.285 },
  hunhe: { trade: 0.35, tech: 0.25, finance: 0.02, culture: 0.08, other: 0.3 },
};

interface Slot extends SlotSpec {
  id: string;
  name: { zh: string; en: string };
  generated: boolean;
}

interface Sized {
  gross: number;
  leasable: number;
  leased: number;
}

/** The Heping registry as plain data, ready to be written as JSON. */
export function generateHeping(seed = HEPING_SEED): RegistryData {
  const rng = mulberry32(seed);
  const slots = expandSlots();
  const ratio = slots.map((s) => leasableRatio(s, rng));
  const rate = slots.map((s) => occupancyTarget(s, rng));
  const old = slots.map((s) => s.old ?? oldStock(s, rng));
  const sized = sizeBuildings(slots, ratio, rate, rng);
  const tenants = tenantCounts(slots, sized, rng);
  const byIndustry = tenantMix(slots, tenants, rng);
  const parkingShort = pickWorst(slots, old, PLAN.parkingShort, rng);
  const elevatorShort = pickWorst(slots, old, PLAN.elevatorShort, rng);

  const buildings: Building[] = slots.map((slot, i) => {
    const size = sized[i] as Sized;
    const tenantCount = tenants[i] as number;
    const mix = byIndustry[i] as Record<Industry, number>;
    const annualTax = slot.annualTax ?? lowerTax(slot, size, rng);
    const tier = taxTierFor(annualTax);
    const floors = floorsOf(size.gross, rng);
    const building: Building = {
      id: slot.id,
      name: slot.name,
      generated: slot.generated,
      cluster: slot.cluster,
      street: { zh: STREETS[slot.street].zh, en: STREETS[slot.street].en },
      floors: floors.above,
      basement_floors: floors.below,
      gross_floor_area_m2: size.gross,
      leasable_area_m2: size.leasable,
      parking_spaces: parkingSpaces(size.gross, parkingShort.has(i), rng),
      passenger_elevators: elevators(size.leasable, elevatorShort.has(i), rng),
      subsystems: subsystems(size.gross, old[i] === true, rng),
      position: position(slot.street, rng),
      ...(tier === undefined ? {} : { tax_tier: tier }),
      annual_tax_cny: annualTax,
      tenancy: {
        leased_m2: size.leased,
        tenants: tenantCount,
        tenants_by_industry: mix,
        registered_local: Math.round(tenantCount * rng.between(0.62, 0.88)),
      },
    };
    return building;
  });
  return {
    district: {
      id: 'heping',
      name: { zh: '沈阳市和平区', en: 'Heping District, Shenyang' },
      time_zone: 'Asia/Shanghai',
      clusters: HEPING_CLUSTERS.map((c) => ({ id: c.id, name: { ...c.name } })),
      plan: structuredClone(HEPING_PLAN),
    },
    buildings,
  };
}

/** Named buildings and the generated ones, cluster by cluster; generated ids and names count per street. */
function expandSlots(): Slot[] {
  const perStreet = new Map<StreetKey, number>();
  const generated: Slot[] = GENERATED.flatMap(({ count, ...spec }) =>
    Array.from({ length: count }, () => {
      const number = (perStreet.get(spec.street) ?? 0) + 1;
      perStreet.set(spec.street, number);
      const nn = String(number).padStart(2, '0');
      const street = STREETS[spec.street];
      return {
        ...spec,
        id: `${spec.street}-${nn}`,
        name: { zh: `${street.zh}商务楼 ${nn}`, en: `${street.en} Business Building ${nn}` },
        generated: true,
      };
    }),
  );
  const named: Slot[] = NAMED.map((spec) => {
    if (spec.named === undefined) throw new Error('NAMED holds a building without a name');
    return { ...spec, id: spec.named.id, name: { zh: spec.named.zh, en: spec.named.en }, generated: false };
  });
  const all = [...named, ...generated];
  if (all.length !== PLAN.buildings)
    throw new Error(`plan.ts lays out ${all.length} buildings, the plan has ${PLAN.buildings}`);
  return HEPING_CLUSTER_IDS.flatMap((cluster) => all.filter((s) => s.cluster === cluster));
}

function leasableRatio(slot: Slot, rng: Prng): number {
  if (!slot.idle && slot.bucket === 'upper_mid') return rng.between(0.76, 0.82);
  return slot.idle ? rng.between(0.82, 0.85) : rng.between(0.81, 0.85);
}

/** Occupancy to aim for, inside the slot's bucket with a margin so rounding never crosses a bound. */
function occupancyTarget(slot: Slot, rng: Prng): number {
  if (slot.rate !== undefined) return slot.rate;
  switch (slot.bucket) {
    case 'high':
      return rng.between(0.975, 0.997);
    case 'upper_mid':
      return slot.idle ? rng.between(0.71, 0.75) : rng.between(0.81, 0.845);
    case 'lower_mid':
      return rng.between(0.53, 0.6);
    case 'low':
      return rng.between(0.38, 0.46);
  }
}

function oldStock(slot: Slot, rng: Prng): boolean {
  const p = slot.idle ? 0.5 : slot.bucket === 'upper_mid' ? 0.6 : 0.15;
  return rng.next() < p;
}

/**
 * Areas for every building. Key idle buildings share their street's idle total (vacancy first, then
 * leasable and gross follow from occupancy and leasable ratio); small 70-85 % buildings stay under
 * 3,000 m2 vacant; the generated >= 85 % buildings take whatever gross area is left of the plan's total.
 */
function sizeBuildings(slots: Slot[], ratio: number[], rate: number[], rng: Prng): Sized[] {
  const sized: (Sized | undefined)[] = slots.map(() => undefined);
  const r = (i: number): number => rate[i] as number;
  const q = (i: number): number => ratio[i] as number;

  for (const [street, total] of Object.entries(PLAN.keyIdleVacantByStreet) as [StreetKey, number][]) {
    const idle = slots.flatMap((s, i) => (s.idle && s.street === street ? [i] : []));
    let fixedVacant = 0;
    const free: number[] = [];
    const weights: number[] = [];
    for (const i of idle) {
      const slot = slots[i] as Slot;
      if (slot.gross !== undefined) {
        const leasable = Math.round(slot.gross * q(i));
        const vacant = Math.round(leasable * (1 - r(i)));
        sized[i] = { gross: slot.gross, leasable, leased: leasable - vacant };
        fixedVacant += vacant;
      } else if (slot.vacant !== undefined) {
        sized[i] = fromVacancy(slot.vacant, r(i), q(i));
        fixedVacant += slot.vacant;
      } else {
        free.push(i);
        weights.push(idleGrossPrior(slot, rng) * q(i) * (1 - r(i)));
      }
    }
    if (free.length === 0) {
      if (fixedVacant !== total)
        throw new Error(`${street}: fixed idle area ${fixedVacant} != plan ${total}`);
      continue;
    }
    const vacancies = allocate(total - fixedVacant, weights);
    free.forEach((i, k) => (sized[i] = fromVacancy(vacancies[k] as number, r(i), q(i))));
  }

  const highGenerated: number[] = [];
  slots.forEach((slot, i) => {
    if (sized[i] !== undefined) return;
    if (slot.idle) throw new Error(`${slot.id}: idle building in a street with no idle total`);
    if (slot.bucket === 'upper_mid') {
      // Small and old: 70-85 % let but under 3,000 m2 vacant, which needs under 10,000 m2 leasable.
      const leasable = Math.round(rng.between(6_500, 9_500));
      const vacant = Math.round(leasable * (1 - r(i)));
      sized[i] = { gross: Math.round(leasable / q(i)), leasable, leased: leasable - vacant };
    } else if (slot.gross !== undefined) {
      sized[i] = wellLet(slot.gross, q(i), r(i));
    } else {
      highGenerated.push(i);
    }
  });

  const used = sized.reduce((a, s) => a + (s?.gross ?? 0), 0);
  const grosses = allocate(
    PLAN.grossFloorAreaM2 - used,
    highGenerated.map(() => rng.between(0.6, 1.4)),
  );
  highGenerated.forEach((i, k) => (sized[i] = wellLet(grosses[k] as number, q(i), r(i))));

  return slots.map((slot, i) => {
    const size = sized[i];
    if (size === undefined) throw new Error(`${slot.id}: not sized`);
    const over = size.gross > OVER_100K_M2;
    if (over !== (slot.over100k === true))
      throw new Error(
        `${slot.id}: gross ${size.gross} m2 is ${over ? 'over' : 'not over'} 100,000 m2, the plan needs otherwise`,
      );
    if (!slot.generated || slot.idle || slot.bucket !== 'high') return size;
    if (size.gross < 10_000)
      throw new Error(`${slot.id}: gross ${size.gross} m2 is too small for an office building`);
    return size;
  });
}

/** A rough size to weigh an idle building's share of its street's vacancy by. */
function idleGrossPrior(slot: Slot, rng: Prng): number {
  if (slot.over100k === true) return rng.between(104_000, 116_000);
  switch (slot.bucket) {
    case 'low':
      return rng.between(55_000, 70_000);
    case 'lower_mid':
      return rng.between(62_000, 82_000);
    default:
      return rng.between(30_000, 50_000);
  }
}

function fromVacancy(vacant: number, rate: number, ratio: number): Sized {
  const leasable = Math.round(vacant / (1 - rate));
  return { gross: Math.round(leasable / ratio), leasable, leased: leasable - vacant };
}

/** A >= 85 % building: vacancy is the smaller of its rate's share and 2,000 m2 (never a key idle building). */
function wellLet(gross: number, ratio: number, rate: number): Sized {
  const leasable = Math.round(gross * ratio);
  const vacant = Math.min(2_000, Math.round(leasable * (1 - rate)));
  return { gross, leasable, leased: leasable - vacant };
}

/** Tenants follow leased area (about 225 m2 each), with some buildings split finer than others. */
function tenantCounts(slots: Slot[], sized: Sized[], rng: Prng): number[] {
  const fixed = slots.map((s) => s.tenants);
  const weights = slots.map((s, i) =>
    s.tenants === undefined ? (sized[i] as Sized).leased * rng.between(0.75, 1.25) : 0,
  );
  const fixedTotal = fixed.reduce<number>((a, t) => a + (t ?? 0), 0);
  const free = allocate(PLAN.tenants - fixedTotal, weights);
  return slots.map((_, i) => fixed[i] ?? (free[i] as number));
}

function tenantMix(slots: Slot[], tenants: number[], rng: Prng): Record<Industry, number>[] {
  const seed = slots.map((slot, i) =>
    INDUSTRIES.map(
      (industry) =>
        (tenants[i] as number) *
        CLUSTER_MIX[slot.cluster][industry] *
        (slot.industryBias?.[industry] ?? 1) *
        rng.between(0.8, 1.2),
    ),
  );
  const matrix = fitMatrix(
    seed,
    tenants,
    INDUSTRIES.map((industry) => PLAN.tenantsByIndustry[industry]),
  );
  return matrix.map(
    (row) =>
      Object.fromEntries(INDUSTRIES.map((industry, c) => [industry, row[c] as number])) as Record<
        Industry,
        number
      >,
  );
}

/** Exactly `count` buildings, old and idle stock first (the plan: 设施陈旧), the rest by chance. */
function pickWorst(slots: Slot[], old: boolean[], count: number, rng: Prng): Set<number> {
  const scored = slots.map((slot, i) => ({
    i,
    score: rng.next() + (old[i] === true ? 0.6 : 0) + (slot.idle ? 0.25 : 0),
  }));
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return new Set(scored.slice(0, count).map((s) => s.i));
}

/** Tax below the 50 M CNY tier for the buildings the plan does not tier, rounded to 10,000 CNY. */
function lowerTax(slot: Slot, size: Sized, rng: Prng): number {
  const perLeasedM2 = slot.idle ? rng.between(20, 90) : rng.between(60, 320);
  const tax = Math.min(48_000_000, size.leased * perLeasedM2);
  return Math.round(tax / 10_000) * 10_000;
}

function floorsOf(gross: number, rng: Prng): { above: number; below: number } {
  const plate = gross < 30_000 ? rng.between(1_000, 1_700) : rng.between(1_700, 3_200);
  const below = gross > 80_000 ? rng.int(3, 4) : rng.int(2, 3);
  const above = Math.round((gross * 0.85) / plate);
  return { above: Math.min(60, Math.max(10, above)), below };
}

function parkingSpaces(gross: number, short: boolean, rng: Prng): number {
  const standard = gross / PARKING_STANDARD_M2_PER_SPACE;
  const spaces = short
    ? Math.floor(standard * rng.between(0.35, 0.85))
    : Math.ceil(standard * rng.between(1.02, 1.5));
  if (spaces < standard !== short)
    throw new Error(`parking: ${spaces} spaces for ${gross} m2 misses the plan`);
  return spaces;
}

function elevators(leasable: number, short: boolean, rng: Prng): number {
  const cars = short
    ? Math.max(1, Math.floor(leasable / (ELEVATOR_MAX_M2_PER_CAR * rng.between(1.12, 1.8))))
    : Math.ceil(leasable / (ELEVATOR_MAX_M2_PER_CAR * rng.between(0.52, 0.92)));
  if (leasable / cars > ELEVATOR_MAX_M2_PER_CAR !== short)
    throw new Error(`elevators: ${cars} cars for ${leasable} m2 misses the plan`);
  return cars;
}

/** Head-end device counts per 5A subsystem, by size; old stock sometimes lacks BA, OA or CA altogether. */
function subsystems(gross: number, old: boolean, rng: Prng): Record<Subsystem, number> {
  const perDevice: Record<Subsystem, number> = { ba: 900, ca: 1_500, oa: 2_000, fa: 450, sa: 1_000 };
  const counts = Object.fromEntries(
    SUBSYSTEMS.map((s) => [s, Math.max(4, Math.round((gross / perDevice[s]) * rng.between(0.8, 1.2)))]),
  ) as Record<Subsystem, number>;
  if (old && rng.next() < 0.55) {
    const missable: Subsystem[] = ['oa', 'ba', 'ca'];
    const first = missable[rng.int(0, 2)] as Subsystem;
    counts[first] = 0;
    if (rng.next() < 0.35) counts[missable.find((s) => s !== first) as Subsystem] = 0;
  }
  return counts;
}

function position(street: StreetKey, rng: Prng): { x: number; y: number } {
  const centre = STREETS[street];
  // Sum of three uniforms: a soft cluster around the street's centre rather than a square.
  const jitter = (): number => (rng.next() + rng.next() + rng.next() - 1.5) * centre.spread * 1.4;
  const clamp = (v: number): number => Math.round(Math.min(1000, Math.max(0, v)) * 10) / 10;
  return { x: clamp(centre.x + jitter()), y: clamp(centre.y + jitter()) };
}
