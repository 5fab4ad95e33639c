import { decodeMessage, type Registry } from '@louyu/core';
import type { LouyuBroker } from '@louyu/broker';
import { InProcessSource } from '@louyu/dashboard-server';
import { parseIngestSpoolState, type IngestSpoolState } from '@louyu/ingest';

/** A node's spool state as it arrives, or `cleared` for an empty retained message. */
export type SpoolStateListener = (node: string, state: IngestSpoolState | 'cleared') => void;

type Deliver = Parameters<LouyuBroker['aedes']['subscribe']>[1];

/** What this reads of aedes' persistence: the retained messages matching a pattern (a readable stream). */
interface RetainedSource {
  createRetainedStream(pattern: string): AsyncIterable<unknown>;
}

/**
 * The live feed of a dashboard inside a `louyu node`: every message of every node. aedes' `publish` event
 * (what `louyu start` follows) fires only on the node a gateway is connected to, so this subscribes on the
 * broker's emitter instead, which with `--redis` carries the messages of all nodes. Ingest stored (or
 * refused) each one in its own node's publish path; this only feeds the live picture. Spool states of the
 * nodes (`louyu/ops/ingest/{node}/spool`) go to `onSpoolState`, also those retained from before this node
 * started. Resolves with the source and a function that unsubscribes.
 */
export async function clusterFeed(
  broker: LouyuBroker,
  registry: Registry,
  onSpoolState: SpoolStateListener,
  now: () => number = Date.now,
): Promise<{ source: InProcessSource; stop(): Promise<void> }> {
  const source = new InProcessSource();
  const readings: Deliver = (packet, done) => {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const result = decodeMessage(packet.topic, payload, now(), registry);
    if (result.type === 'reading') source.push(result.reading);
    else if (result.type === 'status') source.pushStatus(result.status);
    done();
  };
  const spools: Deliver = (packet, done) => {
    const node = packet.topic.split('/')[3] ?? '';
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    if (payload.length === 0) onSpoolState(node, 'cleared');
    else {
      const state = parseIngestSpoolState(payload);
      if (state) onSpoolState(state.worker, state);
    }
    done();
  };
  const subscribe = (topic: string, deliver: Deliver) =>
    new Promise<void>((resolve) => broker.aedes.subscribe(topic, deliver, () => resolve()));
  const unsubscribe = (topic: string, deliver: Deliver) =>
    new Promise<void>((resolve) => broker.aedes.unsubscribe(topic, deliver, () => resolve()));
  await subscribe('louyu/v1/#', readings);
  await subscribe('louyu/ops/ingest/+/spool', spools);
  // The states the other nodes published before this one started are retained in the shared persistence.
  try {
    const retained = (broker.aedes as unknown as { persistence: RetainedSource }).persistence;
    for await (const packet of retained.createRetainedStream('louyu/ops/ingest/+/spool'))
      spools(packet as Parameters<Deliver>[0], () => undefined);
  } catch (error) {
    broker.log.warn({ err: error }, 'retained spool states of other nodes not read');
  }
  return {
    source,
    async stop() {
      await unsubscribe('louyu/v1/#', readings);
      await unsubscribe('louyu/ops/ingest/+/spool', spools);
    },
  };
}
