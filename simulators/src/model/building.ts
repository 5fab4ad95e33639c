import type { Building } from '@louyu/core';
import { DRIVE_SHARE, type IntervalGroup } from '../assumptions.ts';
import { telemetry, type SimMessage } from '../messages.ts';
import { hash32, Rng } from '../prng.ts';
import type { TickContext } from './context.ts';
import { ElevatorGroup } from './elevators.ts';
import { EnergyMeters } from './energy.ts';
import { ParkingModel } from './parking.ts';
import { PeopleModel } from './people.ts';
import { SubsystemHeadEnds } from './subsystems.ts';
import { TenancyBook } from './tenancy.ts';

/** What the district tells one building beyond the clock: is it the scenario's target, and how to report. */
export interface BuildingSetup {
  seed: number;
  /** The scenario's local events (outage, drill) happen in this building. */
  target: boolean;
  /** Report interval per group of devices, ms. */
  intervals: { readonly [G in IntervalGroup]: number };
}

/**
 * One building of the district: people, car park, lifts, meters, 5A head ends and tenancy, stepped
 * together so each follows the others (cars follow drivers, lifts follow arrivals, power follows people).
 */
export class BuildingModel {
  readonly people: PeopleModel;
  readonly parking: ParkingModel;
  readonly lifts: ElevatorGroup;
  readonly meters: EnergyMeters;
  readonly headEnds: SubsystemHeadEnds;
  readonly tenancy: TenancyBook;
  /** The last step's mean hall-call wait, for tests and progress displays. */
  lastWaitS = 0;
  private readonly phases: Record<IntervalGroup, number>;
  private readonly parkingRng: Rng;

  constructor(
    readonly building: Building,
    private readonly setup: BuildingSetup,
  ) {
    // Each part draws from its own stream, so a change in one part leaves the others' numbers alone.
    const stream = (part: string) => new Rng(setup.seed, `${building.id}:${part}`);
    this.people = new PeopleModel(building, setup.seed, stream('people'));
    this.parking = new ParkingModel(building);
    this.lifts = new ElevatorGroup(building, stream('lifts'));
    this.meters = new EnergyMeters(building, stream('energy'));
    this.headEnds = new SubsystemHeadEnds(building, stream('5a'));
    this.tenancy = new TenancyBook(building, stream('tenancy'));
    this.parkingRng = stream('parking');
    // Buildings report at staggered moments inside each interval, as real gateways do.
    const phase = (group: IntervalGroup) =>
      hash32(`${setup.seed}:${building.id}:${group}`) % setup.intervals[group];
    this.phases = {
      occupancy: phase('occupancy'),
      parking: phase('parking'),
      elevator: phase('elevator'),
      energy: phase('energy'),
      subsystem: phase('subsystem'),
      tenancy: phase('tenancy'),
    };
  }

  /** Advances the building one step and returns the messages due at its end. */
  tick(ctx: TickContext): SimMessage[] {
    return this.report(ctx, this.advance(ctx, true));
  }

  /**
   * Advances people, car park, lifts and tenancy one step without reporting: the warm-up that brings a
   * model started mid-day to the state it would have reached had it run since midnight. Meters and head
   * ends are left alone (power follows the warmed-up people on the first reported step).
   */
  warm(ctx: TickContext): void {
    this.advance(ctx, false);
  }

  /** Ends a warm-up: the counters reported "since the last message" start from zero at the first report. */
  settle(): void {
    this.lifts.report(0);
    this.parking.report(0);
  }

  private advance(ctx: TickContext, full: boolean): { drill: boolean; occupancy: number } {
    const b = this.building;
    const scenario = ctx.scenario;
    const drill =
      this.setup.target &&
      scenario.fireDrill !== undefined &&
      ctx.workday &&
      inDrill(ctx, scenario.fireDrill);
    this.tenancy.tick(ctx);
    const moved = this.people.tick(ctx, this.tenancy.leasedM2, DRIVE_SHARE * scenario.driveShareFactor);
    this.parking.tick(moved.carArrivals, moved.carDepartures, ctx.dtS, this.parkingRng);
    const riders = Math.round((moved.arrivals + moved.departures) * (1 - this.people.lobbyShare()));
    const forcedFaults =
      this.setup.target && scenario.elevatorOutageCarsLeft !== undefined
        ? Math.max(0, b.passenger_elevators - scenario.elevatorOutageCarsLeft)
        : 0;
    const lift = this.lifts.tick(ctx, riders, this.people.present, forcedFaults, drill);
    this.lastWaitS = lift.meanWaitS;
    const occupancy = this.people.present / Math.max(1, this.people.workforce(this.tenancy.leasedM2));
    if (full) {
      this.meters.tick(ctx, {
        occupancy,
        liftUtilisation: lift.utilisation,
        carsInService: lift.carsInService,
      });
      this.headEnds.tick(ctx, drill);
    }
    return { drill, occupancy };
  }

  private report(ctx: TickContext, state: { drill: boolean; occupancy: number }): SimMessage[] {
    const b = this.building;
    const ts = ctx.ts;
    const out: SimMessage[] = [];
    if (this.due(ctx, 'occupancy')) {
      const counts = this.people.perFloor(state.drill);
      counts.forEach((people, i) => {
        const capacity = this.people.floorCapacity[i] ?? 1;
        out.push(
          telemetry(b.id, 'occupancy', `floor-${String(i + 1).padStart(2, '0')}`, { ts, people, capacity }),
        );
      });
    }
    if (this.due(ctx, 'parking')) {
      for (const r of this.parking.report(ts)) out.push(telemetry(b.id, 'parking', r.device, r.payload));
    }
    if (this.due(ctx, 'elevator')) {
      for (const r of this.lifts.report(ts)) out.push(telemetry(b.id, 'elevator', r.device, r.payload));
    }
    if (this.due(ctx, 'energy')) {
      for (const r of this.meters.report(ts)) out.push(telemetry(b.id, 'energy', r.device, r.payload));
    }
    if (this.due(ctx, 'subsystem')) {
      const drivers = {
        occupancy: state.occupancy,
        present: this.people.present,
        indoorC: indoorTemperature(ctx, state.occupancy),
        drill: state.drill,
      };
      for (const r of this.headEnds.report(ts, drivers))
        out.push(telemetry(b.id, r.kind, 'head-end', r.payload));
    }
    if (this.due(ctx, 'tenancy')) {
      out.push(telemetry(b.id, 'tenancy', 'property', this.tenancy.report(ts, ctx.local)));
    }
    return out;
  }

  /** Whether a group's report falls due in the step that ends at ctx.ts (always on the first step). */
  private due(ctx: TickContext, group: IntervalGroup): boolean {
    if (ctx.first) return true;
    const every = this.setup.intervals[group];
    const shifted = ctx.ts + this.phases[group];
    return Math.floor(shifted / every) !== Math.floor((shifted - ctx.dtS * 1000) / every);
  }
}

function inDrill(ctx: TickContext, drill: { atHour: number; minutes: number }): boolean {
  const h = ctx.local.hourOfDay;
  return h > drill.atHour && h <= drill.atHour + drill.minutes / 60;
}

/** Indoor air as BA reads it: held near the set point in working hours, drifting outside them. */
function indoorTemperature(ctx: TickContext, occupancy: number): number {
  const h = ctx.local.hourOfDay;
  const operating = ctx.workday && h >= 7 && h < 20;
  if (ctx.heatingSeason) return operating ? 21.5 + occupancy : 19;
  if (ctx.outdoorC > 24)
    return operating ? 24.5 + occupancy * 0.5 : Math.min(30, 22 + (ctx.outdoorC - 22) * 0.5);
  return 22 + occupancy;
}
