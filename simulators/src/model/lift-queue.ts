/**
 * How long people wait for a lift: a mean-field approximation, good enough to rank buildings, not to
 * design a lift group.
 *
 * - Zoning: a tower taller than FLOORS_PER_LIFT_ZONE splits its cars into zones; each car serves
 *   floors / zones floors plus the basements, and runs express past the rest.
 * - Round trip time (CIBSE Guide D up-peak formula, simplified): a car leaving the lobby with P people
 *   runs to the top of its zone and back (2 · N · t_run + express), stops S + 1 times (t_stop each), where
 *   S = N · (1 - (1 - 1/N)^P) is the expected number of distinct floors P passengers ask for, and moves its
 *   passengers in and out (2 · P · t_transfer).
 * - A car takes what arrived during one interval: P solves P = λ · RTT(P) / c (fixed point), at most
 *   80 % of the rated load. Interval INT = RTT(P) / c.
 * - Average waiting time (Barney, Elevator Traffic Handbook, up-peak):
 *   AWT = INT · (0.4 + (1.8 · L - 0.77)²) for a car load factor L = P / rated load ≥ 0.5, 0.4 · INT below.
 * - Beyond the handling capacity c · P_max / RTT(P_max) people queue in the lobby: the caller keeps that
 *   backlog as a fluid queue, and by Little's law it adds backlog / throughput seconds to the wait.
 * Fewer cars for the same people and floors mean a longer interval and fuller cars: the wait grows, which
 * is what the elevator-capacity shortfall rule looks for.
 */
import {
  CAR_PEAK_FILL,
  CAR_RATED_PERSONS,
  EXPRESS_FLOOR_S,
  FLOOR_RUN_S,
  FLOORS_PER_LIFT_ZONE,
  STOP_S,
  TRANSFER_S,
} from '../assumptions.ts';

/** Passengers a car takes at peak. */
export const PEAK_LOAD = CAR_RATED_PERSONS * CAR_PEAK_FILL;

/** The floors one car serves and the express run it makes, for a building's shape. */
export interface LiftZone {
  floorsServed: number;
  expressS: number;
}

/** Splits a tower into lift zones of at most FLOORS_PER_LIFT_ZONE floors. */
export function liftZone(floors: number, basements: number): LiftZone {
  const zones = Math.max(1, Math.ceil(floors / FLOORS_PER_LIFT_ZONE));
  const above = Math.max(1, Math.ceil(floors / zones));
  // On average a car runs express past half of the other zones' floors, up and back.
  const expressFloors = (floors - above) / 2;
  return { floorsServed: Math.max(1, above - 1 + basements), expressS: 2 * expressFloors * EXPRESS_FLOOR_S };
}

/** Expected distinct stops for `passengers` riding from the lobby to `floorsServed` floors. */
export function probableStops(floorsServed: number, passengers: number): number {
  if (floorsServed <= 1) return Math.min(1, passengers);
  return floorsServed * (1 - Math.pow(1 - 1 / floorsServed, passengers));
}

/** Round trip time in seconds of one car carrying `passengers` up from the lobby. */
export function roundTripS(zone: LiftZone, passengers: number): number {
  return (
    2 * zone.floorsServed * FLOOR_RUN_S +
    zone.expressS +
    (probableStops(zone.floorsServed, passengers) + 1) * STOP_S +
    2 * passengers * TRANSFER_S
  );
}

/** Passengers per second `cars` cars can carry at peak. */
export function handlingCapacity(zone: LiftZone, cars: number): number {
  if (cars <= 0) return 0;
  return (cars * PEAK_LOAD) / roundTripS(zone, PEAK_LOAD);
}

export interface LiftGroupLoad {
  /** Passengers offered / handling capacity (may exceed 1). */
  utilisation: number;
  /** Passengers per trip at this demand. */
  passengersPerTrip: number;
  /** Seconds between cars leaving the lobby. */
  intervalS: number;
  /** Average hall-call wait in seconds, without any backlog. */
  waitS: number;
}

/** The load of `cars` cars in `zone` at `lambda` passengers per second. */
export function liftGroupLoad(zone: LiftZone, cars: number, lambda: number): LiftGroupLoad {
  if (cars <= 0)
    return { utilisation: lambda > 0 ? Infinity : 0, passengersPerTrip: 0, intervalS: Infinity, waitS: 0 };
  let p = 1;
  for (let i = 0; i < 8; i++) p = Math.min(PEAK_LOAD, Math.max(1, (lambda * roundTripS(zone, p)) / cars));
  const intervalS = roundTripS(zone, p) / cars;
  const load = p / CAR_RATED_PERSONS;
  const factor = load < 0.5 ? 0.4 : 0.4 + (1.8 * load - 0.77) ** 2;
  return {
    utilisation: lambda / handlingCapacity(zone, cars),
    passengersPerTrip: p,
    intervalS,
    waitS: intervalS * factor,
  };
}
