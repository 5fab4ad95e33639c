// A main meter's counter over a few days, one reading a minute, consuming exactly 1 kWh a minute, with the
// two drops issue 16 met: the simulator restarted from its seeded reading (below the stored one: a glitch,
// the minute of the restart counts nothing) and, later, the meter replaced by a new one counting from 0.
import { readingToPoints, type ReadingOf, type Registry } from '@louyu/core';
import type { TelemetryStore } from '@louyu/store';

export const MINUTE = 60_000;

/** What the series is made of, as times (UTC ms); readings run from `start` to `end` inclusive. */
export interface MeterPlan {
  building: string;
  device: string;
  start: number;
  end: number;
  /** Every `everyMs` (default one minute); consumption is 1 kWh per minute throughout. */
  everyMs?: number;
  /** The simulator restarts from its seed: the reading falls back to the first one and grows on from there. */
  restartAt?: number;
  /** A new meter: the reading starts over near 0. */
  replaceAt?: number;
  seed?: number;
}

/** The readings of the plan, oldest first. */
export function meterReadings(plan: MeterPlan): ReadingOf<'energy'>[] {
  const every = plan.everyMs ?? MINUTE;
  const seed = plan.seed ?? 1_800_000;
  const out: ReadingOf<'energy'>[] = [];
  for (let ts = plan.start; ts <= plan.end; ts += every) {
    let kwh: number;
    if (plan.replaceAt !== undefined && ts >= plan.replaceAt) kwh = (ts - plan.replaceAt + every) / MINUTE;
    else if (plan.restartAt !== undefined && ts >= plan.restartAt)
      kwh = seed + (ts - plan.restartAt) / MINUTE;
    else kwh = seed + (ts - plan.start) / MINUTE;
    out.push({
      building: plan.building,
      kind: 'energy',
      device: plan.device,
      ts,
      data: { power_kw: 60, energy_kwh: kwh, circuit: 'total' },
    });
  }
  return out;
}

/**
 * The true consumption in [from, to] up to the last reading (kWh): 1 kWh a minute, less the step in which the simulator restarted
 * (its reading went backwards, so nothing is known to have been consumed in it).
 */
export function trueConsumption(plan: MeterPlan, from: number, to: number): number {
  const every = plan.everyMs ?? MINUTE;
  const last = plan.start + Math.floor((plan.end - plan.start) / every) * every;
  const start = Math.max(from, plan.start);
  const end = Math.min(to, last);
  let kwh = Math.max(0, end - start) / MINUTE;
  if (plan.restartAt !== undefined && plan.restartAt > start && plan.restartAt <= end) kwh -= every / MINUTE;
  return kwh;
}

/** Writes the readings to the store as ingest would, in batches. */
export async function storeReadings(
  store: TelemetryStore,
  readings: readonly ReadingOf<'energy'>[],
  registry: Registry,
): Promise<void> {
  for (let i = 0; i < readings.length; i += 1_000)
    await store.write(readings.slice(i, i + 1_000).flatMap((r) => readingToPoints(r, registry)));
}
