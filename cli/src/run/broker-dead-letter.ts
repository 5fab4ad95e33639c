import { MAX_PAYLOAD_BYTES, parseTopic } from '@louyu/core';
import type { Ingest } from '@louyu/ingest';

type DeadLetterInput = Parameters<Ingest['recordDeadLetter']>[0];

const DETAIL: Record<string, string> = {
  payload_too_large: `the broker refused a payload over ${MAX_PAYLOAD_BYTES} bytes`,
  topic_too_deep: 'the broker refused a topic with too many levels',
  publish_acl: "the broker refused a topic outside the account's rights",
  read_only: 'the broker refused a publish to a read-only topic',
};

/**
 * The dead letter of a publish the all-in-one broker refused before ingest saw it: the topic and payload
 * as the client sent them, the refusal as its reason, and the building and kind when the topic names them.
 */
export function brokerDeadLetter(
  packet: { topic: string; payload: Uint8Array | string },
  client: { id: string } | null,
  reason: string,
): DeadLetterInput {
  const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
  const parsed = parseTopic(packet.topic);
  const about = parsed.ok
    ? {
        building: parsed.topic.building,
        ...(parsed.topic.type === 'telemetry' ? { kind: parsed.topic.kind } : {}),
      }
    : {};
  return {
    topic: packet.topic,
    payload,
    reason,
    detail: `${DETAIL[reason] ?? `the broker refused the publish (${reason})`}${client ? ` from client ${client.id}` : ''}`,
    ...about,
  };
}
