import type { Client, PublishPacket } from 'aedes';
import type { Logger } from 'pino';
import type { BrokerConfig } from './config.ts';
import type { VerifiedLogins } from './credentials/login-cache.ts';
import type { CredentialSource } from './credentials/store.ts';
import type { AccountRates } from './limits/rate-limiter.ts';
import type { BrokerMetrics, RefusalReason } from './metrics.ts';

/**
 * Runs for every publish that passed the ACL and limits, before aedes acknowledges it (QoS 1 PUBACK),
 * and for the broker's own gateway status messages (client null). The all-in-one mode appends to the
 * ingest spool here (DESIGN.md "Delivery"). Throwing or rejecting refuses the message: aedes then
 * closes the client's connection without PUBACK, and the client sends it again after reconnecting.
 */
export type OnPublish = (packet: PublishPacket, client: Client | null) => void | Promise<void>;

/**
 * Runs for every publish the broker refuses (topic too deep, outside the account's topics, payload too
 * large) before it is dropped, with the packet as the client sent it: the all-in-one mode keeps it in
 * ingest's dead letters. Must not throw.
 */
export type OnRefused = (packet: PublishPacket, client: Client, reason: RefusalReason) => void;

/** What a client said in its CONNECT that later hooks need (aedes hands them only the client). */
export interface ConnectFacts {
  /** [MQTT-3.1.3-8]: a zero-length client id with clean session off. */
  emptyIdWithSession: boolean;
  /** No client id was sent: aedes makes one up (a random UUID), which nobody else can know. */
  generatedId: boolean;
  will: PublishPacket | null;
}

/** State shared by the broker's hooks; one per broker. */
export interface BrokerContext {
  config: BrokerConfig;
  credentials: CredentialSource | null;
  /** Logins checked once per credential change (credentials/login-cache.ts). */
  logins: VerifiedLogins;
  metrics: BrokerMetrics;
  log: Logger;
  onPublish: OnPublish | null;
  onRefused: OnRefused | null;
  connectFacts: WeakMap<Client, ConnectFacts>;
  /** Publish rate per account (limits/rate-limiter.ts). */
  rates: AccountRates;
  /** Clients held back by their account's rate at least once on this connection (the gauge's members). */
  throttled: WeakSet<Client>;
  /** Clients whose client id has connected on another broker node: they moved, they did not go offline. */
  superseded: WeakSet<Client>;
  now: () => number;
}
