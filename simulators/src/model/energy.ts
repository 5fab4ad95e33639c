import { ELECTRIC_CIRCUITS, type Building, type Circuit, type EnergyPayload } from '@louyu/core';
import {
  COOLING_FULL_C,
  COOLING_START_C,
  COOLING_W_M2,
  ELEVATOR_KW,
  FANS_W_M2,
  HEAT_BALANCE_C,
  HEATING_DESIGN_C,
  HEATING_W_M2,
  LIGHTING_W_M2,
  PLUG_W_M2,
} from '../assumptions.ts';
import type { Rng } from '../prng.ts';
import type { TickContext } from './context.ts';

/** What drives the building's power in one step. */
export interface EnergyDrivers {
  /** People present / the building's workforce, 0..~1. */
  occupancy: number;
  /** Lift group utilisation 0..1 and cars in service. */
  liftUtilisation: number;
  carsInService: number;
}

/**
 * Meters in the order they report; `total` is the electrical main meter (the electric circuits add up to it),
 * `heat` the district-heating thermal meter (kW / kWh of heat), not part of `total`.
 */
const METERS: readonly Circuit[] = ['total', 'hvac', 'lighting', 'elevator', 'plug', 'heat'];

/**
 * The building's meters, one per circuit. Electrical: lighting and plugs follow occupancy, HVAC runs fans in
 * working hours and electric chillers in hot weather (summer cooling), lifts draw standby plus running
 * power; `total` is their sum. Heat is the district heating (集中供暖) thermal meter, active only in
 * Shenyang's heating season (1 Nov - 31 Mar) and not part of the electrical total. Counters are cumulative
 * kWh, starting from a seeded meter reading.
 */
export class EnergyMeters {
  private readonly kwh = new Map<Circuit, number>();
  private readonly kw = new Map<Circuit, number>();

  constructor(
    private readonly building: Building,
    private readonly rng: Rng,
  ) {
    for (const c of METERS) {
      this.kwh.set(c, Math.round(rng.range(10_000, 2_000_000)));
      this.kw.set(c, 0);
    }
  }

  /** One step: power per circuit now, and energy added to each counter. */
  tick(ctx: TickContext, d: EnergyDrivers): void {
    const area = this.building.gross_floor_area_m2;
    const hour = ctx.local.hourOfDay;
    const operating = ctx.workday ? hour >= 7 && hour < 20 : hour >= 9 && hour < 17 && d.occupancy > 0.02;
    const occ = Math.max(0, Math.min(1.2, d.occupancy));
    const wm2 = {
      lighting: LIGHTING_W_M2.base + LIGHTING_W_M2.occupied * occ,
      plug: PLUG_W_M2.base + PLUG_W_M2.occupied * occ,
      hvac:
        (operating ? FANS_W_M2.operating : FANS_W_M2.base) +
        (operating && !ctx.heatingSeason
          ? COOLING_W_M2 * coolingDemand(ctx.outdoorC) * (0.4 + 0.6 * occ)
          : 0),
      heat: ctx.heatingSeason ? HEATING_W_M2 * heatingDemand(ctx.outdoorC) * (operating ? 1 : 0.75) : 0,
    };
    const noise = () => 1 + this.rng.normal() * 0.02;
    const lighting = (wm2.lighting * area * noise()) / 1000;
    const plug = (wm2.plug * area * noise()) / 1000;
    const hvac = (wm2.hvac * area * noise()) / 1000;
    const heat = (wm2.heat * area * noise()) / 1000;
    const elevator =
      this.building.passenger_elevators * ELEVATOR_KW.standby +
      d.carsInService * ELEVATOR_KW.running * d.liftUtilisation;
    const power: Record<Circuit, number> = {
      total: 0,
      hvac: Math.max(0, hvac),
      lighting: Math.max(0, lighting),
      elevator: Math.max(0, elevator),
      plug: Math.max(0, plug),
      heat: Math.max(0, heat),
    };
    // The main meter measures what the electric circuits draw together (heat is thermal, not in it), so
    // power and counters of the circuits add up to the total's within the readings' rounding.
    power.total = ELECTRIC_CIRCUITS.reduce((sum, c) => sum + power[c], 0);
    for (const c of METERS) {
      const kw = power[c];
      this.kw.set(c, kw);
      this.kwh.set(c, (this.kwh.get(c) ?? 0) + (kw * ctx.dtS) / 3600);
    }
  }

  /**
   * Continues the meters from earlier readings (`meter-{circuit}` -> kWh), e.g. the last stored ones when
   * the simulator restarts, instead of the seeded readings: a counter that went back below what was
   * stored would look like a glitch or a reset to whoever counts consumption. Readings are rounded up to
   * the 0.1 kWh the meters report, so the first new reading is never below the given one. Returns how many
   * meters were set.
   */
  continueFrom(readings: Readonly<Record<string, number>>): number {
    let set = 0;
    for (const c of METERS) {
      const kwh = readings[`meter-${c}`];
      if (typeof kwh !== 'number' || !Number.isFinite(kwh) || kwh < 0) continue;
      this.kwh.set(c, Math.ceil(Math.round(kwh * 1000) / 100) / 10);
      set++;
    }
    return set;
  }

  /** A reading per meter: `meter-{circuit}`. */
  report(ts: number): { device: string; payload: EnergyPayload }[] {
    return METERS.map((circuit) => ({
      device: `meter-${circuit}`,
      payload: {
        ts,
        power_kw: Math.round((this.kw.get(circuit) ?? 0) * 10) / 10,
        energy_kwh: Math.round((this.kwh.get(circuit) ?? 0) * 10) / 10,
        circuit,
      },
    }));
  }
}

/** 0 at the balance point, 1 at Shenyang's heating design temperature. */
export function heatingDemand(outdoorC: number): number {
  return Math.max(0, Math.min(1.1, (HEAT_BALANCE_C - outdoorC) / (HEAT_BALANCE_C - HEATING_DESIGN_C)));
}

/** 0 below 24 °C outside, 1 at 33 °C. */
export function coolingDemand(outdoorC: number): number {
  return Math.max(0, Math.min(1.1, (outdoorC - COOLING_START_C) / (COOLING_FULL_C - COOLING_START_C)));
}
