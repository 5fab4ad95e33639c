import type { Client, ConnectPacket } from 'aedes';
import type { BrokerContext, ConnectFacts } from '../context.ts';

// The protocol level each protocol name goes with: MQTT 3.1.1 is "MQTT" level 4, MQTT 3.1 "MQIsdp"
// level 3 (aedes speaks both; it has no MQTT 5, "MQTT" level 5, and refuses it the same way).
const LEVEL_OF: Readonly<Record<string, number>> = { MQTT: 4, MQIsdp: 3 };

// A level aedes answers with CONNACK 0x01 (unacceptable protocol level) before anything else runs.
const UNACCEPTABLE_LEVEL = 0;

/**
 * aedes `preConnect`: notes what later hooks need from CONNECT and holds keep-alive to the configured
 * maximum. A client asking for no keep-alive (0) or a longer one is treated as if it had asked for the
 * maximum, so a silent dead connection is closed after 1.5 x that many seconds (the server may close an
 * inactive client at any time, MQTT 3.1.1 §3.1.2.10).
 *
 * A protocol level that does not go with the protocol name ("MQTT" level 3, "MQIsdp" level 4) gets
 * CONNACK 0x01 and the connection is closed [MQTT-3.1.2-2]; aedes checks only the level, 3 to 4. An
 * error from this hook would make aedes close the connection without any CONNACK, so the level is
 * rewritten to one aedes refuses itself, with the right CONNACK.
 */
export function makePreConnect(ctx: BrokerContext) {
  return function preConnect(
    client: Client,
    packet: ConnectPacket,
    callback: (error: Error | null, ok: boolean) => void,
  ) {
    const expected = LEVEL_OF[packet.protocolId ?? 'MQTT'];
    if (packet.protocolVersion !== expected) {
      ctx.metrics.refuse('protocol_level');
      ctx.log.warn(
        {
          clientId: packet.clientId,
          protocol: packet.protocolId,
          level: packet.protocolVersion,
          reason: 'protocol_level',
        },
        'connection refused: unacceptable protocol level for its protocol name (CONNACK 1)',
      );
      packet.protocolVersion = UNACCEPTABLE_LEVEL as ConnectPacket['protocolVersion'];
      return callback(null, true);
    }
    ctx.connectFacts.set(client, {
      emptyIdWithSession: !packet.clientId && packet.clean === false,
      generatedId: !packet.clientId,
      will: (packet.will as ConnectFacts['will']) ?? null,
    });
    const max = ctx.config.maxKeepaliveSeconds;
    if (!packet.keepalive || packet.keepalive > max) packet.keepalive = max;
    callback(null, true);
  };
}
