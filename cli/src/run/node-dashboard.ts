import type { LouyuBroker } from '@louyu/broker';
import type { Registry } from '@louyu/core';
import { buildApp, type TrustProxy } from '@louyu/dashboard-server';
import { ensureWebBuilt } from '@louyu/dashboard-web';
import type { Ingest } from '@louyu/ingest';
import { ensureJwtSecret } from '../setup/jwt-secret.ts';
import { openStore, type StoreChoice } from '../setup/store.ts';
import { dashboardUsers } from '../setup/users.ts';
import { clusterFeed } from './cluster-feed.ts';
import { inProcessDashboardOptions, spoolReadiness } from './in-process-dashboard.ts';

/** What the dashboard of a `louyu node` is configured with (its options). */
export interface NodeDashboardOptions extends StoreChoice {
  demo: boolean;
  redis: string;
  httpPort: number;
  host: string;
  trustProxy: TrustProxy;
  opsToken?: string | undefined;
  alarmEscalateMinutes: number;
  startupLimitSeconds: number;
}

/** The dashboard in this node's process, fed by every node's messages; resolves with its closer. */
export async function startNodeDashboard(
  o: NodeDashboardOptions,
  broker: LouyuBroker,
  ingest: Ingest,
  registry: Registry,
  say: (line: string) => void,
): Promise<() => Promise<void>> {
  const log = broker.log;
  const store = await openStore(o, (error) =>
    log.warn({ err: error }, 'store not reachable yet: the dashboard starts not ready'),
  );
  let spoolState: Parameters<typeof clusterFeed>[2] = () => {};
  const feed = await clusterFeed(broker, registry, (node, state) => spoolState(node, state));
  const app = await buildApp({
    registry,
    store,
    users: await dashboardUsers(o.dataDir, o.demo, registry),
    jwtSecret: await ensureJwtSecret(o.dataDir),
    source: feed.source,
    readiness: spoolReadiness(ingest),
    options: inProcessDashboardOptions(o, await ensureWebBuilt(), log.child({ part: 'dashboard' })),
  });
  spoolState = (node, state) =>
    state === 'cleared'
      ? app.louyu.alarms.ingestSpoolFull(node, false, null)
      : app.louyu.alarms.ingestSpoolFull(node, state.full, state.detail);
  const address = await app.listen({ port: o.httpPort, host: o.host }).catch(async (error: unknown) => {
    await app.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  });
  say(`Dashboard 仪表盘: ${address.replace('0.0.0.0', 'localhost')}`);
  return async () => {
    await feed.stop();
    await app.close();
    await store.close();
  };
}
