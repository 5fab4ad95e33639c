import { brokerConnectOptions, type Registry } from '@louyu/core';
import { DEFAULT_USERNAME_PREFIX } from './credentials.ts';
import { isScenarioName, SCENARIOS, type ScenarioName } from './scenarios.ts';

/** `louyu simulate` options as the command line gives them (strings, before validation). */
export interface SimulateArgs {
  /** `all`, a count (`12`) or a comma-separated list of building ids. */
  buildings?: string;
  /** Simulated ms per wall ms (`1440` = a day in a minute), or `max`. */
  speed?: string;
  scenario?: string;
  seed?: string;
  mqttUrl?: string;
  usernamePrefix?: string;
  /** A JSON file `{"building-id": "password"}`. */
  credentials?: string;
  /** Simulated start: ISO 8601 or ms since the epoch. */
  start?: string;
}

/** Validated `louyu simulate` options. */
export interface SimulateOptions {
  buildings: string[] | 'all' | number;
  speed: number | 'max';
  scenario: ScenarioName;
  seed: number;
  mqttUrl: string;
  usernamePrefix: string;
  credentialsFile?: string;
  start?: number;
}

/** Defaults: the whole district, real time, a normal day, seed 1, the local broker, `gw-` usernames. */
export const SIMULATE_DEFAULTS = {
  buildings: 'all',
  speed: 1,
  scenario: 'normal',
  seed: 1,
  mqttUrl: 'mqtt://localhost:1883',
  usernamePrefix: DEFAULT_USERNAME_PREFIX,
} as const;

/**
 * Checks `louyu simulate` options against the registry. Throws an Error whose message starts with the
 * option at fault (`--speed: ...`), so the CLI can print it as it is.
 */
export function validateSimulateOptions(args: SimulateArgs, registry: Registry): SimulateOptions {
  const out: SimulateOptions = {
    buildings: parseBuildings(args.buildings, registry),
    speed: parseSpeed(args.speed),
    scenario: parseScenario(args.scenario),
    seed: parseSeed(args.seed),
    mqttUrl: parseUrl(args.mqttUrl),
    usernamePrefix: parsePrefix(args.usernamePrefix),
  };
  if (args.credentials !== undefined) {
    if (args.credentials.trim() === '') throw new Error('--credentials: give the path of a JSON file');
    out.credentialsFile = args.credentials;
  }
  if (args.start !== undefined) out.start = parseStart(args.start);
  return out;
}

function parseBuildings(value: string | undefined, registry: Registry): SimulateOptions['buildings'] {
  const v = (value ?? SIMULATE_DEFAULTS.buildings).trim();
  if (v === 'all') return 'all';
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (n < 1 || n > registry.buildings.length) {
      throw new Error(
        `--buildings: ${n} is out of range; the registry has ${registry.buildings.length} buildings`,
      );
    }
    return n;
  }
  const ids = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new Error('--buildings: give "all", a count, or building ids separated by commas');
  const unknown = ids.filter((id) => !registry.byId.has(id));
  if (unknown.length > 0) throw new Error(`--buildings: not in the registry: ${unknown.join(', ')}`);
  return ids;
}

function parseSpeed(value: string | undefined): number | 'max' {
  if (value === undefined) return SIMULATE_DEFAULTS.speed;
  if (value === 'max') return 'max';
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || value.trim() === '') {
    throw new Error(
      `--speed: "${value}" is not a positive number (1 = real time, 1440 = a day in a minute) or "max"`,
    );
  }
  return n;
}

function parseScenario(value: string | undefined): ScenarioName {
  const v = value ?? SIMULATE_DEFAULTS.scenario;
  if (!isScenarioName(v))
    throw new Error(`--scenario: "${v}" is unknown; choose one of ${SCENARIOS.join(', ')}`);
  return v;
}

function parseSeed(value: string | undefined): number {
  if (value === undefined) return SIMULATE_DEFAULTS.seed;
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
    throw new Error(`--seed: "${value}" is not an integer`);
  }
  return Number(value);
}

function parseUrl(value: string | undefined): string {
  const v = value ?? SIMULATE_DEFAULTS.mqttUrl;
  // One broker URL, or several separated by commas (each gateway fails over along the list).
  brokerConnectOptions(v, '--mqtt-url');
  return v;
}

function parsePrefix(value: string | undefined): string {
  const v = value ?? SIMULATE_DEFAULTS.usernamePrefix;
  if (!/^[A-Za-z0-9_.-]{0,32}$/.test(v)) {
    throw new Error(`--username-prefix: "${v}" may hold at most 32 letters, digits, "_", "." or "-"`);
  }
  return v;
}

function parseStart(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(n))
    throw new Error(`--start: "${value}" is not an ISO 8601 time or ms since the epoch`);
  return n;
}
