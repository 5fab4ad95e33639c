import {
  advanceGatewayClock,
  DEFAULT_TIME_ZONE,
  isSubsystem,
  type GatewayClock,
  type Building,
  type Reading,
  type Registry,
  type StatusMessage,
} from '@louyu/core';
import type { AlarmCounts, BuildingDetail, BuildingLive, DistrictLive, GatewayState } from '@louyu/core';
import {
  buildingDetail,
  emptyDevices,
  type BuildingDevices,
  type FigureContext,
} from './building-figures.ts';
import { districtLive } from './district-live.ts';
import { EnergyToday } from './energy-today.ts';

/** What happened to a building's live state. */
export type LiveChange =
  | { type: 'reading'; building: string; reading: Reading }
  | { type: 'status'; building: string; status: StatusMessage };

const NO_ALARMS: AlarmCounts = { active: 0, critical: 0, major: 0, minor: 0, warning: 0 };

/**
 * The dashboard's live state, in memory: the latest reading per device, each gateway's status, today's
 * energy per meter, and the building and district figures derived from them at any instant. Readings for
 * buildings outside the registry are ignored; a reading older than the one held for its device is ignored
 * too (a late replay must not roll the live view back).
 */
export class LiveState {
  readonly registry: Registry;
  readonly timeZone: string;
  readonly #now: () => number;
  readonly #devices = new Map<string, BuildingDevices>();
  readonly #gateways = new Map<string, { status: GatewayState; ts: number }>();
  /** Per building: the newest reading `ts` and when the latest reading arrived (device freshness). */
  readonly #clocks = new Map<string, GatewayClock>();
  readonly #energy: EnergyToday;
  readonly #listeners = new Set<(change: LiveChange) => void>();
  #alarmCounts: (building: string) => AlarmCounts = () => NO_ALARMS;

  constructor(registry: Registry, options: { now?: () => number; timeZone?: string | undefined } = {}) {
    this.registry = registry;
    this.timeZone = options.timeZone ?? registry.district.time_zone ?? DEFAULT_TIME_ZONE;
    this.#now = options.now ?? (() => Date.now());
    this.#energy = new EnergyToday(this.timeZone);
    for (const b of registry.buildings) this.#devices.set(b.id, emptyDevices());
  }

  now(): number {
    return this.#now();
  }

  /** Where the active alarm counts per building come from (the alarm service). */
  useAlarmCounts(counts: (building: string) => AlarmCounts): void {
    this.#alarmCounts = counts;
  }

  /** Calls `listener` after every accepted reading or status; returns the unsubscribe function. */
  onChange(listener: (change: LiveChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Takes one reading; false when it was ignored (unknown building, or older than what is held).
   * `receivedAt` is the wall time it arrived (live readings); without it (readings restored from the
   * store) it counts as received when stamped, so old data is not made to look current.
   */
  ingest(reading: Reading, receivedAt?: number): boolean {
    const devices = this.#devices.get(reading.building);
    if (!devices) return false;
    if (!this.#store(devices, reading)) return false;
    this.#clocks.set(
      reading.building,
      advanceGatewayClock(
        this.#clocks.get(reading.building),
        reading.ts,
        receivedAt ?? Math.min(reading.ts, this.#now()),
      ),
    );
    if (reading.kind === 'energy')
      this.#energy.add(`${reading.building}/${reading.device}`, reading.ts, reading.data.energy_kwh);
    this.#emit({ type: 'reading', building: reading.building, reading });
    return true;
  }

  /** Feeds one energy sample without making it the live reading (rebuilding today's energy from the store). */
  seedEnergy(building: string, device: string, ts: number, kwh: number): void {
    this.#energy.add(`${building}/${device}`, ts, kwh);
  }

  /** Forgets a meter's day so far (before seeding it again from the store). */
  resetEnergy(building: string, device: string): void {
    this.#energy.forget(`${building}/${device}`);
  }

  /**
   * Takes a building's gateway status (retained, or a Last Will). `stopped` (every gateway left in an
   * orderly way, or the broker was shut down) is held as `unknown`: no gateway speaks for the devices,
   * but it is no outage, so no `gateway_offline` alarm; the devices are judged on their data's age alone.
   */
  gatewayStatus(status: StatusMessage): boolean {
    if (!this.#devices.has(status.building)) return false;
    const held = this.#gateways.get(status.building);
    if (held && held.ts > status.ts) return false;
    const state: GatewayState = status.status === 'stopped' ? 'unknown' : status.status;
    this.#gateways.set(status.building, { status: state, ts: status.ts });
    this.#emit({ type: 'status', building: status.building, status });
    return true;
  }

  /** The building's gateway clock: its devices' freshness is judged against it (core's `deviceAgeMs`). */
  clock(building: string): GatewayClock | undefined {
    return this.#clocks.get(building);
  }

  gateway(building: string): GatewayState {
    return this.#gateways.get(building)?.status ?? 'unknown';
  }

  /** The devices held for a building (read-only use: alarm conditions, reports). */
  devices(building: string): BuildingDevices | undefined {
    return this.#devices.get(building);
  }

  /** Every reading held, for rules that scan all devices (freshness alarms). */
  *readings(): Generator<Reading> {
    for (const devices of this.#devices.values()) {
      yield* devices.occupancy.values();
      yield* devices.parking.values();
      yield* devices.elevator.values();
      yield* devices.energy.values();
      yield* devices.subsystems.values();
      if (devices.tenancy) yield devices.tenancy;
    }
  }

  /** One building's live detail at `now`; undefined for a building not in the registry. */
  detail(id: string, now = this.#now()): BuildingDetail | undefined {
    const building = this.registry.byId.get(id);
    const devices = this.#devices.get(id);
    if (!building || !devices) return undefined;
    return buildingDetail(building, devices, this.#context(building, now));
  }

  summary(id: string, now = this.#now()): BuildingLive | undefined {
    return this.detail(id, now)?.summary;
  }

  /** Every building's summary, by id, in registry order. */
  summaries(now = this.#now()): Record<string, BuildingLive> {
    const out: Record<string, BuildingLive> = {};
    for (const b of this.registry.buildings) out[b.id] = this.detail(b.id, now)!.summary;
    return out;
  }

  /** The district's live totals. */
  district(now = this.#now(), summaries = this.summaries(now)): DistrictLive {
    return districtLive(this.registry, Object.values(summaries));
  }

  #context(building: Building, now: number): FigureContext {
    return {
      now,
      gateway: this.gateway(building.id),
      clock: this.#clocks.get(building.id),
      alarms: this.#alarmCounts(building.id),
      energyToday: (device) => this.#energy.kwh(`${building.id}/${device}`, now),
    };
  }

  #store(devices: BuildingDevices, reading: Reading): boolean {
    const newer = (held: { ts: number } | undefined): boolean => held === undefined || held.ts <= reading.ts;
    switch (reading.kind) {
      case 'occupancy':
        return put(devices.occupancy, reading, newer);
      case 'parking':
        return put(devices.parking, reading, newer);
      case 'elevator':
        return put(devices.elevator, reading, newer);
      case 'energy':
        return put(devices.energy, reading, newer);
      case 'tenancy':
        if (!newer(devices.tenancy)) return false;
        devices.tenancy = reading;
        return true;
      default: {
        if (!isSubsystem(reading.kind)) return false;
        const held = devices.subsystems.get(reading.kind);
        if (!newer(held)) return false;
        devices.subsystems.set(reading.kind, reading);
        return true;
      }
    }
  }

  #emit(change: LiveChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}

function put<R extends Reading>(
  map: Map<string, R>,
  reading: R,
  newer: (held: R | undefined) => boolean,
): boolean {
  if (!newer(map.get(reading.device))) return false;
  map.set(reading.device, reading);
  return true;
}
