import { DEFAULT_SHORTFALL_CONFIG } from './config.ts';
import type { ShortfallConfig } from './config.ts';
import type { CarAvailability, ShortfallBuilding, ShortfallFinding } from './types.ts';

/** What the elevator rules look at. */
export interface ElevatorShortfallInput {
  building: ShortfallBuilding;
  /** Mean hall-call wait (s) over recent workday morning peaks; undefined when not measured. */
  morningPeakMeanWaitS?: number | undefined;
  /** Each passenger car's availability over the last 7 days. */
  cars?: readonly CarAvailability[] | undefined;
}

/** Morning-peak mean hall-call wait above 40 s. */
export function elevatorWaitShortfall(
  building: string,
  meanWaitS: number | undefined,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding | null {
  if (meanWaitS === undefined || !(meanWaitS > config.elevatorPeakWaitMaxS)) return null;
  return {
    building,
    kind: 'elevator',
    rule: 'elevator.peak_wait',
    subject: null,
    measured: Math.round(meanWaitS * 10) / 10,
    threshold: config.elevatorPeakWaitMaxS,
    unit: 's',
    since: null,
    detail: `morning-peak mean hall-call wait ${meanWaitS.toFixed(1)} s`,
  };
}

/** One finding per car available less than 95 % of the last 7 days. */
export function elevatorAvailabilityShortfalls(
  building: string,
  cars: readonly CarAvailability[] | undefined,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding[] {
  return (cars ?? [])
    .filter((car) => car.availability < config.elevatorCarAvailabilityMin)
    .map((car) => ({
      building,
      kind: 'elevator' as const,
      rule: 'elevator.car_availability' as const,
      subject: car.device,
      measured: Math.round(car.availability * 10_000) / 100,
      threshold: Math.round(config.elevatorCarAvailabilityMin * 10_000) / 100,
      unit: '%',
      since: null,
      detail: `car ${car.device} in service ${(car.availability * 100).toFixed(1)} % of the last 7 days`,
    }));
}

/**
 * Leasable area per passenger car above 5,000 m2. A building with leasable area and no passenger car is a
 * finding too; its measured value is then the whole leasable area (as if it had one car).
 */
export function elevatorAreaShortfall(
  building: ShortfallBuilding,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding | null {
  const cars = building.passenger_elevators;
  const perCar = building.leasable_area_m2 / Math.max(1, cars);
  if (!(perCar > config.elevatorMaxM2PerCar)) return null;
  return {
    building: building.id,
    kind: 'elevator',
    rule: 'elevator.area_per_car',
    subject: null,
    measured: Math.round(perCar),
    threshold: config.elevatorMaxM2PerCar,
    unit: 'm2 per car',
    since: null,
    detail:
      cars > 0
        ? `${cars} passenger cars for ${building.leasable_area_m2} m2 leasable`
        : `no passenger car for ${building.leasable_area_m2} m2 leasable`,
  };
}

/** All elevator findings of one building. */
export function elevatorShortfalls(
  input: ElevatorShortfallInput,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding[] {
  const wait = elevatorWaitShortfall(input.building.id, input.morningPeakMeanWaitS, config);
  const area = elevatorAreaShortfall(input.building, config);
  return [
    ...(wait === null ? [] : [wait]),
    ...elevatorAvailabilityShortfalls(input.building.id, input.cars, config),
    ...(area === null ? [] : [area]),
  ];
}
