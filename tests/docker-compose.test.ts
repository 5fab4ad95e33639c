// docker-compose.yml is for users; no Docker engine runs here. So the file is checked for what would
// break a user's `docker compose up`: every service runs a command the louyu CLI has, and every LOUYU_*
// variable it sets is one that command reads.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const LOUYU = resolve(ROOT, 'cli/bin/louyu.js');

interface Service {
  build?: string;
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
}
const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const louyuServices = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

async function helpOf(command: string): Promise<string> {
  const { stdout } = await run(process.execPath, [LOUYU, command, '--help']);
  return stdout;
}

describe('docker-compose.yml', () => {
  it('runs InfluxDB 2.x with its bucket, org and token set up', () => {
    const influx = compose.services.influxdb;
    expect(influx?.image).toMatch(/^influxdb:2\./);
    expect(influx?.environment).toMatchObject({
      DOCKER_INFLUXDB_INIT_MODE: 'setup',
      DOCKER_INFLUXDB_INIT_BUCKET: 'louyu',
      DOCKER_INFLUXDB_INIT_ORG: 'louyu',
    });
    // Louyu and InfluxDB must agree on the token.
    expect(compose.services.dashboard?.environment?.LOUYU_INFLUX_TOKEN).toBe(
      influx?.environment?.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN,
    );
    expect(compose.services.ingest?.environment?.LOUYU_INFLUX_TOKEN).toBe(
      influx?.environment?.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN,
    );
  });

  it('has broker, ingest, dashboard and a simulators profile, built from the repository', () => {
    expect(louyuServices.map(([name]) => name).sort()).toEqual([
      'broker',
      'dashboard',
      'ingest',
      'setup',
      'simulators',
    ]);
    expect(compose.services.simulators?.profiles).toEqual(['simulators']);
    for (const name of ['broker', 'ingest', 'dashboard'])
      expect(compose.services[name]?.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('only depends on services it defines', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(compose.services, `${name} depends on ${dependency}`).toHaveProperty(dependency);
      }
    }
  });

  it.each(louyuServices)(
    '%s runs a louyu command and sets only variables it reads',
    async (_name, service) => {
      const [command] = service.command ?? [];
      expect(command).toBeDefined();
      const help = await helpOf(command!);
      for (const variable of Object.keys(service.environment ?? {}).filter((v) => v.startsWith('LOUYU_'))) {
        expect(help, `louyu ${command} does not read ${variable}`).toContain(`[${variable}]`);
      }
    },
  );
});
