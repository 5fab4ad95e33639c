import type { Ingest } from '@louyu/ingest';

/** What ingest did in this run, from its own counters: the figures `louyu start` prints when it stops. */
export interface IngestSummary {
  /** Valid messages appended to the spool and acknowledged. */
  spooled: number;
  /** Invalid messages, counted and dead-lettered. */
  rejected: number;
  /** Points the store confirmed. */
  stored: number;
  /** Records still in the spool (stored at the next start). */
  leftInSpool: number;
}

export async function ingestSummary(ingest: Ingest): Promise<IngestSummary> {
  const total = async (metric: { get(): Promise<{ values: { value: number }[] }> }) =>
    (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
  return {
    spooled: await total(ingest.metrics.spooled),
    rejected: await total(ingest.metrics.rejected),
    stored: await total(ingest.metrics.stored),
    leftInSpool: ingest.status().spool.records,
  };
}
