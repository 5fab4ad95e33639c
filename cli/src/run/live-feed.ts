import { decodeMessage, type Registry } from '@louyu/core';
import type { LouyuBroker } from '@louyu/broker';
import { InProcessSource } from '@louyu/dashboard-server';

/**
 * The all-in-one mode's live feed: every message the broker accepts is decoded once more and handed to
 * the dashboard in-process, with no MQTT round trip. Ingest already stored (or refused) it in the
 * publish path; this only feeds the live picture, so a refusal here is simply not shown.
 */
export function liveFeedFromBroker(
  broker: LouyuBroker,
  registry: Registry,
  now: () => number = Date.now,
): InProcessSource {
  const source = new InProcessSource();
  broker.aedes.on('publish', (packet) => {
    if (!packet.topic.startsWith('louyu/')) return;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const result = decodeMessage(packet.topic, payload, now(), registry);
    if (result.type === 'reading') source.push(result.reading);
    else if (result.type === 'status') source.pushStatus(result.status);
  });
  return source;
}
