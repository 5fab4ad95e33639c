import {
  fiveA,
  offlineAfterMs,
  SUBSYSTEMS,
  type Registry,
  type Subsystem,
  type SubsystemReading,
  type TelemetryPoint,
} from '@louyu/core';
import type { TelemetryStore } from '@louyu/store';
import { fiveAView } from '../live/building-figures.ts';

/** Readings older than this at the instant are offline whatever they say: no need to read further back. */
const WINDOW_MS = Math.max(...SUBSYSTEMS.map((s) => offlineAfterMs(s)));

/**
 * Each building's 5A index at instant `end` as the live state would have shown it then: core's `fiveA` at
 * `end` over each subsystem's latest stored reading before it, with the gateway's status then (its Last
 * Will makes every subsystem offline), so a subsystem counts only if its reading was fresh at `end`.
 * Readings are judged against `end` itself, not a lagging gateway's own clock (which the store does not
 * keep). That needs the raw readings and their times: null (no index for anyone) when `end` lies before
 * what the store still keeps raw (30 days by default); its hour rollups cannot say which were fresh.
 */
export async function fiveAIndexAt(
  store: TelemetryStore,
  registry: Registry,
  end: number,
  now: number,
): Promise<Map<string, number | null> | null> {
  const rawFrom = now - store.retention.rawMs;
  const from = end - WINDOW_MS;
  if (from < rawFrom) return null;
  const [statuses, ...bySubsystem] = await Promise.all([
    store.latest({ measurement: 'gateway_status' }, { from: Math.max(0, Math.floor(rawFrom)), to: end }),
    ...SUBSYSTEMS.map((s) => store.latest({ measurement: s }, { from, to: end })),
  ]);
  const latest = new Map<string, Partial<Record<Subsystem, SubsystemReading>>>();
  SUBSYSTEMS.forEach((subsystem, i) => {
    for (const point of bySubsystem[i]!) {
      const building = point.tags.building;
      if (building === undefined) continue;
      const readings = latest.get(building) ?? {};
      const prior = readings[subsystem];
      // One head end per subsystem; should a building have two, the newer reading stands, as it does live.
      if (prior === undefined || prior.ts < point.ts)
        readings[subsystem] = { ts: point.ts, data: subsystemData(point) };
      latest.set(building, readings);
    }
  });
  const gateways = new Map<string, 'online' | 'offline' | undefined>();
  for (const point of statuses) {
    const building = point.tags.building;
    if (building === undefined) continue;
    // An orderly stop is neither: the live state judges that building's devices by their readings alone.
    const state =
      point.fields.online === true ? 'online' : point.fields.stopped === true ? undefined : 'offline';
    gateways.set(building, state);
  }
  return new Map(
    registry.buildings.map((b) => {
      const result = fiveA(
        {
          building: b.id,
          inventory: b.subsystems,
          latest: latest.get(b.id) ?? {},
          gateway: gateways.get(b.id),
        },
        end,
      );
      return [b.id, fiveAView(result).index];
    }),
  );
}

/** The counts every subsystem head end reports, from a stored point (validated when it was ingested). */
function subsystemData(point: TelemetryPoint): SubsystemReading['data'] {
  const count = (field: string): number => {
    const value = point.fields[field];
    return typeof value === 'number' ? value : 0;
  };
  return {
    devices_total: count('devices_total'),
    devices_online: count('devices_online'),
    alarms: count('alarms'),
    faults: count('faults'),
  };
}
