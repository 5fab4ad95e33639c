import { describe, expect, it } from 'vitest';
import { ELEVATOR_MAX_M2_PER_CAR, PARKING_STANDARD_M2_PER_SPACE } from '../src/constants.ts';
import { SUBSYSTEMS } from '../src/kinds.ts';
import { smallRegistry } from '../src/registry/index.ts';
import type { Building } from '../src/registry/types.ts';

const shortOfParking = (b: Building): boolean =>
  b.parking_spaces < b.gross_floor_area_m2 / PARKING_STANDARD_M2_PER_SPACE;
const shortOfLifts = (b: Building): boolean =>
  b.leasable_area_m2 / b.passenger_elevators > ELEVATOR_MAX_M2_PER_CAR;
const missing = (b: Building): string[] => SUBSYSTEMS.filter((s) => b.subsystems[s] === 0);

describe('the small test registry', () => {
  const registry = smallRegistry();
  const flaws = (id: string): string[] => {
    const b = registry.byId.get(id);
    if (b === undefined) throw new Error(`${id} is missing`);
    return [
      ...(shortOfParking(b) ? ['parking'] : []),
      ...(shortOfLifts(b) ? ['lifts'] : []),
      ...missing(b).map((s) => `no ${s}`),
    ];
  };

  it('has one healthy building and one building per shortfall, each with only that flaw', () => {
    expect(flaws('healthy')).toEqual([]);
    expect(flaws('short-parking')).toEqual(['parking']);
    expect(flaws('short-elevators')).toEqual(['lifts']);
    expect(flaws('missing-oa')).toEqual(['no oa']);
  });

  it('gives each test its own copy', () => {
    const first = smallRegistry();
    first.buildings[0]!.parking_spaces = 0;
    expect(smallRegistry().buildings[0]!.parking_spaces).toBe(80);
  });
});
