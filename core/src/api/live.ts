import Type from 'typebox';
import { ELEVATOR_STATES, SUBSYSTEMS } from '../kinds.ts';

const Num = Type.Union([Type.Number(), Type.Null()]);

/** How current a device's data is (DESIGN.md "Freshness"): stale data never counts as healthy. */
export const FRESHNESS_STATES = ['fresh', 'stale', 'offline'] as const;
export type FreshnessState = (typeof FRESHNESS_STATES)[number];

/** A gateway's last known status; `unknown` until it has said anything. */
export const GATEWAY_STATES = ['online', 'offline', 'unknown'] as const;
export type GatewayState = (typeof GATEWAY_STATES)[number];

/** The 5A panel of one building: each subsystem 0-100 (null when missing or stale), their mean, compliance. */
export const FiveASchema = Type.Object({
  ba: Num,
  ca: Num,
  oa: Num,
  fa: Num,
  sa: Num,
  index: Num,
  compliant: Type.Boolean(),
});
export type FiveA = Type.Static<typeof FiveASchema>;

/** Device counts by freshness. */
export const FreshnessCountsSchema = Type.Object({
  fresh: Type.Integer(),
  stale: Type.Integer(),
  offline: Type.Integer(),
});
export type FreshnessCounts = Type.Static<typeof FreshnessCountsSchema>;

/** Active alarms of a building by severity. */
export const AlarmCountsSchema = Type.Object({
  active: Type.Integer(),
  critical: Type.Integer(),
  major: Type.Integer(),
  minor: Type.Integer(),
  warning: Type.Integer(),
});
export type AlarmCounts = Type.Static<typeof AlarmCountsSchema>;

/** A building's live summary: what a list row, a map marker and the district room carry. */
export const BuildingLiveSchema = Type.Object({
  id: Type.String(),
  /** UTC ms of the newest reading, null before any. */
  updated: Num,
  people: Num,
  people_capacity: Num,
  /** people / capacity over the floor counters, 0-100. */
  occupancy_pct: Num,
  parking_free: Num,
  parking_capacity: Num,
  parking_queue: Num,
  elevators_in_service: Type.Integer(),
  elevators_total: Type.Integer(),
  /** Mean hall-call wait over cars in service, seconds. */
  elevator_wait_s: Num,
  power_kw: Num,
  /** Energy since local midnight in the district's time zone, counter resets handled. */
  energy_today_kwh: Num,
  five_a: FiveASchema,
  alarms: AlarmCountsSchema,
  freshness: FreshnessCountsSchema,
  gateway: Type.Enum(GATEWAY_STATES),
  /**
   * How far the gateway's newest reading was behind the wall clock when it arrived, ms (0 in step; hours
   * in a replay); null before any reading or while the gateway is silent. Devices are judged fresh
   * against the gateway's own clock.
   */
  behind_ms: Type.Optional(Num),
  /** 入驻率 0-1 from the latest tenancy report (or the registry baseline), and the vacant area. */
  tenancy_rate: Num,
  vacant_m2: Num,
  tenants: Num,
});
export type BuildingLive = Type.Static<typeof BuildingLiveSchema>;

/** One floor or zone counter. */
export const FloorLiveSchema = Type.Object({
  device: Type.String(),
  people: Type.Integer(),
  capacity: Type.Integer(),
  ts: Type.Number(),
  freshness: Type.Enum(FRESHNESS_STATES),
});
/** One car park or level. */
export const ParkingLiveSchema = Type.Object({
  device: Type.String(),
  occupied: Type.Integer(),
  capacity: Type.Integer(),
  free: Type.Integer(),
  queue: Type.Integer(),
  ts: Type.Number(),
  freshness: Type.Enum(FRESHNESS_STATES),
});
/** One elevator car. */
export const ElevatorLiveSchema = Type.Object({
  device: Type.String(),
  state: Type.Enum(ELEVATOR_STATES),
  floor: Type.Integer(),
  load_pct: Type.Number(),
  wait_s: Type.Number(),
  fault: Type.Union([Type.String(), Type.Null()]),
  ts: Type.Number(),
  freshness: Type.Enum(FRESHNESS_STATES),
});
/**
 * One meter: an electricity meter (`meters`: `total` and its circuits, kW / kWh), or a district heating
 * thermal meter (`heat`: circuit `heat`, kW / kWh thermal).
 */
export const MeterLiveSchema = Type.Object({
  device: Type.String(),
  circuit: Type.String(),
  power_kw: Type.Number(),
  energy_kwh: Type.Number(),
  ts: Type.Number(),
  freshness: Type.Enum(FRESHNESS_STATES),
});
/** One 5A subsystem head end, with its score. */
export const SubsystemLiveSchema = Type.Object({
  subsystem: Type.Enum(SUBSYSTEMS),
  device: Type.String(),
  devices_total: Type.Integer(),
  devices_online: Type.Integer(),
  alarms: Type.Integer(),
  faults: Type.Integer(),
  ts: Type.Number(),
  freshness: Type.Enum(FRESHNESS_STATES),
});
/** The latest tenancy report. */
export const TenancyLiveSchema = Type.Object({
  leasable_m2: Type.Number(),
  leased_m2: Type.Number(),
  vacant_m2: Type.Number(),
  rate: Num,
  tenants: Type.Integer(),
  tenants_by_industry: Type.Record(Type.String(), Type.Integer()),
  registered_local: Type.Integer(),
  tax_ytd_cny: Num,
  /** UTC ms of the report; null when the figures are the registry's baseline. */
  ts: Num,
});

/** Everything live about one building: the summary plus every device (the `building:{id}` room). */
export const BuildingDetailSchema = Type.Object({
  summary: BuildingLiveSchema,
  floors: Type.Array(FloorLiveSchema),
  parking: Type.Array(ParkingLiveSchema),
  elevators: Type.Array(ElevatorLiveSchema),
  /** Electricity meters: `total` and the electric circuits (hvac, lighting, plug, elevator) that sum to it. */
  meters: Type.Array(MeterLiveSchema),
  /**
   * District heating (集中供暖) thermal meters, circuit `heat`: kW / kWh thermal, never part of `total`, the
   * building's power or its energy.
   */
  heat: Type.Array(MeterLiveSchema),
  subsystems: Type.Array(SubsystemLiveSchema),
  tenancy: TenancyLiveSchema,
});
export type BuildingDetail = Type.Static<typeof BuildingDetailSchema>;
export type FloorLive = Type.Static<typeof FloorLiveSchema>;
export type ParkingLive = Type.Static<typeof ParkingLiveSchema>;
export type ElevatorLive = Type.Static<typeof ElevatorLiveSchema>;
export type MeterLive = Type.Static<typeof MeterLiveSchema>;
export type SubsystemLive = Type.Static<typeof SubsystemLiveSchema>;
export type TenancyLive = Type.Static<typeof TenancyLiveSchema>;

/** The district's live totals (the `district` room). */
export const DistrictLiveSchema = Type.Object({
  updated: Num,
  buildings: Type.Integer(),
  buildings_reporting: Type.Integer(),
  people: Type.Number(),
  parking_free: Type.Number(),
  parking_capacity: Type.Number(),
  power_kw: Type.Number(),
  energy_today_kwh: Type.Number(),
  five_a_mean: Num,
  five_a_compliant: Type.Integer(),
  alarms: AlarmCountsSchema,
  gateways_online: Type.Integer(),
  gateways_offline: Type.Integer(),
  /**
   * How far behind the wall clock the district's data is, ms: the median over buildings reporting (0 in
   * step; a replay shows hours); null when none reports. Clients show a replay as a replay.
   */
  behind_ms: Type.Optional(Num),
  tenancy_rate: Num,
  vacant_m2: Type.Number(),
  tenants: Type.Number(),
});
export type DistrictLive = Type.Static<typeof DistrictLiveSchema>;
