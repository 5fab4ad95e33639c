import {
  decodeMessage,
  readingToPoints,
  statusToPoint,
  type Registry,
  type TelemetryPoint,
} from '@louyu/core';
import type { DeadLetterLog } from './dead-letters/log.ts';
import type { IngestMetrics } from './metrics.ts';
import type { Spool } from './spool/spool.ts';

/**
 * What became of one message: `stored` (its points are in the spool, so it may be acknowledged),
 * `rejected` (invalid: counted and dead-lettered, and acknowledged so it is never retried forever) or
 * `full` (valid, but the spool is full: do not acknowledge, the broker keeps it and redelivers).
 */
export type IngestOutcome = 'stored' | 'rejected' | 'full';

/** Everything one message goes through between a source and the spool. */
export interface AcceptDeps {
  spool: Spool;
  deadLetters: DeadLetterLog;
  metrics: IngestMetrics;
  registry?: Registry;
  now: () => number;
}

/** Which source delivered a message, for the received counter. */
export type SourceName = 'mqtt' | 'in_process';

/**
 * Builds the function both sources call per message: decode (core), turn into points, append to the
 * spool. When it returns `stored` the record is queued in the spool; acknowledge the message only once
 * `spool.written()` has settled (the turn's records reached the operating system together).
 */
export function createAcceptor(
  deps: AcceptDeps,
): (topic: string, payload: Uint8Array, source: SourceName) => IngestOutcome {
  const { spool, deadLetters, metrics, registry, now } = deps;
  // Bound once: looking a label set up costs more than the increment, and this runs for every message.
  const receivedFrom: Record<SourceName, { inc(): void }> = {
    mqtt: metrics.received.labels({ source: 'mqtt' }),
    in_process: metrics.received.labels({ source: 'in_process' }),
  };
  return (topic, payload, source) => {
    receivedFrom[source].inc();
    const receivedAt = now();
    const message = decodeMessage(topic, payload, receivedAt, registry);
    let points: TelemetryPoint[];
    if (message.type === 'reading') {
      points = readingToPoints(message.reading, registry);
    } else if (message.type === 'status') {
      points = [statusToPoint(message.status, registry)];
    } else {
      const { reason, detail, field, rule, building, kind } = message.rejection;
      metrics.countRejected(building, kind, reason);
      metrics.deadLettered.inc({ stage: 'decode' });
      deadLetters.add({ receivedAt, topic, payload, reason, detail, field, rule, building, kind });
      return 'rejected';
    }
    if (spool.append(points) === 'full') {
      metrics.refusedFull.inc();
      return 'full';
    }
    // Counted as spooled once the turn's write has succeeded (ingest.ts, the spool's onWrite): a write the
    // disk refuses leaves the message unacknowledged and uncounted.
    return 'stored';
  };
}
