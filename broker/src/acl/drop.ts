import type { PublishPacket } from 'aedes';

/**
 * Where refused publishes go. MQTT 3.1.1 has no negative PUBACK, and aedes closes the connection when
 * `authorizePublish` reports an error. To drop a message yet keep the client connected, the hook
 * rewrites it (aedes documents that the hook may modify the packet) onto this topic with an empty
 * payload and no retain flag: aedes acknowledges it as usual and routes it to nobody, because nobody
 * may subscribe under `$louyu/` and `#`/`+` subscriptions never match `$` topics [MQTT-4.7.2-1].
 */
export const DROP_TOPIC = '$louyu/dropped';

const EMPTY = Buffer.alloc(0);

/** Turns a packet into one that goes nowhere; the client still gets its PUBACK/PUBREC. */
export function dropPacket(packet: PublishPacket): void {
  packet.topic = DROP_TOPIC;
  packet.payload = EMPTY;
  packet.retain = false;
}

/** Whether a packet was dropped by {@link dropPacket}. */
export function isDropped(packet: { topic: string }): boolean {
  return packet.topic === DROP_TOPIC;
}
