// Runs an aedes broker in its own process: Louyu's (accounts, ACL, limits, metrics) or the same aedes with
// no hooks, each on a TCP server with TCP_NODELAY, so the two differ only in Louyu's hooks.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import type { CredentialsDocument, RunningBroker } from '@louyu/broker';
import { serve } from '../child.ts';

export interface StartArgs {
  kind: 'louyu' | 'aedes';
  /** Louyu's accounts. */
  credentials?: CredentialsDocument;
}

let louyu: RunningBroker | undefined;
let bare: { aedes: Aedes; server: Server } | undefined;

async function start(args: StartArgs): Promise<{ port: number }> {
  await stop();
  if (args.kind === 'louyu') {
    if (!args.credentials) throw new Error('a Louyu broker needs credentials');
    // Loaded here, not at the top: a host that only runs bare aedes starts in a fraction of the time.
    const [{ CredentialStore, startBroker }, { pino }, { Registry }] = await Promise.all([
      import('@louyu/broker'),
      import('pino'),
      import('prom-client'),
    ]);
    louyu = await startBroker({
      host: '127.0.0.1',
      mqttPort: 0,
      credentials: CredentialStore.fromDocument(args.credentials),
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      // Raised for the bench: the default (200/s per client, burst 1,000) would refuse most of the load.
      rateLimit: { perSecond: 1e9, burst: 1e9 },
    });
    return { port: louyu.ports.mqtt };
  }
  const aedes = await Aedes.createBroker();
  const server = createServer({ noDelay: true }, (socket) => aedes.handle(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  bare = { aedes, server };
  return { port: (server.address() as AddressInfo).port };
}

async function stop(): Promise<void> {
  if (louyu) await louyu.close();
  louyu = undefined;
  if (bare) {
    const { aedes, server } = bare;
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  bare = undefined;
}

/** Heap and RSS after a full collection (the process runs with --expose-gc). */
function memory(): { rss: number; heapUsed: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

serve({ start, stop, memory, close: stop });
