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
  volumes?: string[];
  configs?: { source: string; target: string }[];
}
const compose = parse(readFileSync(resolve(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  configs?: Record<string, { content?: string }>;
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
      'node-1',
      'node-2',
      'setup',
      'simulators',
    ]);
    expect(compose.services.simulators?.profiles).toEqual(['simulators']);
    for (const name of ['broker', 'ingest', 'dashboard'])
      expect(compose.services[name]?.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('has a scale-out profile: two louyu nodes, each with its own spool volume, behind HAProxy checking /readyz', () => {
    const profile = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('scale-out'));
    expect(profile.map(([name]) => name).sort()).toEqual(['load-balancer', 'node-1', 'node-2', 'redis']);
    const nodes = ['node-1', 'node-2'].map((name) => compose.services[name]!);
    for (const node of nodes) {
      expect(node.command).toEqual(['node']);
      expect(node.environment).toMatchObject({
        LOUYU_REDIS: 'redis://redis:6379',
        LOUYU_INFLUX: 'http://influxdb:8086',
        LOUYU_INFLUX_TOKEN: compose.services.influxdb?.environment?.DOCKER_INFLUXDB_INIT_ADMIN_TOKEN,
        LOUYU_METRICS_PORT: '9100',
      });
      // The same accounts on every node, from the volume `setup` wrote them to.
      expect(node.environment?.LOUYU_CREDENTIALS).toBe('/shared/credentials.json');
      expect(node.volumes).toContain('louyu-data:/shared:ro');
      expect(node.healthcheck?.test.join(' ')).toContain('/readyz');
    }
    // Each node its own spool (a node started again on its volume stores what it held), and its own name.
    const spools = nodes.map((n) => n.volumes?.find((v) => v.endsWith(':/data')));
    expect(new Set(spools).size).toBe(2);
    expect(nodes.map((n) => n.environment?.LOUYU_NODE_NAME)).toEqual(['node-1', 'node-2']);
    expect(compose.volumes).toHaveProperty('node-1-data');
    expect(compose.volumes).toHaveProperty('node-2-data');

    const lb = compose.services['load-balancer'];
    expect(lb?.image).toMatch(/^haproxy:/);
    const target = lb?.configs?.[0];
    expect(target?.target).toBe('/usr/local/etc/haproxy/haproxy.cfg');
    const config = compose.configs?.[target!.source]?.content ?? '';
    // MQTT as TCP to both nodes, each checked on its /readyz before it gets clients.
    expect(config).toMatch(/backend louyu_mqtt\n\s+mode tcp/);
    expect(config).toContain('option httpchk GET /readyz');
    for (const name of ['node-1', 'node-2'])
      expect(config).toContain(`server ${name} ${name}:1883 check port 9100`);
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
