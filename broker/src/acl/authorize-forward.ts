import type { AedesPublishPacket, Client } from 'aedes';
import type { BrokerContext } from '../context.ts';
import { identityOf } from '../identity.ts';
import { mayReceive } from './rules.ts';

/**
 * aedes `authorizeForward`: runs for each message about to be written to each subscriber. It trims what
 * a demo visitor's wide filter (`#`) matches outside the demo rights, and counts messages out.
 */
export function makeAuthorizeForward(ctx: BrokerContext) {
  return function authorizeForward(client: Client, packet: AedesPublishPacket): AedesPublishPacket | null {
    const identity = identityOf(client);
    if (!identity || !mayReceive(identity, packet.topic)) return null;
    ctx.metrics.messagesOut.inc();
    ctx.metrics.bytesOut.inc(packet.payload.length);
    return packet;
  };
}
