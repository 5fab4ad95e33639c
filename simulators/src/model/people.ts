import type { Building } from '@louyu/core';
import {
  M2_PER_COUNTER_PLACE,
  M2_PER_PERSON,
  NIGHT_STAFF_PER_10K_M2,
  WORKDAY_ATTENDANCE,
} from '../assumptions.ts';
import { Rng } from '../prng.ts';
import type { TickContext } from './context.ts';
import { flowBetween, presenceAt } from './curves.ts';

/** People who moved in one step. */
export interface Movement {
  arrivals: number;
  departures: number;
  carArrivals: number;
  carDepartures: number;
}

/**
 * The people in one building: a workforce sized by its leased area, arriving and leaving in the day's
 * waves, spread over the floors by where the tenants are (vacant floors stay empty).
 */
export class PeopleModel {
  /** People on the premises (workforce, visitors, staff). */
  present: number;
  private readonly staff: number;
  private readonly floorWeights: number[];
  /** Counter capacity per above-ground floor. */
  readonly floorCapacity: number[];
  private attendance = { date: '', value: 1 };

  constructor(
    private readonly building: Building,
    private readonly seed: number,
    private readonly rng: Rng,
  ) {
    this.staff = Math.max(1, Math.round((building.gross_floor_area_m2 / 10_000) * NIGHT_STAFF_PER_10K_M2));
    this.present = this.staff;
    const floors = building.floors;
    const perFloor = building.gross_floor_area_m2 / floors;
    this.floorCapacity = Array.from({ length: floors }, () =>
      Math.max(1, Math.round(perFloor / M2_PER_COUNTER_PLACE)),
    );
    // Vacancy shows as whole empty floors for about half the vacant area, the rest as thinner floors.
    const leasedShare = Math.min(1, building.tenancy.leased_m2 / building.leasable_area_m2);
    const emptyFloors = Math.floor((1 - leasedShare) * (floors - 1) * 0.5);
    const upper = Array.from({ length: floors - 1 }, (_, i) => i + 2);
    const empty = new Set<number>();
    while (empty.size < emptyFloors) empty.add(rng.pick(upper));
    this.floorWeights = Array.from({ length: floors }, (_, i) => {
      if (i === 0) return floors === 1 ? 1 : 0.4; // the lobby: reception, retail, visitors
      return empty.has(i + 1) ? 0 : rng.range(0.7, 1.3);
    });
  }

  /** Size of the workforce today: leased area / m2 per person. */
  workforce(leasedM2: number): number {
    return leasedM2 / M2_PER_PERSON;
  }

  /** Advances one step: who arrived, who left, and how many of them by car. */
  tick(ctx: TickContext, leasedM2: number, driveShare: number): Movement {
    const crowd = this.workforce(leasedM2) * this.attendanceOn(ctx);
    const h0 = ctx.startHour;
    const h1 = ctx.local.hourOfDay;
    const inFlow = flowBetween(ctx.shape.arrivals, h0, h1);
    const outFlow = flowBetween(ctx.shape.departures, h0, h1);
    const arrivals = this.rng.poisson(crowd * inFlow.people);
    // People who stayed on past the expected curve drift out, so a noisy day still empties by night.
    const expected = this.staff + crowd * Math.max(0, presenceAt(ctx.shape, h1));
    const overstay = Math.max(0, this.present + arrivals - expected) * Math.min(1, ctx.dtS / 3600);
    const departures = Math.min(
      this.present + arrivals - this.staff,
      this.rng.poisson(crowd * outFlow.people + overstay),
    );
    this.present += arrivals - Math.max(0, departures);
    const carShare = (flows: { people: number; cars: number }) =>
      flows.people > 0 ? Math.min(1, (driveShare * flows.cars) / flows.people) : 0;
    return {
      arrivals,
      departures: Math.max(0, departures),
      carArrivals: this.rng.binomial(arrivals, carShare(inFlow)),
      carDepartures: this.rng.binomial(Math.max(0, departures), carShare(outFlow)),
    };
  }

  /** People per above-ground floor (largest-remainder split, so the floors add up to `present`). */
  perFloor(evacuated: boolean): number[] {
    if (evacuated) return this.floorWeights.map(() => 0);
    const total = this.floorWeights.reduce((a, b) => a + b, 0);
    const exact = this.floorWeights.map((w) => (this.present * w) / total);
    const counts = exact.map(Math.floor);
    let left = this.present - counts.reduce((a, b) => a + b, 0);
    const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
    for (const { i } of order) {
      if (left <= 0) break;
      counts[i] = (counts[i] ?? 0) + 1;
      left--;
    }
    return counts;
  }

  /** Share of the lobby floor in the split: people there need no lift. */
  lobbyShare(): number {
    const total = this.floorWeights.reduce((a, b) => a + b, 0);
    return total > 0 ? (this.floorWeights[0] ?? 0) / total : 1;
  }

  /** Today's attendance, drawn once per building and date so it does not depend on how the clock steps. */
  private attendanceOn(ctx: TickContext): number {
    if (this.attendance.date !== ctx.local.date) {
      const draw = new Rng(this.seed, `${this.building.id}:attendance:${ctx.local.date}`);
      const value = ctx.workday ? draw.range(WORKDAY_ATTENDANCE.min, WORKDAY_ATTENDANCE.max) : 1;
      this.attendance = { date: ctx.local.date, value };
    }
    return this.attendance.value;
  }
}
