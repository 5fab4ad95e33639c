import type { EventEmitter } from 'node:events';
import { Aedes } from 'aedes';
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import { makeAuthenticate } from './acl/authenticate.ts';
import { makeAuthorizeForward } from './acl/authorize-forward.ts';
import { makeAuthorizePublish } from './acl/authorize-publish.ts';
import { makeAuthorizeSubscribe } from './acl/authorize-subscribe.ts';
import { DEFAULT_CLIENT_IDS_PER_ACCOUNT, openClientOwnership } from './acl/client-ownership.ts';
import { makePreConnect } from './acl/pre-connect.ts';
import {
  BrokerConfigError,
  resolveBrokerConfig,
  type BrokerConfig,
  type BrokerConfigInput,
} from './config.ts';
import type { BrokerContext, OnPublish, OnRefused } from './context.ts';
import { WatchedCredentialsFile } from './credentials/file.ts';
import { VerifiedLogins } from './credentials/login-cache.ts';
import { cutRevokedConnections } from './credentials/revocation.ts';
import type { CredentialSource } from './credentials/store.ts';
import { describe, identityOf } from './identity.ts';
import { openListeners, type BrokerPorts } from './listeners.ts';
import { AccountRates } from './limits/rate-limiter.ts';
import { BrokerMetrics } from './metrics.ts';
import { createBrokerState } from './persistence.ts';
import { trackGatewayStatus, watchTakeovers } from './status.ts';

/** Everything {@link createBroker} takes: the configuration plus what a caller composes in. */
export interface BrokerOptions extends BrokerConfigInput {
  /** Accounts; overrides `credentialsFile` (the all-in-one mode builds them in memory). */
  credentials?: CredentialSource;
  logger?: Logger;
  /** Prometheus registry to register on; a fresh one by default. */
  registry?: Registry;
  onPublish?: OnPublish;
  /** Told about every publish the broker refuses, before it is dropped (split mode: only logged). */
  onRefused?: OnRefused;
  /** aedes' `$SYS` heartbeat; wills of dead nodes are cleared every 4 heartbeats. */
  heartbeatIntervalMs?: number;
  /**
   * Most client ids one account owns (acl/client-ownership.ts); past it, the account's least recently
   * connected id is released. Default {@link DEFAULT_CLIENT_IDS_PER_ACCOUNT}.
   */
  clientIdsPerAccount?: number;
  /** Clock for rate limits (tests). */
  now?: () => number;
}

/** A broker built but not listening: aedes with Louyu's hooks and its state opened. */
export interface LouyuBroker {
  readonly aedes: Aedes;
  readonly config: BrokerConfig;
  readonly metrics: BrokerMetrics;
  readonly log: Logger;
  /** Opens the TCP (and TLS, WebSocket) listeners. */
  listen(): Promise<RunningBroker>;
  /**
   * Why this node should not be sent clients now (not listening, closing, Redis connections not ready),
   * or null when it should: what `/readyz` reports to a load balancer.
   */
  notReady(): string | null;
  /** Disconnects every client, closes listeners and releases the persistence (Redis connections). */
  close(): Promise<void>;
}

/** A listening broker. */
export interface RunningBroker {
  readonly broker: LouyuBroker;
  readonly ports: BrokerPorts;
  close(): Promise<void>;
}

/** Builds the broker and its hooks without opening a port. */
export async function createBroker(options: BrokerOptions = {}): Promise<LouyuBroker> {
  const config = resolveBrokerConfig(options);
  const log = options.logger ?? pino({ name: 'louyu-broker' });
  const credentials =
    options.credentials ??
    (config.credentialsFile ? await WatchedCredentialsFile.open(config.credentialsFile) : null);
  if (!credentials && !config.demo) {
    throw new BrokerConfigError(
      '--credentials',
      'is required unless --demo is set: without accounts nobody could connect',
    );
  }
  const metrics = new BrokerMetrics(options.registry);
  const ctx: BrokerContext = {
    config,
    credentials,
    logins: new VerifiedLogins(),
    metrics,
    log,
    onPublish: options.onPublish ?? null,
    onRefused: options.onRefused ?? null,
    connectFacts: new WeakMap(),
    rates: new AccountRates(config.rateLimit, options.now ?? Date.now),
    throttled: new WeakSet(),
    superseded: new WeakSet(),
    now: options.now ?? Date.now,
  };

  const state = createBrokerState(config.redis, log, metrics.registry);
  // Beside the sessions: in memory, or in Redis shared by every node (DESIGN.md "Security").
  const clientIds = openClientOwnership(
    config.redis,
    options.clientIdsPerAccount ?? DEFAULT_CLIENT_IDS_PER_ACCOUNT,
    log,
  );
  let aedes: Aedes | null = null;
  watchTakeovers(state.mq, () => aedes, ctx);
  aedes = await Aedes.createBroker({
    persistence: state.persistence,
    mq: state.mq,
    ...(options.heartbeatIntervalMs ? { heartbeatInterval: options.heartbeatIntervalMs } : {}),
    preConnect: makePreConnect(ctx),
    authenticate: makeAuthenticate(ctx, clientIds),
    authorizePublish: makeAuthorizePublish(ctx),
    authorizeSubscribe: makeAuthorizeSubscribe(ctx),
    authorizeForward: makeAuthorizeForward(ctx),
  });
  observe(aedes, ctx);
  trackGatewayStatus(aedes, ctx);
  const stopRevocations = cutRevokedConnections(aedes, ctx);
  log.info({ persistence: state.kind, demo: config.demo }, 'broker ready');

  let listening: RunningBroker | null = null;
  let closing: Promise<void> | null = null;
  const closeAedes = () => new Promise<void>((resolve) => aedes.close(() => resolve()));

  const broker: LouyuBroker = {
    aedes,
    config,
    metrics,
    log,
    notReady() {
      if (closing) return 'closing';
      if (!listening) return 'not listening';
      return state.notReady();
    },
    async listen() {
      if (listening) return listening;
      const listeners = await openListeners(aedes, config, (declared) => {
        metrics.refuse('frame_too_large');
        log.warn({ declared }, 'connection dropped: MQTT packet over the size limit');
      });
      log.info({ ports: listeners.ports }, 'broker listening');
      listening = {
        broker,
        ports: listeners.ports,
        close: async () => {
          await listeners.close(() => broker.close());
        },
      };
      return listening;
    },
    close() {
      closing ??= (async () => {
        stopRevocations();
        await closeAedes();
        await state.persistence.destroy();
        await clientIds.close();
        log.info('broker closed');
      })();
      return closing;
    },
  };
  return broker;
}

/** Builds the broker and opens its listeners: what `louyu broker` runs. */
export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const broker = await createBroker(options);
  try {
    return await broker.listen();
  } catch (err) {
    await broker.close();
    throw err;
  }
}

// Connection counts and logs. Only metadata is logged: never passwords, never payloads.
function observe(aedes: Aedes, ctx: BrokerContext): void {
  const { metrics, log } = ctx;
  aedes.on('clientReady', (client) => {
    metrics.connections.inc();
    metrics.connected.inc();
    log.info({ clientId: client.id, who: describe(identityOf(client)) }, 'client connected');
  });
  aedes.on('clientDisconnect', (client) => {
    metrics.connected.dec();
    if (ctx.throttled.has(client)) metrics.rateLimitedClients.dec();
    log.info({ clientId: client.id, who: describe(identityOf(client)) }, 'client disconnected');
  });
  aedes.on('keepaliveTimeout', (client) => log.info({ clientId: client.id }, 'keep-alive expired'));
  aedes.on('clientError', (client, err) =>
    log.info({ clientId: client.id, err: err.message }, 'client error'),
  );
  aedes.on('connectionError', (_client, err) =>
    log.debug({ err: err.message }, 'connection error before CONNECT'),
  );
  // aedes reports persistence failures here; without a listener Node would throw.
  (aedes as EventEmitter).on('error', (err: Error) => log.error({ err }, 'broker error'));
}
