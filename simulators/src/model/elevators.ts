import type { Building, ElevatorPayload, ElevatorState } from '@louyu/core';
import {
  BACKLOG_GIVE_UP_PER_MIN,
  CAR_FAULT_CODES,
  CAR_FAULT_MINUTES,
  CAR_OFFLINE_PER_DAY,
  CAR_FAULTS_PER_DAY,
  CAR_RATED_PERSONS,
  INTERFLOOR_TRIPS_PER_PERSON_HOUR,
  MAINTENANCE_EVERY_DAYS,
  MAINTENANCE_MINUTES,
  MAINTENANCE_START_HOUR,
} from '../assumptions.ts';
import type { Rng } from '../prng.ts';
import type { TickContext } from './context.ts';
import { handlingCapacity, liftGroupLoad, liftZone, probableStops, type LiftZone } from './lift-queue.ts';

interface Car {
  device: string;
  /** Day offset in the maintenance cycle, so cars of one building are not all serviced the same night. */
  maintenanceDay: number;
  state: ElevatorState;
  floor: number;
  loadPct: number;
  fault?: string;
  /** Fault or link loss lasts until this time (ms). */
  outUntil: number;
  outKind?: 'fault' | 'offline';
  trips: number;
  doorCycles: number;
  /** Passenger-weighted wait sum and passengers since the last report. */
  waitSum: number;
  waited: number;
  lastWaitS: number;
}

/** What the lifts of a building did in one step. */
export interface LiftStep {
  passengers: number;
  utilisation: number;
  meanWaitS: number;
  carsInService: number;
}

/**
 * The passenger cars of one building as one group: demand from arrivals (up-peak), departures (down-peak)
 * and trips between floors; waits from lift-queue.ts; rare faults, half-monthly maintenance and lost links.
 */
export class ElevatorGroup {
  readonly cars: Car[];
  /** People waiting for a car beyond what the group could carry. */
  private backlog = 0;
  private readonly zone: LiftZone;

  constructor(
    private readonly building: Building,
    private readonly rng: Rng,
  ) {
    this.zone = liftZone(building.floors, building.basement_floors);
    this.cars = Array.from({ length: building.passenger_elevators }, (_, i) => ({
      device: `car-${String(i + 1).padStart(2, '0')}`,
      maintenanceDay: rng.int(0, MAINTENANCE_EVERY_DAYS - 1),
      state: 'idle',
      floor: 1,
      loadPct: 0,
      outUntil: 0,
      trips: 0,
      doorCycles: 0,
      waitSum: 0,
      waited: 0,
      lastWaitS: 0,
    }));
  }

  /**
   * One step. `riders` is how many people moved between the lobby and upper floors this step; `present`
   * the people inside (for trips between floors). `forcedFaults` cars are held in fault (outage scenario);
   * `recall` parks every car at the lobby (fire drill: lifts are recalled, nobody rides).
   */
  tick(ctx: TickContext, riders: number, present: number, forcedFaults: number, recall: boolean): LiftStep {
    this.updateAvailability(ctx, forcedFaults);
    const inService = this.cars.filter((c) => !isOut(c.state));
    if (this.cars.length === 0) return { passengers: 0, utilisation: 0, meanWaitS: 0, carsInService: 0 };
    const interfloor = this.rng.poisson((present * INTERFLOOR_TRIPS_PER_PERSON_HOUR * ctx.dtS) / 3600);
    const offered = recall ? 0 : riders + interfloor;
    // Fluid backlog: people the cars could not take last step are still waiting; some took the stairs.
    const demand = this.backlog + offered;
    const load = liftGroupLoad(this.zone, inService.length, demand / ctx.dtS);
    const carried = Math.min(demand, handlingCapacity(this.zone, inService.length) * ctx.dtS);
    const before = this.backlog;
    this.backlog = recall ? 0 : (demand - carried) * Math.pow(1 - BACKLOG_GIVE_UP_PER_MIN, ctx.dtS / 60);
    const throughput = carried / ctx.dtS;
    const queued = (before + this.backlog) / 2;
    const backlogWait = queued > 0 ? (throughput > 0 ? queued / throughput : ctx.dtS) : 0;
    const meanWaitS = Math.min(3600, load.waitS + backlogWait);
    const trips = load.passengersPerTrip > 0 ? carried / load.passengersPerTrip : 0;
    const stops = probableStops(this.zone.floorsServed, load.passengersPerTrip) + 1;
    const busy = Math.min(1, Number.isFinite(load.utilisation) ? load.utilisation : 1);
    // Where an idle car waits: sent back to the lobby in the morning up-peak, otherwise mostly left
    // where its last trip ended (the group's parking policy), per 10 s so the step length does not matter.
    const h = ctx.local.hourOfDay;
    const upPeak = ctx.workday && h >= UP_PEAK_HOURS.from && h < UP_PEAK_HOURS.to;
    const toLobby = 1 - Math.pow(1 - (upPeak ? 0.6 : 0.1), ctx.dtS / 10);
    for (const car of inService) {
      const share = trips / inService.length;
      const carTrips = this.rng.poisson(share);
      car.trips += carTrips;
      car.doorCycles += Math.round(carTrips * stops);
      if (carried > 0) {
        car.waitSum += meanWaitS * (carried / inService.length);
        car.waited += carried / inService.length;
      }
      this.moveCar(car, recall ? 0 : busy, load.passengersPerTrip, toLobby);
      if (recall) car.floor = 1;
    }
    // The hall-call wait belongs to the group: every car reports it, in service or not.
    for (const car of this.cars) car.lastWaitS = meanWaitS;
    return { passengers: carried, utilisation: busy, meanWaitS, carsInService: inService.length };
  }

  /** Each car's reading since its last report; resets the trip, door and wait counters. */
  report(ts: number): { device: string; payload: ElevatorPayload }[] {
    return this.cars.map((car) => {
      const waitS = car.waited > 0 ? car.waitSum / car.waited : car.lastWaitS;
      const payload: ElevatorPayload = {
        ts,
        state: car.state,
        floor: car.floor,
        load_pct: Math.round(car.loadPct),
        trips: car.trips,
        door_cycles: car.doorCycles,
        wait_s: Math.round(Math.min(3600, waitS) * 10) / 10,
      };
      if (car.state === 'fault') payload.fault = car.fault ?? 'E00-unknown';
      car.trips = 0;
      car.doorCycles = 0;
      car.waitSum = 0;
      car.waited = 0;
      return { device: car.device, payload };
    });
  }

  private updateAvailability(ctx: TickContext, forcedFaults: number): void {
    const top = this.building.floors;
    this.cars.forEach((car, i) => {
      if (i < forcedFaults) {
        if (car.state !== 'fault') car.fault = 'E99-group-outage';
        car.state = 'fault';
        car.outKind = 'fault';
        car.outUntil = Number.POSITIVE_INFINITY;
        car.loadPct = 0;
        return;
      }
      if (car.outKind && ctx.ts < car.outUntil) return;
      if (car.outKind) {
        car.outKind = undefined;
        car.fault = undefined;
        car.state = 'idle';
      }
      const perDay = ctx.dtS / 86_400;
      if (this.rng.chance(CAR_FAULTS_PER_DAY * perDay)) {
        car.outKind = 'fault';
        car.state = 'fault';
        car.fault = this.rng.pick(CAR_FAULT_CODES);
        car.outUntil = ctx.ts + this.rng.int(CAR_FAULT_MINUTES.min, CAR_FAULT_MINUTES.max) * 60_000;
        car.floor = this.rng.int(1, top);
        car.loadPct = 0;
        return;
      }
      if (this.rng.chance(CAR_OFFLINE_PER_DAY * perDay)) {
        car.outKind = 'offline';
        car.state = 'offline';
        car.outUntil = ctx.ts + this.rng.int(2, 10) * 60_000;
        return;
      }
      const inWindow =
        (ctx.dayNumber + car.maintenanceDay) % MAINTENANCE_EVERY_DAYS === 0 &&
        ctx.local.hourOfDay >= MAINTENANCE_START_HOUR &&
        ctx.local.hourOfDay < MAINTENANCE_START_HOUR + MAINTENANCE_MINUTES / 60;
      if (inWindow) {
        car.state = 'maintenance';
        car.loadPct = 0;
      } else if (car.state === 'maintenance') {
        car.state = 'idle';
      }
    });
  }

  private moveCar(car: Car, busy: number, passengersPerTrip: number, toLobby: number): void {
    const top = this.building.floors;
    const r = this.rng.next();
    if (r < busy * 0.75) {
      car.state = 'moving';
      car.floor = this.rng.int(1, top);
      car.loadPct = Math.min(100, ((passengersPerTrip * this.rng.range(0.3, 1)) / CAR_RATED_PERSONS) * 100);
    } else if (r < busy) {
      car.state = 'door';
      car.loadPct = Math.min(100, ((passengersPerTrip * this.rng.range(0, 0.6)) / CAR_RATED_PERSONS) * 100);
    } else {
      car.state = 'idle';
      car.loadPct = 0;
      if (this.rng.chance(toLobby)) car.floor = 1;
    }
  }
}

/** Local hours of the morning up-peak on working days, when idle cars wait at the lobby. */
const UP_PEAK_HOURS = { from: 7, to: 10 } as const;

function isOut(state: ElevatorState): boolean {
  return state === 'fault' || state === 'maintenance' || state === 'offline';
}
