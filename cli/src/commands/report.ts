import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { buildApp, createUserRecord, UserDirectory } from '@louyu/dashboard-server';
import type { Command } from 'commander';
import { COMMON } from '../common-options.ts';
import { addOptions, resolveOptions } from '../define.ts';
import type { Io } from '../io.ts';
import { ConfigError, parsers } from '../options.ts';
import { openStore } from '../setup/store.ts';
import { loadRegistry, REGISTRY_OPTION } from './district.ts';

const OPTIONS = {
  dataDir: COMMON.dataDir,
  influx: COMMON.influx,
  influxDatabase: COMMON.influxDatabase,
  influxToken: COMMON.influxToken,
  registry: REGISTRY_OPTION,
  date: {
    flag: 'date',
    description: 'a local date YYYY-MM-DD inside the week or month (default: today)',
    parse: parsers.text,
  },
  format: {
    flag: 'format',
    description: 'csv, html or json',
    parse: parsers.oneOf(['csv', 'html', 'json'] as const),
    default: 'csv' as const,
  },
  out: { flag: 'out', description: 'write to this file instead of standard output', parse: parsers.text },
};

/**
 * `louyu report weekly|monthly`: the district's 每周调度 / 每月通报 from the store, without a running
 * dashboard. It builds the dashboard app over the store and asks its report route, so the file is the
 * same one the dashboard's download gives.
 */
export function registerReport(program: Command, io: Io): void {
  const command = program
    .command('report <period>')
    .description('write the weekly (每周调度) or monthly (每月通报) report from the store');
  addOptions(command, OPTIONS).action(async (period: string, given: Record<string, unknown>) => {
    if (period !== 'weekly' && period !== 'monthly')
      throw new ConfigError('<period>', `must be weekly or monthly, got "${period}"`);
    const o = resolveOptions(OPTIONS, given);
    const registry = await loadRegistry(o.registry);
    const store = await openStore(o);
    // A one-off district user that exists only in this process, to ask the report route as district staff do.
    const password = randomBytes(24).toString('base64url');
    const app = await buildApp({
      registry,
      store,
      users: new UserDirectory([
        await createUserRecord({ username: 'louyu-report', password, role: 'district' }, registry),
      ]),
      jwtSecret: randomBytes(32).toString('base64url'),
    });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'louyu-report', password },
      });
      const { token } = login.json<{ token: string }>();
      const query = new URLSearchParams({ format: o.format, ...(o.date ? { date: o.date } : {}) });
      const reply = await app.inject({
        method: 'GET',
        url: `/api/reports/${period}?${query.toString()}`,
        headers: { authorization: `Bearer ${token}` },
      });
      if (reply.statusCode !== 200)
        throw new ConfigError('--date', reply.json<{ message: string }>().message);
      if (o.out) {
        await writeFile(o.out, reply.rawPayload);
        io.stderr.write(`louyu report: ${period} report written to ${o.out}\n`);
      } else {
        io.stdout.write(reply.rawPayload);
      }
    } finally {
      await app.close();
      await store.close();
    }
  });
}
