import {
  createDistrict,
  loadCredentialsFile,
  loadInitialMetersFile,
  runFleet,
  validateSimulateOptions,
  type FleetStats,
} from '@louyu/simulators';
import type { Command } from 'commander';
import { addOptions, resolveOptions } from '../define.ts';
import type { Io, Output } from '../io.ts';
import { parsers } from '../options.ts';
import { untilSignal } from '../signals.ts';
import { REGISTRY_OPTION, loadRegistry } from './district.ts';

const text = (flag: string, description: string) => ({ flag, description, parse: parsers.text });
const OPTIONS = {
  registry: REGISTRY_OPTION,
  buildings: text('buildings', '"all", a count, or building ids separated by commas (default: all)'),
  speed: text(
    'speed',
    'simulated time per wall-clock time, e.g. 1440 = a day in a minute, or "max" (default: 1)',
  ),
  scenario: text(
    'scenario',
    'normal, morning-rush, elevator-outage, parking-crunch, fire-drill, gateway-dropout, bad-input, flood',
  ),
  seed: text('seed', 'seed: the same seed gives the same messages (default: 1)'),
  mqttUrl: text(
    'mqtt-url',
    'broker URL, or several separated by commas: each gateway fails over to the next (default: mqtt://localhost:1883)',
  ),
  usernamePrefix: text(
    'username-prefix',
    'gateway username prefix; the username is <prefix><building> (default: gw-)',
  ),
  credentials: text('credentials', 'JSON file {"building-id": "password"} with each gateway password'),
  start: text('start', 'simulated start time, ISO 8601 or ms since the epoch (default: now)'),
  initialMeters: text(
    'initial-meters',
    'JSON file {"building-id": {"meter-total": kWh, ...}}: meters continue from these readings (louyu start fills it from the store)',
  ),
};

/** `louyu simulate`: the district's buildings as MQTT gateways, publishing to a broker. */
export function registerSimulate(program: Command, io: Io): void {
  const command = program.command('simulate').description('run simulated building gateways against a broker');
  addOptions(command, OPTIONS).action(async (given: Record<string, unknown>) => {
    const o = resolveOptions(OPTIONS, given);
    const registry = await loadRegistry(o.registry);
    const { registry: _registry, initialMeters: metersFile, ...args } = o;
    const options = validateSimulateOptions(stripUndefined(args), registry);
    const credentials = options.credentialsFile ? await loadCredentialsFile(options.credentialsFile) : {};
    const district = createDistrict({
      registry,
      seed: options.seed,
      start: options.start ?? Date.now(),
      scenario: options.scenario,
      ...(options.buildings === 'all' ? {} : { buildings: options.buildings }),
    });
    const signalled = untilSignal(); // listening before the gateways connect (see untilSignal)
    const fleet = runFleet({
      district,
      brokerUrl: options.mqttUrl,
      credentials,
      speed: options.speed,
      usernamePrefix: options.usernamePrefix,
      ...(metersFile ? { initialMeters: await loadInitialMetersFile(metersFile) } : {}),
      onProgress: (stats) => printProgress(stats, io.stdout),
    });
    await signalled;
    await fleet.stop();
    io.stdout.write('\n');
  });
}

/** One line of progress: on a terminal it rewrites itself, elsewhere it is a log line. */
export function printProgress(stats: FleetStats, out: Output): void {
  const line =
    `simulate: ${stats.connected}/${stats.gateways} gateways connected · ${Math.round(stats.messagesPerSecond)} msg/s · ` +
    `${stats.acked} acknowledged · ${stats.errors} errors · simulated ${new Date(stats.simNow).toISOString().slice(0, 16)}Z` +
    // A clock behind the wall clock is a replay: say so, how far behind, and how fast it really runs.
    (stats.behindMs > REPLAY_AFTER_MS
      ? ` · replay ${formatBehind(stats.behindMs)} behind at ${Math.round(stats.simSpeed)}x`
      : '') +
    (stats.lastError ? ` · last error: ${stats.lastError}` : '');
  out.write(out.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
}

/** Behind the wall clock by more than this, the simulator is replaying the past. */
const REPLAY_AFTER_MS = 2 * 60_000;

function formatBehind(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
