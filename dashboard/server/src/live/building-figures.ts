import {
  fiveA,
  freshness,
  OFFLINE_SILENCE_MS,
  occupancyRate,
  SUBSYSTEMS,
  vacantArea,
  type Building,
  type FiveAResult,
  type GatewayClock,
  type Kind,
  type ReadingOf,
  type Subsystem,
  type SubsystemPayload,
} from '@louyu/core';
import type {
  AlarmCounts,
  BuildingDetail,
  BuildingLive,
  ElevatorLive,
  FloorLive,
  FreshnessCounts,
  GatewayState,
  MeterLive,
  ParkingLive,
  SubsystemLive,
  TenancyLive,
} from '@louyu/core';

/** Everything the live state holds about one building's devices. */
export interface BuildingDevices {
  occupancy: Map<string, ReadingOf<'occupancy'>>;
  parking: Map<string, ReadingOf<'parking'>>;
  elevator: Map<string, ReadingOf<'elevator'>>;
  energy: Map<string, ReadingOf<'energy'>>;
  subsystems: Map<Subsystem, ReadingOf<Subsystem>>;
  tenancy: ReadingOf<'tenancy'> | undefined;
}

export function emptyDevices(): BuildingDevices {
  return {
    occupancy: new Map(),
    parking: new Map(),
    elevator: new Map(),
    energy: new Map(),
    subsystems: new Map(),
    tenancy: undefined,
  };
}

/** What the figures need besides the devices. */
export interface FigureContext {
  now: number;
  gateway: GatewayState;
  /** The gateway's clock: devices are judged against its newest reading, not only the wall clock. */
  clock?: GatewayClock | undefined;
  alarms: AlarmCounts;
  energyToday: (device: string) => number | null;
}

const round = (value: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

function fresh(kind: Kind, ts: number, ctx: FigureContext) {
  return freshness(
    { kind, lastTs: ts, gateway: ctx.gateway === 'offline' ? 'offline' : undefined, clock: ctx.clock },
    ctx.now,
  );
}

/**
 * How far behind the wall clock the data the gateway is sending now is (its newest reading's `ts` against
 * when it arrived); null when the gateway sent nothing for OFFLINE_SILENCE_MS (silent is not behind).
 */
function behindMs(ctx: FigureContext): number | null {
  const clock = ctx.clock;
  if (!clock || ctx.now - clock.receivedAt > OFFLINE_SILENCE_MS) return null;
  return Math.max(0, clock.receivedAt - clock.newestTs);
}

/** The 5A panel of a building from its subsystem readings (core's rules). */
export function buildingFiveA(building: Building, devices: BuildingDevices, ctx: FigureContext): FiveAResult {
  const latest: Partial<Record<Subsystem, { ts: number; data: SubsystemPayload }>> = {};
  for (const [subsystem, reading] of devices.subsystems)
    latest[subsystem] = { ts: reading.ts, data: reading.data };
  return fiveA(
    {
      building: building.id,
      inventory: building.subsystems,
      latest,
      gateway: ctx.gateway === 'unknown' ? undefined : ctx.gateway,
      clock: ctx.clock,
    },
    ctx.now,
  );
}

/** A building's live detail at `ctx.now`: per device, and the summary derived from them. */
export function buildingDetail(
  building: Building,
  devices: BuildingDevices,
  ctx: FigureContext,
): BuildingDetail {
  const counts: FreshnessCounts = { fresh: 0, stale: 0, offline: 0 };
  const track = <T extends { freshness: keyof FreshnessCounts }>(item: T): T => {
    counts[item.freshness]++;
    return item;
  };
  const byDevice = <T extends { device: string }>(a: T, b: T): number => a.device.localeCompare(b.device);

  const floors: FloorLive[] = [...devices.occupancy.values()]
    .map((r) =>
      track({
        device: r.device,
        people: r.data.people,
        capacity: r.data.capacity,
        ts: r.ts,
        freshness: fresh('occupancy', r.ts, ctx),
      }),
    )
    .sort(byDevice);
  const parking: ParkingLive[] = [...devices.parking.values()]
    .map((r) =>
      track({
        device: r.device,
        occupied: r.data.occupied,
        capacity: r.data.capacity,
        free: Math.max(0, r.data.capacity - r.data.occupied),
        queue: r.data.queue,
        ts: r.ts,
        freshness: fresh('parking', r.ts, ctx),
      }),
    )
    .sort(byDevice);
  const elevators: ElevatorLive[] = [...devices.elevator.values()]
    .map((r) =>
      track({
        device: r.device,
        state: r.data.state,
        floor: r.data.floor,
        load_pct: r.data.load_pct,
        wait_s: r.data.wait_s,
        fault: r.data.fault ?? null,
        ts: r.ts,
        freshness: fresh('elevator', r.ts, ctx),
      }),
    )
    .sort(byDevice);
  const allMeters: MeterLive[] = [...devices.energy.values()]
    .map((r) =>
      track({
        device: r.device,
        circuit: r.data.circuit,
        power_kw: r.data.power_kw,
        energy_kwh: r.data.energy_kwh,
        ts: r.ts,
        freshness: fresh('energy', r.ts, ctx),
      }),
    )
    .sort(byDevice);
  // District heating is a thermal meter, not an electric circuit: shown apart, never in power or energy.
  const meters = allMeters.filter((m) => m.circuit !== 'heat');
  const heat = allMeters.filter((m) => m.circuit === 'heat');
  const subsystems: SubsystemLive[] = SUBSYSTEMS.flatMap((s) => {
    const r = devices.subsystems.get(s);
    if (!r) return [];
    return [
      track({
        subsystem: s,
        device: r.device,
        devices_total: r.data.devices_total,
        devices_online: r.data.devices_online,
        alarms: r.data.alarms,
        faults: r.data.faults,
        ts: r.ts,
        freshness: fresh(s, r.ts, ctx),
      }),
    ];
  });
  const tenancy = tenancyLive(building, devices.tenancy);
  if (devices.tenancy) track({ freshness: fresh('tenancy', devices.tenancy.ts, ctx) });

  // Only fresh data counts (DESIGN.md "Freshness"): a silent counter does not keep its people in the total.
  const liveFloors = floors.filter((f) => f.freshness === 'fresh');
  const liveParking = parking.filter((p) => p.freshness === 'fresh');
  const liveCars = elevators.filter((e) => e.freshness === 'fresh');
  const inService = liveCars.filter(
    (e) => e.state !== 'fault' && e.state !== 'maintenance' && e.state !== 'offline',
  );
  const liveMeters = meters.filter((m) => m.freshness === 'fresh');
  // A building with a `total` meter reports it; otherwise its electric circuits add up to the building.
  const mainMeters = meters.some((m) => m.circuit === 'total')
    ? meters.filter((m) => m.circuit === 'total')
    : meters;
  const liveMain = liveMeters.filter((m) => mainMeters.includes(m));
  const energyParts = mainMeters.map((m) => ctx.energyToday(m.device)).filter((v): v is number => v !== null);
  const five = buildingFiveA(building, devices, ctx);
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

  const people = liveFloors.length ? sum(liveFloors.map((f) => f.people)) : null;
  const peopleCapacity = liveFloors.length ? sum(liveFloors.map((f) => f.capacity)) : null;
  const updated = Math.max(
    -Infinity,
    ...[floors, parking, elevators, allMeters, subsystems].flatMap((list) => list.map((d) => d.ts)),
    devices.tenancy?.ts ?? -Infinity,
  );
  const summary: BuildingLive = {
    id: building.id,
    updated: Number.isFinite(updated) ? updated : null,
    people,
    people_capacity: peopleCapacity,
    occupancy_pct: people !== null && peopleCapacity ? round((people / peopleCapacity) * 100) : null,
    parking_free: liveParking.length ? sum(liveParking.map((p) => p.free)) : null,
    parking_capacity: liveParking.length ? sum(liveParking.map((p) => p.capacity)) : null,
    parking_queue: liveParking.length ? sum(liveParking.map((p) => p.queue)) : null,
    elevators_in_service: inService.length,
    elevators_total: Math.max(building.passenger_elevators, elevators.length),
    elevator_wait_s: inService.length ? round(sum(inService.map((e) => e.wait_s)) / inService.length) : null,
    power_kw: liveMain.length ? round(sum(liveMain.map((m) => m.power_kw))) : null,
    energy_today_kwh: energyParts.length ? round(sum(energyParts)) : null,
    five_a: fiveAView(five),
    alarms: ctx.alarms,
    freshness: counts,
    gateway: ctx.gateway,
    behind_ms: behindMs(ctx),
    tenancy_rate: tenancy.rate,
    vacant_m2: tenancy.vacant_m2,
    tenants: tenancy.tenants,
  };
  return { summary, floors, parking, elevators, meters, heat, subsystems, tenancy };
}

/** The 5A result as the API shows it: scores rounded to one decimal, null where the subsystem is absent. */
export function fiveAView(result: FiveAResult): BuildingLive['five_a'] {
  const score = (s: Subsystem): number | null =>
    result.subsystems[s].present ? round(result.subsystems[s].score) : null;
  return {
    ba: score('ba'),
    ca: score('ca'),
    oa: score('oa'),
    fa: score('fa'),
    sa: score('sa'),
    index: result.present > 0 ? round(result.index) : null,
    compliant: result.compliant,
  };
}

/** The latest tenancy report, or the registry's baseline until the property system has sent one. */
export function tenancyLive(building: Building, reading: ReadingOf<'tenancy'> | undefined): TenancyLive {
  if (reading) {
    const d = reading.data;
    return {
      leasable_m2: d.leasable_m2,
      leased_m2: d.leased_m2,
      vacant_m2: vacantArea(d.leased_m2, d.leasable_m2),
      rate: occupancyRate(d.leased_m2, d.leasable_m2),
      tenants: d.tenants,
      tenants_by_industry: { ...d.tenants_by_industry },
      registered_local: d.registered_local,
      tax_ytd_cny: d.tax_ytd_cny ?? null,
      ts: reading.ts,
    };
  }
  const t = building.tenancy;
  return {
    leasable_m2: building.leasable_area_m2,
    leased_m2: t.leased_m2,
    vacant_m2: vacantArea(t.leased_m2, building.leasable_area_m2),
    rate: occupancyRate(t.leased_m2, building.leasable_area_m2),
    tenants: t.tenants,
    tenants_by_industry: { ...t.tenants_by_industry },
    registered_local: t.registered_local,
    tax_ytd_cny: null,
    ts: null,
  };
}
