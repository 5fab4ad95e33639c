// `louyu broker --redis` as a child process, one node of a scale-out: the fail-over tests start two or
// three on one Redis (plain or behind Sentinel) and kill them while gateways publish.
import { join } from 'node:path';
import { healthStatus } from './broker-accounts.ts';
import { freePort, spawnServer, type ServerProcess } from './spawn-server.ts';

const LOUYU = join(import.meta.dirname, '..', '..', 'cli', 'bin', 'louyu.js');

export interface BrokerNode {
  process: ServerProcess;
  mqttPort: number;
  /** Its /healthz, /readyz and /metrics. */
  httpPort: number;
  /** mqtt://127.0.0.1:{mqttPort} */
  url: string;
}

/**
 * Starts a node on `redisUrl` (or a broker of its own, in memory, without one) with `credentialsFile`,
 * ready once /readyz says 200 (what a load balancer waits for).
 */
export async function startBrokerNode(
  name: string,
  {
    redisUrl,
    credentialsFile,
    ports,
  }: {
    redisUrl?: string;
    credentialsFile: string;
    /** The ports of a node started again where its clients know it (default: free ones). */
    ports?: { mqttPort: number; httpPort: number };
  },
): Promise<BrokerNode> {
  const { mqttPort, httpPort } = ports ?? { mqttPort: await freePort(), httpPort: await freePort() };
  const server = await spawnServer({
    name,
    command: process.execPath,
    args: [
      LOUYU,
      'broker',
      '--host',
      '127.0.0.1',
      '--mqtt-port',
      String(mqttPort),
      '--metrics-port',
      String(httpPort),
      ...(redisUrl === undefined ? [] : ['--redis', redisUrl]),
      '--credentials',
      credentialsFile,
      // warn unless a test run asks for more (LOUYU_TEST_BROKER_LOG=info) to see what a node did.
      '--log-level',
      process.env.LOUYU_TEST_BROKER_LOG ?? 'warn',
    ],
    ready: async () => (await healthStatus(httpPort, '/readyz')) === 200,
    startTimeoutMs: 180_000,
    // Everything the node printed, for a look after a failure: LOUYU_TEST_LOG_DIR=/some/folder.
    ...(process.env.LOUYU_TEST_LOG_DIR
      ? { logPath: join(process.env.LOUYU_TEST_LOG_DIR, `${name.replaceAll(' ', '-')}-${mqttPort}.log`) }
      : {}),
  });
  return { process: server, mqttPort, httpPort, url: `mqtt://127.0.0.1:${mqttPort}` };
}
