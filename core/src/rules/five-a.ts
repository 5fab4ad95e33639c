import { FIVE_A_ALARM_PENALTY, FIVE_A_COMPLIANT_MIN_SCORE, FIVE_A_FAULT_PENALTY } from '../constants.ts';
import { SUBSYSTEMS } from '../kinds.ts';
import type { Subsystem } from '../kinds.ts';
import type { SubsystemPayload } from '../payloads/index.ts';
import { DEFAULT_FRESHNESS_CONFIG, freshness } from './freshness.ts';
import type { Freshness, FreshnessConfig, GatewayClock } from './freshness.ts';

/** Why a subsystem scores 0 (null when it has a real score). */
export type FiveAZeroReason =
  'not_installed' | 'never_reported' | 'stale' | 'offline' | 'no_devices' | 'no_devices_online' | 'penalties';

/** One subsystem's part of the 5A panel. */
export interface SubsystemScore {
  subsystem: Subsystem;
  /** 0-100: availability minus penalties, floored at 0; 0 when stale, offline or missing. */
  score: number;
  /** devices_online / devices_total x 100 from the latest reading; null when there is none. Unrounded: the UI rounds. */
  availability: number | null;
  faults: number;
  alarms: number;
  /** Points taken off for faults and alarms. */
  penalty: number;
  /** Freshness of the latest reading; 'missing' when the subsystem is not installed or never reported. */
  freshness: Freshness | 'missing';
  /** True when the subsystem is installed and has fresh data: only then does its score count as present. */
  present: boolean;
  /** Why the score is 0; null otherwise. */
  reason: FiveAZeroReason | null;
}

/** The 5A panel of one building. */
export interface FiveAResult {
  building: string;
  subsystems: Record<Subsystem, SubsystemScore>;
  /** Mean of the five scores (a missing subsystem scores 0), 0-100. */
  index: number;
  /** All five present and each >= 80 (DESIGN.md). */
  compliant: boolean;
  /** How many of the five are present. */
  present: number;
}

/** The latest reading of one subsystem's head end. */
export interface SubsystemReading {
  ts: number;
  data: SubsystemPayload;
}

/** What the 5A score of a building is computed from. */
export interface FiveAInput {
  building: string;
  /** Head-end device counts from the registry; 0 means the building lacks that subsystem. */
  inventory: Readonly<Record<Subsystem, number>>;
  /** Latest reading per subsystem, if any. */
  latest: Partial<Record<Subsystem, SubsystemReading>>;
  /** The gateway's retained status; its Last Will ('offline') makes every subsystem offline. */
  gateway?: 'online' | 'offline' | undefined;
  /** The gateway's clock: subsystems are judged against its newest reading (see `deviceAgeMs`). */
  clock?: GatewayClock | undefined;
}

/** Penalties and the compliance line; defaults from constants.ts. */
export interface FiveAConfig {
  faultPenalty: number;
  alarmPenalty: number;
  compliantMinScore: number;
  freshness: FreshnessConfig;
}

/** The constants of DESIGN.md "5A indicators". */
export const DEFAULT_FIVE_A_CONFIG: FiveAConfig = {
  faultPenalty: FIVE_A_FAULT_PENALTY,
  alarmPenalty: FIVE_A_ALARM_PENALTY,
  compliantMinScore: FIVE_A_COMPLIANT_MIN_SCORE,
  freshness: DEFAULT_FRESHNESS_CONFIG,
};

/** One subsystem's score at `now`, with its parts and, when 0, why. */
export function scoreSubsystem(
  subsystem: Subsystem,
  installed: number,
  reading: SubsystemReading | undefined,
  gateway: 'online' | 'offline' | undefined,
  now: number,
  config: FiveAConfig = DEFAULT_FIVE_A_CONFIG,
  clock?: GatewayClock,
): SubsystemScore {
  const empty = { subsystem, score: 0, availability: null, faults: 0, alarms: 0, penalty: 0, present: false };
  if (!(installed > 0)) return { ...empty, freshness: 'missing', reason: 'not_installed' };
  if (reading === undefined) return { ...empty, freshness: 'missing', reason: 'never_reported' };
  const { devices_total: total, devices_online: online, faults, alarms } = reading.data;
  const availability = total > 0 ? (Math.min(online, total) / total) * 100 : null;
  const penalty = faults * config.faultPenalty + alarms * config.alarmPenalty;
  const state = freshness({ kind: subsystem, lastTs: reading.ts, gateway, clock }, now, config.freshness);
  const parts = { subsystem, availability, faults, alarms, penalty, freshness: state };
  if (state !== 'fresh') return { ...parts, score: 0, present: false, reason: state };
  if (availability === null) return { ...parts, score: 0, present: true, reason: 'no_devices' };
  const score = Math.max(0, availability - penalty);
  return {
    ...parts,
    score,
    present: true,
    reason: score === 0 ? (availability === 0 ? 'no_devices_online' : 'penalties') : null,
  };
}

/** A building's 5A indicators at `now`: each subsystem's score and parts, the index and compliance. */
export function fiveA(
  input: FiveAInput,
  now: number,
  config: FiveAConfig = DEFAULT_FIVE_A_CONFIG,
): FiveAResult {
  const subsystems = {} as Record<Subsystem, SubsystemScore>;
  for (const s of SUBSYSTEMS) {
    subsystems[s] = scoreSubsystem(
      s,
      input.inventory[s],
      input.latest[s],
      input.gateway,
      now,
      config,
      input.clock,
    );
  }
  const scores = SUBSYSTEMS.map((s) => subsystems[s]);
  const present = scores.filter((s) => s.present).length;
  const index = scores.reduce((sum, s) => sum + s.score, 0) / SUBSYSTEMS.length;
  const compliant = present === SUBSYSTEMS.length && scores.every((s) => s.score >= config.compliantMinScore);
  return { building: input.building, subsystems, index, compliant, present };
}
