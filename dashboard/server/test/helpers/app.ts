// Builds a dashboard app over a real embedded store in a temporary folder, with a district user, an admin
// and a manager of one building. Each test file gets its own folder; `dispose` closes and removes it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { smallRegistry, type Registry } from '@louyu/core';
import { createStore, type TelemetryStore } from '@louyu/store';
import {
  buildApp,
  createUserRecord,
  UserDirectory,
  type AppOptions,
  type LiveSource,
  type UserRecord,
} from '../../src/index.ts';

export const SECRET = 'test-secret-that-is-long-enough-for-hs256!!';
export const PASSWORD = 'correct horse battery';

let cachedUsers: Promise<UserRecord[]> | undefined;
/** district / admin / manager (of `healthy`) / manager-sp (of `short-parking`), hashed once per file (scrypt is deliberately slow). */
export function testUsers(): Promise<UserRecord[]> {
  cachedUsers ??= Promise.all([
    createUserRecord({ username: 'district', password: PASSWORD, role: 'district' }),
    createUserRecord({ username: 'admin', password: PASSWORD, role: 'admin' }),
    createUserRecord({ username: 'manager', password: PASSWORD, role: 'manager', buildings: ['healthy'] }),
    createUserRecord({
      username: 'manager-sp',
      password: PASSWORD,
      role: 'manager',
      buildings: ['short-parking'],
    }),
  ]);
  return cachedUsers;
}

export interface TestApp {
  app: FastifyInstance;
  store: TelemetryStore;
  registry: Registry;
  dir: string;
  clock: { now: number };
  token(username: string): Promise<string>;
  /** A new app over the same store folder (a restart). */
  restart(): Promise<FastifyInstance>;
  dispose(): Promise<void>;
}

export async function startTestApp(
  options: Partial<AppOptions> = {},
  extra: { source?: LiveSource; registry?: Registry; dir?: string; users?: UserDirectory } = {},
): Promise<TestApp> {
  const dir = extra.dir ?? (await mkdtemp(join(tmpdir(), 'louyu-dashboard-')));
  const registry = extra.registry ?? smallRegistry();
  const clock = { now: Date.UTC(2025, 2, 12, 2, 0, 0) };
  let store = await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
  const users = extra.users ?? new UserDirectory(await testUsers());
  const build = async (): Promise<FastifyInstance> => {
    const app = await buildApp({
      registry,
      store,
      users,
      jwtSecret: SECRET,
      ...(extra.source ? { source: extra.source } : {}),
      options: { now: () => clock.now, ...options },
    });
    await app.ready();
    return app;
  };
  const handle: TestApp = {
    app: await build(),
    store,
    registry,
    dir,
    clock,
    async token(username) {
      const reply = await handle.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
      });
      if (reply.statusCode !== 200) throw new Error(`login ${username}: ${reply.statusCode} ${reply.body}`);
      return reply.json<{ token: string }>().token;
    },
    async restart() {
      await handle.app.close();
      await store.close();
      store = await createStore({ kind: 'sqlite', path: join(dir, 'louyu.db'), retentionIntervalMs: 0 });
      handle.store = store;
      handle.app = await build();
      return handle.app;
    },
    async dispose() {
      await handle.app.close();
      await store.close();
      if (!extra.dir) await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
