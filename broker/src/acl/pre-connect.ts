import type { Client, ConnectPacket } from 'aedes';
import type { BrokerContext, ConnectFacts } from '../context.ts';

/**
 * aedes `preConnect`: notes what later hooks need from CONNECT and holds keep-alive to the configured
 * maximum. A client asking for no keep-alive (0) or a longer one is treated as if it had asked for the
 * maximum, so a silent dead connection is closed after 1.5 x that many seconds (the server may close an
 * inactive client at any time, MQTT 3.1.1 §3.1.2.10).
 */
export function makePreConnect(ctx: BrokerContext) {
  return function preConnect(
    client: Client,
    packet: ConnectPacket,
    callback: (error: Error | null, ok: boolean) => void,
  ) {
    ctx.connectFacts.set(client, {
      emptyIdWithSession: !packet.clientId && packet.clean === false,
      will: (packet.will as ConnectFacts['will']) ?? null,
    });
    const max = ctx.config.maxKeepaliveSeconds;
    if (!packet.keepalive || packet.keepalive > max) packet.keepalive = max;
    callback(null, true);
  };
}
