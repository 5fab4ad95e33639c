import type { Kind } from '../src/kinds.ts';

/** A valid payload of every kind, as a gateway would send it (without `ts`: tests add it). */
export const VALID_PAYLOADS: { readonly [K in Kind]: Record<string, unknown> } = {
  occupancy: { people: 120, capacity: 300 },
  parking: { occupied: 180, capacity: 200, queue: 3, entries: 12, exits: 4 },
  elevator: { state: 'moving', floor: 12, load_pct: 64.5, trips: 3, door_cycles: 6, wait_s: 22.4 },
  energy: { power_kw: 412.5, energy_kwh: 1_204_332.7, circuit: 'hvac' },
  ba: { devices_total: 420, devices_online: 410, alarms: 1, faults: 2, indoor_c: 22.5, co2_ppm: 640 },
  ca: {
    devices_total: 96,
    devices_online: 96,
    alarms: 0,
    faults: 0,
    uplink_mbps: 1000,
    latency_ms: 4,
    loss_pct: 0.1,
  },
  oa: { devices_total: 150, devices_online: 149, alarms: 0, faults: 0, active_users: 830 },
  fa: {
    devices_total: 1200,
    devices_online: 1198,
    alarms: 0,
    faults: 1,
    detectors_total: 1100,
    detectors_fault: 1,
    drill: false,
  },
  sa: {
    devices_total: 300,
    devices_online: 296,
    alarms: 0,
    faults: 0,
    cameras_total: 240,
    cameras_online: 238,
    intrusions: 0,
  },
  tenancy: {
    leasable_m2: 52_000,
    leased_m2: 46_800,
    tenants: 140,
    tenants_by_industry: { trade: 60, tech: 40, finance: 10, culture: 5, other: 25 },
    registered_local: 120,
    tax_ytd_cny: 81_000_000,
  },
};

export const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
