import { Counter, Gauge, Registry } from 'prom-client';

/** Why the broker refused something; one label value each on `louyu_broker_refusals_total`. */
export type RefusalReason =
  | 'bad_credentials'
  | 'anonymous'
  | 'identifier_rejected'
  | 'protocol_level'
  | 'client_id_owned'
  | 'account_revoked'
  | 'will_acl'
  | 'publish_acl'
  | 'read_only'
  | 'subscribe_acl'
  | 'shared_subscription'
  | 'payload_too_large'
  | 'frame_too_large'
  | 'topic_too_deep'
  | 'ingest_refused';

/** The broker's Prometheus metrics, registered on one registry. */
export class BrokerMetrics {
  readonly connections: Counter;
  readonly connected: Gauge;
  readonly messagesIn: Counter;
  readonly bytesIn: Counter;
  readonly messagesOut: Counter;
  readonly bytesOut: Counter;
  readonly refusals: Counter<'reason'>;
  readonly rateLimitedClients: Gauge;
  readonly throttledPublishes: Counter;

  constructor(readonly registry: Registry = new Registry()) {
    const registers = [registry];
    this.connections = new Counter({
      name: 'louyu_broker_connections_total',
      help: 'MQTT connections accepted (CONNACK 0)',
      registers,
    });
    this.connected = new Gauge({
      name: 'louyu_broker_clients_connected',
      help: 'MQTT clients connected now',
      registers,
    });
    this.messagesIn = new Counter({
      name: 'louyu_broker_messages_in_total',
      help: 'PUBLISH packets accepted from clients',
      registers,
    });
    this.bytesIn = new Counter({
      name: 'louyu_broker_bytes_in_total',
      help: 'Payload bytes of accepted PUBLISH packets',
      registers,
    });
    this.messagesOut = new Counter({
      name: 'louyu_broker_messages_out_total',
      help: 'Messages forwarded to subscribers',
      registers,
    });
    this.bytesOut = new Counter({
      name: 'louyu_broker_bytes_out_total',
      help: 'Payload bytes forwarded to subscribers',
      registers,
    });
    this.refusals = new Counter({
      name: 'louyu_broker_refusals_total',
      help: 'Connections, publishes and subscriptions refused, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.throttledPublishes = new Counter({
      name: 'louyu_broker_throttled_publishes_total',
      help: 'Publishes held back (not dropped) until their account was back under its rate',
      registers,
    });
    this.rateLimitedClients = new Gauge({
      name: 'louyu_broker_rate_limited_clients',
      help: 'Connected clients whose publishes were held back by their account rate during this connection',
      registers,
    });
  }

  refuse(reason: RefusalReason): void {
    this.refusals.inc({ reason });
  }

  /** Current value of a refusal counter (for tests and the CLI's summary). */
  async refusalCount(reason: RefusalReason): Promise<number> {
    const data = await this.refusals.get();
    return data.values.find((v) => v.labels.reason === reason)?.value ?? 0;
  }
}
