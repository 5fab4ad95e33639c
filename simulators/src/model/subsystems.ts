import {
  SUBSYSTEMS,
  type BaPayload,
  type Building,
  type CaPayload,
  type FaPayload,
  type OaPayload,
  type SaPayload,
  type Subsystem,
} from '@louyu/core';
import {
  ALARM_MEAN_MIN,
  ALARMS_PER_DAY,
  DEVICE_OFFLINE_MEAN_MIN,
  DEVICE_OFFLINE_PER_DAY,
  FAULT_MEAN_MIN,
  FAULTS_PER_100_DEVICES_DAY,
  HEAD_END_OUTAGE_SHARE,
  HEAD_END_OUTAGES_PER_DAY,
} from '../assumptions.ts';
import type { Rng } from '../prng.ts';
import type { TickContext } from './context.ts';

type SubsystemReading = BaPayload | CaPayload | OaPayload | FaPayload | SaPayload;

interface HeadEnd {
  kind: Subsystem;
  total: number;
  offline: number;
  /** Devices a head-end outage took away, and when they come back. */
  outage: number;
  outageUntil: number;
  alarms: number;
  faults: number;
}

/** Inputs the subsystems' extra readings depend on. */
export interface SubsystemDrivers {
  occupancy: number;
  present: number;
  indoorC: number;
  /** Fire drill in progress: FA reports its drill alarms with drill=true. */
  drill: boolean;
}

/** FA alarms a drill raises (manual call points and sounders of the drill zone). */
const DRILL_ALARMS = 6;

/**
 * The 5A head ends a building has (inventory from the registry; 0 means it has none and nothing is
 * published). Devices drop off and come back, a head end occasionally loses a block of devices, alarms
 * and faults come and go as Poisson processes.
 */
export class SubsystemHeadEnds {
  private readonly heads: HeadEnd[];
  private drillActive = false;

  constructor(
    building: Building,
    private readonly rng: Rng,
  ) {
    this.heads = SUBSYSTEMS.filter((k) => building.subsystems[k] > 0).map((kind) => ({
      kind,
      total: building.subsystems[kind],
      offline: 0,
      outage: 0,
      outageUntil: 0,
      alarms: 0,
      faults: 0,
    }));
  }

  /** The subsystems present, in contract order. */
  get kinds(): Subsystem[] {
    return this.heads.map((h) => h.kind);
  }

  tick(ctx: TickContext, drill: boolean): void {
    const days = ctx.dtS / 86_400;
    const minutes = ctx.dtS / 60;
    this.drillActive = drill;
    for (const h of this.heads) {
      const online = h.total - h.offline - h.outage;
      const back = this.rng.binomial(h.offline, 1 - Math.exp(-minutes / DEVICE_OFFLINE_MEAN_MIN));
      const lost = this.rng.binomial(online, DEVICE_OFFLINE_PER_DAY * days);
      h.offline = Math.min(h.total - h.outage, h.offline - back + lost);
      if (h.outage > 0 && ctx.ts >= h.outageUntil) h.outage = 0;
      if (h.outage === 0 && this.rng.chance(HEAD_END_OUTAGES_PER_DAY * days)) {
        const share = this.rng.range(HEAD_END_OUTAGE_SHARE.min, HEAD_END_OUTAGE_SHARE.max);
        h.outage = Math.min(h.total - h.offline, Math.max(1, Math.round(h.total * share)));
        h.outageUntil = ctx.ts + this.rng.int(60, 240) * 60_000;
      }
      h.alarms += this.rng.poisson(ALARMS_PER_DAY[h.kind] * days);
      h.alarms -= this.rng.binomial(h.alarms, 1 - Math.exp(-minutes / ALARM_MEAN_MIN));
      h.faults += this.rng.poisson(((FAULTS_PER_100_DEVICES_DAY * h.total) / 100) * days);
      h.faults -= this.rng.binomial(h.faults, 1 - Math.exp(-minutes / FAULT_MEAN_MIN));
    }
  }

  /** One reading per head end present, device `head-end`. */
  report(ts: number, d: SubsystemDrivers): { kind: Subsystem; payload: SubsystemReading }[] {
    return this.heads.map((h) => {
      const online = Math.max(0, h.total - h.offline - h.outage);
      const base = { ts, devices_total: h.total, devices_online: online, alarms: h.alarms, faults: h.faults };
      return { kind: h.kind, payload: this.extras(h, base, d) };
    });
  }

  private extras(
    h: HeadEnd,
    base: { ts: number; devices_total: number; devices_online: number; alarms: number; faults: number },
    d: SubsystemDrivers,
  ): SubsystemReading {
    const r = this.rng;
    const share = base.devices_online / base.devices_total;
    switch (h.kind) {
      case 'ba':
        return {
          ...base,
          indoor_c: round1(d.indoorC + r.normal() * 0.3),
          co2_ppm: Math.round(430 + 650 * Math.min(1.2, d.occupancy) + r.normal() * 15),
        };
      case 'ca':
        return {
          ...base,
          uplink_mbps: round1(Math.max(0, 20 + d.present * 0.35 * (0.8 + 0.4 * r.next()))),
          latency_ms: round1(4 + 6 * Math.min(1, d.occupancy) + Math.abs(r.normal()) * 2 + (1 - share) * 40),
          loss_pct: round1(Math.max(0, (1 - share) * 5 + Math.abs(r.normal()) * 0.05)),
        };
      case 'oa':
        return { ...base, active_users: Math.round(d.present * 0.7) };
      case 'fa': {
        const faulty = Math.min(h.total, h.offline + h.outage + h.faults);
        return {
          ...base,
          alarms: base.alarms + (this.drillActive ? DRILL_ALARMS : 0),
          detectors_total: h.total,
          detectors_fault: faulty,
          drill: this.drillActive,
        };
      }
      case 'sa': {
        const cameras = Math.max(1, Math.round(h.total * 0.4));
        return {
          ...base,
          cameras_total: cameras,
          cameras_online: Math.min(cameras, Math.round(cameras * share)),
          intrusions: 0,
        };
      }
    }
  }
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
