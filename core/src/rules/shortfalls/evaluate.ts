import type { FiveAResult } from '../five-a.ts';
import { shortfallConfig } from './config.ts';
import type { ShortfallConfig } from './config.ts';
import { elevatorShortfalls } from './elevator.ts';
import { energyShortfall } from './energy.ts';
import type { EnergyUse } from './energy.ts';
import { fiveAShortfalls } from './five-a.ts';
import { idleShortfall } from './idle.ts';
import type { TenancyNow } from './idle.ts';
import { parkingShortfalls } from './parking.ts';
import type { ParkingNow } from './parking.ts';
import { SHORTFALL_KINDS, SHORTFALL_RULES } from './types.ts';
import type { CarAvailability, ShortfallBuilding, ShortfallFinding, WorkdayPeakQueue } from './types.ts';

/** Everything known about one building that the shortfall rules judge; leave out what is not measured. */
export interface ShortfallInput {
  building: ShortfallBuilding;
  parking?: ParkingNow | undefined;
  peakQueues?: readonly WorkdayPeakQueue[] | undefined;
  morningPeakMeanWaitS?: number | undefined;
  cars?: readonly CarAvailability[] | undefined;
  fiveA?: FiveAResult | undefined;
  energy?: EnergyUse | undefined;
  tenancy?: TenancyNow | undefined;
}

const KIND_ORDER = new Map<string, number>(SHORTFALL_KINDS.map((k, i) => [k, i]));
const RULE_ORDER = new Map<string, number>(SHORTFALL_RULES.map((r, i) => [r, i]));

/** Orders findings by building, family, rule, subject: a stable order for lists and diffs. */
export function compareFindings(a: ShortfallFinding, b: ShortfallFinding): number {
  if (a.building !== b.building) return a.building < b.building ? -1 : 1;
  const kind = (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0);
  if (kind !== 0) return kind;
  const rule = (RULE_ORDER.get(a.rule) ?? 0) - (RULE_ORDER.get(b.rule) ?? 0);
  if (rule !== 0) return rule;
  return (a.subject ?? '').localeCompare(b.subject ?? '');
}

/** Every facility shortfall of one building, in a stable order. `config` overrides the defaults. */
export function evaluateShortfalls(
  input: ShortfallInput,
  config: Partial<ShortfallConfig> = {},
): ShortfallFinding[] {
  const c = shortfallConfig(config);
  const energy = energyShortfall(input.building, input.energy, c);
  const idle = idleShortfall(input.building.id, input.tenancy, c);
  return [
    ...parkingShortfalls({ building: input.building, now: input.parking, peakQueues: input.peakQueues }, c),
    ...elevatorShortfalls(
      { building: input.building, morningPeakMeanWaitS: input.morningPeakMeanWaitS, cars: input.cars },
      c,
    ),
    ...(input.fiveA === undefined ? [] : fiveAShortfalls(input.fiveA, c)),
    ...(energy === null ? [] : [energy]),
    ...(idle === null ? [] : [idle]),
  ].sort(compareFindings);
}
