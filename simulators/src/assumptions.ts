import { EXPECTED_INTERVAL_MS } from '@louyu/core';

/**
 * The numbers the building model stands on, each with the reason for its value. They shape what the
 * simulated district looks like; the shortfall thresholds it is judged by live in core's constants.
 */

// ---- People ------------------------------------------------------------------------------------------

/** Leased office area per worker: Chinese office fit-outs run 8-12 m2 per desk, plus meeting and shared space. */
export const M2_PER_PERSON = 10;
/** Security, cleaning and plant staff present around the clock, per 10,000 m2 of floor area. */
export const NIGHT_STAFF_PER_10K_M2 = 3;
/** Share of the workforce that comes in on a workday (leave, travel, field work). */
export const WORKDAY_ATTENDANCE = { min: 0.86, max: 0.96 } as const;
/** Occupancy counters are sized for this many m2 per person (fire-code occupant load for offices). */
export const M2_PER_COUNTER_PLACE = 8;

// ---- Parking -----------------------------------------------------------------------------------------

/**
 * Share of people who arrive by car. Heping's towers sit on metro lines 1 and 2; surveys of Shenyang CBD
 * commuters put car use between one in ten and one in twenty, and this value makes a building with the district's parking
 * standard fill to about 85-95 % at the morning peak, so a building short of spaces overflows.
 */
export const DRIVE_SHARE = 0.06;
/** Cars an entry lane admits per minute (barrier, ticket, ramp). One lane per 300 spaces, at least one. */
export const ENTRY_LANE_CARS_PER_MIN = 8;
export const SPACES_PER_ENTRY_LANE = 300;
/** Share of the entry queue that gives up each minute and looks for street parking. */
export const QUEUE_GIVE_UP_PER_MIN = 0.03;
/** Cars that stay overnight (pool cars, residents' permits), as a share of spaces. */
export const OVERNIGHT_CARS_SHARE = 0.04;

// ---- Elevators ---------------------------------------------------------------------------------------

/** Rated car load in persons (1,350 kg cars) and the 80 % a car actually takes at peak (CIBSE Guide D). */
export const CAR_RATED_PERSONS = 18;
export const CAR_PEAK_FILL = 0.8;
/** Seconds to run one floor at rated speed (3.5-4 m/s office cars, 3.6 m floors, acceleration averaged in). */
export const FLOOR_RUN_S = 1.0;
/** Seconds lost per stop: decelerate, doors open, dwell, close, accelerate. */
export const STOP_S = 9;
/** Seconds per passenger boarding or alighting. */
export const TRANSFER_S = 1.0;
/** Floors one lift zone serves: taller towers split their cars into low/high-rise groups with an express run. */
export const FLOORS_PER_LIFT_ZONE = 20;
/** Seconds per floor on the express run past the floors a zone does not serve. */
export const EXPRESS_FLOOR_S = 0.4;
/** Trips between floors per present person per hour (meetings, lunch, deliveries). */
export const INTERFLOOR_TRIPS_PER_PERSON_HOUR = 0.25;
/** Share of the hall-call backlog that gives up each minute and takes the stairs. */
export const BACKLOG_GIVE_UP_PER_MIN = 0.1;
/** Faults per car per day: a few a year per car, as the lift inspection reports show. */
export const CAR_FAULTS_PER_DAY = 0.012;
export const CAR_FAULT_MINUTES = { min: 30, max: 240 } as const;
/** Half-monthly maintenance (TSG T5002 半月维保), in the evening after the building empties. */
export const MAINTENANCE_EVERY_DAYS = 15;
export const MAINTENANCE_START_HOUR = 21;
export const MAINTENANCE_MINUTES = 90;
/** Lost links between the car controller and the gateway, per car per day, lasting a few minutes. */
export const CAR_OFFLINE_PER_DAY = 0.02;
export const CAR_FAULT_CODES = [
  'E21-door-lock',
  'E35-overspeed',
  'E07-level-sensor',
  'E44-brake',
  'E12-safety-chain',
];

// ---- Energy ------------------------------------------------------------------------------------------

/** W/m2 of gross floor area, base (night) and added at full occupancy. Typical Chinese office figures. */
export const LIGHTING_W_M2 = { base: 0.8, occupied: 7 } as const;
export const PLUG_W_M2 = { base: 1.5, occupied: 9 } as const;
/** Air handling fans, running in working hours. */
export const FANS_W_M2 = { base: 0.4, operating: 3 } as const;
/** Electric chiller load at full cooling demand (summer cooling is electric: the hvac circuit). */
export const COOLING_W_M2 = 30;
/** District heating (集中供暖) thermal load at Shenyang's design temperature, on the heat meter. */
export const HEATING_W_M2 = 45;
/** Heating season as Shenyang sets it: 1 November to 31 March. */
export const HEATING_SEASON = { startMonth: 11, endMonth: 3 } as const;
/** Indoor set points and Shenyang's heating design temperature (GB 50736: -16.9 °C). */
export const HEAT_BALANCE_C = 18;
export const HEATING_DESIGN_C = -17;
export const COOLING_START_C = 24;
export const COOLING_FULL_C = 33;
/** Shenyang's climate: annual mean and half the January-July swing, and the daily swing. */
export const CLIMATE = {
  meanC: 8,
  seasonalAmplitudeC: 18,
  coldestDayOfYear: 20,
  dailyAmplitudeC: 4.5,
} as const;
/** Per car: standby (controller, lights, fan) and running draw in kW. */
export const ELEVATOR_KW = { standby: 1.2, running: 11 } as const;

// ---- 5A subsystems -----------------------------------------------------------------------------------

/** Per device per day: how often a field device drops off its head end, and how long it stays away. */
export const DEVICE_OFFLINE_PER_DAY = 0.02;
export const DEVICE_OFFLINE_MEAN_MIN = 120;
/** A head-end outage (a switch or loop controller) takes a block of devices away at once. */
export const HEAD_END_OUTAGES_PER_DAY = 0.04;
export const HEAD_END_OUTAGE_SHARE = { min: 0.1, max: 0.35 } as const;
/** Alarms raised per subsystem per day and how long one stays active. */
export const ALARMS_PER_DAY = { ba: 2, ca: 0.5, oa: 0.3, fa: 0.2, sa: 3 } as const;
export const ALARM_MEAN_MIN = 30;
/** Faults per 100 devices per day and how long a repair takes. */
export const FAULTS_PER_100_DEVICES_DAY = 0.2;
export const FAULT_MEAN_MIN = 240;

// ---- Tenancy -----------------------------------------------------------------------------------------

/** Daily chances of winning and losing a lease; winning grows with vacancy (more to offer). */
export const LEASE_WIN_PER_DAY_AT_FULL_VACANCY = 0.25;
export const LEASE_LOSS_PER_DAY = 0.01;
/** Median new lease in m2 (Heping's tenants are mostly small and mid-sized firms). */
export const LEASE_MEDIAN_M2 = 450;
/** Share of new tenants that register their company in the district (属地注册). */
export const REGISTER_LOCAL_SHARE = 0.65;

// ---- Publishing --------------------------------------------------------------------------------------

/**
 * How often each group of devices reports, in ms: core's expected intervals (cars every 10 s, car parks
 * every 30 s, counters, meters and head ends every minute), so Louyu's freshness rules see healthy
 * gateways. Tenancy reports four times a day, more often than core's daily expectation.
 */
export const DEFAULT_INTERVALS_MS = {
  occupancy: EXPECTED_INTERVAL_MS.occupancy,
  parking: EXPECTED_INTERVAL_MS.parking,
  elevator: EXPECTED_INTERVAL_MS.elevator,
  energy: EXPECTED_INTERVAL_MS.energy,
  subsystem: EXPECTED_INTERVAL_MS.ba,
  tenancy: 6 * 3_600_000,
} as const;
/** The model's clock advances in steps of this size (the shortest report interval); rates apply per step. */
export const DEFAULT_TICK_MS = Math.min(...Object.values(DEFAULT_INTERVALS_MS));
export type IntervalGroup = keyof typeof DEFAULT_INTERVALS_MS;
