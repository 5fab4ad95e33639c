import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Registry } from '@louyu/core';
import { DEMO_PASSWORD } from '@louyu/dashboard-server';
import { START_OPTIONS, type StartSettings } from './commands/start-options.ts';
import { resolveOptions } from './define.ts';
import type { IngestSummary } from './run/ingest-summary.ts';
import { startParts, type RunningParts } from './run/start-parts.ts';

/** What to change from `louyu start`'s defaults, plus where the start-up lines go. */
export interface StartLouyuOptions extends Partial<StartSettings> {
  /** Gets each line `louyu start` would print while starting (default: dropped). */
  onLine?: (line: string) => void;
}

/** A user of the dashboard and its password. */
export interface Login {
  username: string;
  password: string;
}

/** A whole Louyu running in this process (the simulated district in a child process). */
export interface StartedLouyu {
  /** The dashboard and its REST API, e.g. http://127.0.0.1:41234 (POST /api/auth/login, GET /api/buildings). */
  httpUrl: string;
  /** The broker, e.g. mqtt://127.0.0.1:41235 (gateways log in as gw-{building}; demo mode reads anonymously). */
  mqttUrl: string;
  /** The data folder: the SQLite store, the spool, the accounts. */
  dataDir: string;
  registry: Registry;
  /** The demo users (district, admin, manager of the first building); empty with `demo: false`. */
  demoUsers: Login[];
  /** The simulated gateways' MQTT passwords by building (username gw-{building}); empty with `simulator: false`. */
  gatewayPasswords: Record<string, string>;
  /**
   * Stops everything, stores what was received, and removes the data folder if startLouyu made it. Calling
   * it again returns the same result (a test's afterAll may call it after a test did).
   */
  stop(): Promise<IngestSummary>;
}

/**
 * Starts Louyu as `louyu start` does, for end-to-end tests: broker, ingest, dashboard and the simulated
 * district, with the same defaults except free ports on 127.0.0.1, a new temporary data folder, no week
 * of simulated history (it takes a while; pass `history: true`) and logs from level `error`. It installs
 * no signal handlers: the caller stops it.
 */
export async function startLouyu(options: StartLouyuOptions = {}): Promise<StartedLouyu> {
  const { onLine, ...given } = options;
  // The command's defaults, not the environment: a test's result must not depend on LOUYU_* variables.
  const defaults = resolveOptions(START_OPTIONS, {}, {});
  const ownDataDir = given.dataDir === undefined;
  const dataDir = given.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'louyu-')));
  const settings: StartSettings = {
    ...defaults,
    httpPort: 0,
    mqttPort: 0,
    host: '127.0.0.1',
    history: false,
    logLevel: 'error',
    ...given,
    dataDir,
  };
  let parts: RunningParts;
  try {
    parts = await startParts(settings, onLine ?? (() => {}));
  } catch (error) {
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { registry, accounts } = parts;
  const local = settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host;
  const gatewayPasswords = settings.simulator
    ? (JSON.parse(await readFile(accounts.simulatorCredentialsFile, 'utf8')) as Record<string, string>)
    : {};
  const running = parts;
  let stopping: Promise<IngestSummary> | undefined;
  return {
    httpUrl: parts.address.replace('0.0.0.0', local),
    mqttUrl: `mqtt://${local}:${parts.mqttPort}`,
    dataDir,
    registry,
    demoUsers: settings.demo
      ? ['district', 'admin', 'manager'].map((username) => ({ username, password: DEMO_PASSWORD }))
      : [],
    gatewayPasswords,
    stop() {
      stopping ??= running.stop().then(async (summary) => {
        if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
        return summary;
      });
      return stopping;
    },
  };
}
