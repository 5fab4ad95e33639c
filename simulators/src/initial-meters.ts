import { readFile } from 'node:fs/promises';
import type { TelemetryPoint } from '@louyu/core';
import type { District } from './district.ts';

/**
 * The readings a restarted simulator's meters continue from: building id -> meter device -> kWh. `louyu
 * start` fills it from the store's latest `energy_kwh` readings, so a restart goes on from what was stored
 * instead of the seeded reading below it (which today's energy would see as the counter going backwards).
 */
export type InitialMeters = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * Sets each simulated building's meters to the readings in `initial` (buildings and meters it does not
 * name keep their seeded readings). Returns how many meters were set.
 */
export function continueMeters(district: District, initial: InitialMeters): number {
  let set = 0;
  for (const building of district.buildings) {
    const readings = initial[building.id];
    if (readings) set += district.model(building.id).meters.continueFrom(readings);
  }
  return set;
}

/** The latest `energy_kwh` of each meter among `points` (a store's `latest({ measurement: 'energy' })`). */
export function initialMetersFromPoints(points: readonly TelemetryPoint[]): InitialMeters {
  const out: Record<string, Record<string, number>> = {};
  const times = new Map<string, number>();
  for (const point of points) {
    const { building, device } = point.tags;
    const kwh = point.fields.energy_kwh;
    if (point.measurement !== 'energy' || !building || !device) continue;
    if (typeof kwh !== 'number' || !Number.isFinite(kwh) || kwh < 0) continue;
    const key = `${building}/${device}`;
    if ((times.get(key) ?? -Infinity) > point.ts) continue;
    times.set(key, point.ts);
    (out[building] ??= {})[device] = kwh;
  }
  return out;
}

/**
 * Reads an initial-meters file: `{"building-id": {"meter-total": 123456.7, ...}, ...}`. Errors name the
 * option (`--initial-meters`), the file and the entry at fault.
 */
export async function loadInitialMetersFile(path: string): Promise<InitialMeters> {
  const fail = (why: string): never => {
    throw new Error(`--initial-meters: ${why}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    fail(`cannot read ${path} as JSON: ${(error as Error).message}`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(value)) fail(`${path} must hold {"building-id": {"meter-device": kWh}}`);
  const out: Record<string, Record<string, number>> = {};
  for (const [building, meters] of Object.entries(value as Record<string, unknown>)) {
    if (!isObject(meters)) fail(`${path}: "${building}" must map meter devices to kWh readings`);
    for (const [device, kwh] of Object.entries(meters as Record<string, unknown>)) {
      if (typeof kwh !== 'number' || !Number.isFinite(kwh) || kwh < 0)
        fail(
          `${path}: "${building}" "${device}" must be a reading of at least 0 kWh, got ${JSON.stringify(kwh)}`,
        );
      (out[building] ??= {})[device] = kwh as number;
    }
  }
  return out;
}
