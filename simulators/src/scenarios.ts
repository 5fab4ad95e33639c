import { isWorkday, startOfLocalDay } from '@louyu/core';

/**
 * Named scenarios: each is a small set of tweaks to the normal model, so a developer can reproduce a
 * situation Louyu must handle (a rush, an outage, a drill, a dropped gateway, bad input, a flood).
 */

export const SCENARIOS = [
  'normal',
  'morning-rush',
  'elevator-outage',
  'parking-crunch',
  'fire-drill',
  'gateway-dropout',
  'bad-input',
  'flood',
] as const;
/** A scenario's name, as `--scenario` takes it. */
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ScenarioSpec {
  name: ScenarioName;
  /** One line for `--help` and the progress display. */
  description: string;
  /** The morning wave is twice as steep (everyone aims for 09:00). */
  morningRush: boolean;
  /** Multiplies the share of people who drive. */
  driveShareFactor: number;
  /** Cars in the target building forced into fault for the whole run: all but this many stay in service. */
  elevatorOutageCarsLeft?: number;
  /** Fire drill in the target building: local start hour on each working day and how long it lasts. */
  fireDrill?: { atHour: number; minutes: number };
  /** The target's gateway loses its connection this long after the start, and stays away this long. */
  gatewayDropout?: { afterMs: number; forMs: number };
  /** The target's gateway sends one of each bad message this often. */
  badInputEveryMs?: number;
  /** Every device reports every step, and steps are this short: as many messages as the broker takes. */
  floodTickMs?: number;
}

const base = { morningRush: false, driveShareFactor: 1 };

/** Every scenario, by name. */
export const SCENARIO_SPECS: { readonly [N in ScenarioName]: ScenarioSpec } = {
  normal: { ...base, name: 'normal', description: 'an ordinary day in the district' },
  'morning-rush': {
    ...base,
    name: 'morning-rush',
    description: 'everyone arrives at 09:00 and more of them drive: lifts and car parks at their limit',
    morningRush: true,
    driveShareFactor: 1.3,
  },
  'elevator-outage': {
    ...base,
    name: 'elevator-outage',
    description: 'all but one passenger car of the target building are in fault',
    elevatorOutageCarsLeft: 1,
  },
  'parking-crunch': {
    ...base,
    name: 'parking-crunch',
    description: 'twice as many people drive: car parks fill and queues form at the entries',
    driveShareFactor: 2,
  },
  'fire-drill': {
    ...base,
    name: 'fire-drill',
    description: 'a fire drill in the target building at 10:00 on working days: FA alarms with drill=true',
    fireDrill: { atHour: 10, minutes: 20 },
  },
  'gateway-dropout': {
    ...base,
    name: 'gateway-dropout',
    description: "the target building's gateway loses its connection 10 minutes in; its Last Will fires",
    gatewayDropout: { afterMs: 10 * 60_000, forMs: 5 * 60_000 },
  },
  'bad-input': {
    ...base,
    name: 'bad-input',
    description:
      "the target building's gateway also sends malformed, oversize, mistyped and misaddressed messages",
    badInputEveryMs: 15 * 60_000,
  },
  flood: {
    ...base,
    name: 'flood',
    description: 'every device reports every second: as many messages as the broker takes, for benchmarks',
    floodTickMs: 1_000,
  },
};

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(value);
}

/**
 * Where a run faster than real time starts (`louyu start --speed N`): in the past, since ingest refuses
 * readings stamped ahead of the wall clock, so the run replays up to now and then goes on in step. A
 * scenario whose events happen on working days (the morning rush at 07:00-10:00, the 10:00 fire drill)
 * replays from just before them on the latest working day whose events have begun (never a Sunday); any
 * other scenario replays the last 24 hours. Never further back than REPLAY_MAX_BACK_MS, nor before
 * `notBefore` (the newest stored reading: the past the store holds is not replayed over, so counters
 * continued from it never go back in time).
 */
export function replayStart(now: number, scenario: string, timeZone: string, notBefore?: number): number {
  const start = replayFrom(now, scenario, timeZone);
  return notBefore === undefined ? start : Math.min(now, Math.max(start, notBefore));
}

function replayFrom(now: number, scenario: string, timeZone: string): number {
  const dayBack = now - 86_400_000;
  const spec = isScenarioName(scenario) ? SCENARIO_SPECS[scenario] : undefined;
  const fromHour = spec?.morningRush
    ? MORNING_RUSH_REPLAY_HOUR
    : spec?.fireDrill
      ? spec.fireDrill.atHour - 0.5
      : undefined;
  if (fromHour === undefined) return dayBack;
  for (let back = 0; ; back++) {
    const day = startOfLocalDay(now - back * 86_400_000, timeZone);
    const start = day + fromHour * 3_600_000;
    if (now - start > REPLAY_MAX_BACK_MS) return dayBack;
    if (start <= now && isWorkday(start, timeZone)) return start;
  }
}

/** The morning rush replay starts before the early wave (07:45) and the peak (08:48). */
const MORNING_RUSH_REPLAY_HOUR = 7;
/** Ingest takes readings up to 7 days old; a replay starts well inside that. */
const REPLAY_MAX_BACK_MS = 6 * 86_400_000;
