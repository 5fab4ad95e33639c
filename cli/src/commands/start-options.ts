import type { Resolved } from '../define.ts';
import { COMMON } from '../common-options.ts';
import { parsers } from '../options.ts';
import { REGISTRY_OPTION } from './district.ts';

/** The options of `louyu start`, shared by the command and by `startLouyu()` (its defaults). */
export const START_OPTIONS = {
  mqttPort: COMMON.mqttPort,
  httpPort: COMMON.httpPort,
  host: COMMON.host,
  dataDir: COMMON.dataDir,
  influx: COMMON.influx,
  influxDatabase: COMMON.influxDatabase,
  influxToken: COMMON.influxToken,
  redis: COMMON.redis,
  demo: {
    ...COMMON.demo,
    default: true,
    description: 'demo users for the dashboard and anonymous read-only MQTT',
  },
  seed: COMMON.seed,
  spoolMaxBytes: {
    flag: 'spool-max-bytes',
    description:
      'quota of the ingest spool (received, not yet stored), e.g. 512MiB; past it messages go unacknowledged and spool_full is raised',
    parse: parsers.bytes,
    default: 1024 ** 3,
  },
  logLevel: { ...COMMON.logLevel, default: 'warn' as const },
  trustProxy: COMMON.trustProxy,
  opsToken: COMMON.opsToken,
  alarmEscalateMinutes: COMMON.alarmEscalateMinutes,
  startupLimitSeconds: COMMON.startupLimitSeconds,
  registry: REGISTRY_OPTION,
  simulator: {
    flag: 'simulator',
    description: 'run the simulated district against the broker',
    parse: parsers.boolean,
    default: true,
  },
  history: {
    flag: 'history',
    description:
      'on a first start (no meter reading stored), write the simulated last 7 days into the store before running live',
    parse: parsers.boolean,
    default: true,
  },
  speed: {
    flag: 'speed',
    description: 'simulated time per wall-clock time',
    parse: parsers.text,
    default: '1',
  },
  scenario: { flag: 'scenario', description: 'simulator scenario', parse: parsers.text, default: 'normal' },
  buildings: {
    flag: 'buildings',
    description: 'simulated buildings: "all", a count, or ids',
    parse: parsers.text,
    default: 'all',
  },
};

/** `louyu start`'s settings, resolved: what starting Louyu needs. */
export type StartSettings = Resolved<typeof START_OPTIONS>;
