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

/** Starts a node on `redisUrl` with `credentialsFile`, ready once /readyz says 200 (what a load balancer waits for). */
export async function startBrokerNode(
  name: string,
  { redisUrl, credentialsFile }: { redisUrl: string; credentialsFile: string },
): Promise<BrokerNode> {
  const [mqttPort, httpPort] = [await freePort(), await freePort()];
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
      '--redis',
      redisUrl,
      '--credentials',
      credentialsFile,
      '--log-level',
      'warn',
    ],
    ready: async () => (await healthStatus(httpPort, '/readyz')) === 200,
    startTimeoutMs: 180_000,
  });
  return { process: server, mqttPort, httpPort, url: `mqtt://127.0.0.1:${mqttPort}` };
}
