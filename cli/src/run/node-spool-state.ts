import type { LouyuBroker } from '@louyu/broker';
import { ingestSpoolTopic, type Ingest, type IngestSpoolState } from '@louyu/ingest';

/** aedes' publish packet, as the broker's aedes takes it (the CLI does not depend on aedes itself). */
type PublishPacket = Parameters<LouyuBroker['aedes']['publish']>[0];

/**
 * A node's spool state, told to every dashboard the way a standalone ingest worker tells it: retained on
 * `louyu/ops/ingest/{node}/spool`. A node publishes it on its own broker (no MQTT connection of its own),
 * which hands it to every node through Redis, so any `louyu dashboard --redis` shows one `spool_full`
 * alarm per node (device `ingest:{node}`) without being told which nodes exist.
 */
export function publishNodeSpoolState(broker: LouyuBroker, node: string, ingest: Ingest): Promise<void> {
  const spool = ingest.status().spool;
  const state: IngestSpoolState = {
    worker: node,
    full: spool.problem !== null,
    detail: spool.problem,
    bytes: spool.bytes,
    maxBytes: spool.maxBytes,
    at: Date.now(),
  };
  const packet = {
    cmd: 'publish',
    topic: ingestSpoolTopic(node),
    payload: Buffer.from(JSON.stringify(state)),
    qos: 1,
    retain: true,
    dup: false,
  } as PublishPacket;
  return new Promise((resolve) =>
    broker.aedes.publish(packet, (error) => {
      if (error) broker.log.warn({ err: error, node }, 'spool state not published');
      resolve();
    }),
  );
}
