import { statusTopic, type GatewayStatus } from '@louyu/core';
import type { Aedes, Client, PublishPacket } from 'aedes';
import type { MQEmitter } from 'mqemitter';
import type { BrokerContext } from './context.ts';
import { identityOf } from './identity.ts';

/**
 * Keeps each building's retained status topic true: `online` when its gateway connects, `offline` when
 * it goes. A gateway's own Last Will on its status topic speaks for it when the connection breaks;
 * the broker writes `offline` itself when there is no such will, or when the gateway disconnected
 * cleanly (a clean DISCONNECT discards the will, MQTT 3.1.1 §3.14.4, yet the gateway is gone).
 */
export function trackGatewayStatus(broker: Aedes, ctx: BrokerContext): void {
  broker.on('clientReady', (client) => {
    const identity = identityOf(client);
    if (identity?.role === 'gateway') publishStatus(broker, ctx, identity.building, 'online');
  });
  broker.on('clientDisconnect', (client) => {
    const identity = identityOf(client);
    if (identity?.role !== 'gateway' || ctx.superseded.has(client)) return;
    const topic = statusTopic(identity.building);
    const will = ctx.connectFacts.get(client)?.will;
    const willSpeaks = will?.topic === topic && !sentDisconnect(client);
    if (!willSpeaks) publishStatus(broker, ctx, identity.building, 'offline');
  });
}

/**
 * When a gateway's client id connects on another broker node, aedes there announces it on
 * `$SYS/{node}/new/clients` and this node closes its old connection. That node has already published
 * `online`; an `offline` (ours or the old connection's will) would land after it and stick. So the old
 * connection is marked as superseded: no broker `offline`, and its will is dropped (authorize-publish).
 * This listener must be on the emitter before aedes' own (which closes the old connection, at times
 * synchronously), hence it is added before aedes is created. On a single node aedes closes the old
 * connection before the new one registers, so the order is already right there.
 */
export function watchTakeovers(mq: MQEmitter, getBroker: () => Aedes | null, ctx: BrokerContext): void {
  mq.on('$SYS/+/new/clients', (packet, done) => {
    const broker = getBroker() as (Aedes & { clients: Record<string, Client | undefined> }) | null;
    const node = packet.topic.split('/')[1];
    const local = broker?.clients[String(packet.payload)];
    if (broker && node !== broker.id && local) ctx.superseded.add(local);
    done();
  });
}

// aedes marks a client that sent DISCONNECT with this field; it has no public accessor.
function sentDisconnect(client: Client): boolean {
  return (client as Client & { _disconnected?: boolean })._disconnected === true;
}

function publishStatus(broker: Aedes, ctx: BrokerContext, building: string, status: GatewayStatus): void {
  const packet = {
    cmd: 'publish',
    topic: statusTopic(building),
    payload: Buffer.from(status),
    qos: 1,
    retain: true,
    dup: false,
  } as PublishPacket;
  const send = () =>
    broker.publish(packet, (err) => {
      if (err) ctx.log.error({ err, building }, 'could not publish gateway status');
    });
  const hook = ctx.onPublish;
  if (!hook) return send();
  // The in-process ingest sees status changes too; a failure there must not hide the status.
  Promise.resolve()
    .then(() => hook(packet, null))
    .catch((err: unknown) => ctx.log.warn({ err, building }, 'onPublish failed for a gateway status'))
    .finally(send);
}
