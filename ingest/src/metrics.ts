import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Most distinct building labels a counter takes: topics are untrusted, so their segments are bounded here. */
const MAX_BUILDING_LABELS = 2000;

/** What the spool reports for the depth gauges, read at scrape time. */
export interface SpoolGauges {
  depth: number;
  bytes: number;
  isFull: boolean;
  /** True from a refused write until a write succeeds. */
  writeFailing: boolean;
}

/**
 * Ingest's Prometheus metrics, registered on the registry the caller passes in (so the all-in-one process
 * exposes ingest, broker and dashboard figures at one `/metrics`).
 */
export class IngestMetrics {
  readonly received: Counter<'source'>;
  readonly spooled: Counter;
  readonly refusedFull: Counter;
  readonly refusedWrite: Counter;
  readonly spoolWriteFailures: Counter<'code'>;
  readonly rejected: Counter<'building' | 'kind' | 'reason'>;
  readonly stored: Counter;
  readonly deadLettered: Counter<'stage'>;
  readonly storeErrors: Counter<'code'>;
  readonly writeSeconds: Histogram;
  readonly spoolRecovered: Counter;
  private readonly buildings = new Set<string>();
  private spool: SpoolGauges | undefined;

  constructor(registry: Registry) {
    const registers = [registry];
    this.received = new Counter({
      name: 'louyu_ingest_messages_received_total',
      help: 'Messages delivered to ingest (a redelivery after a withheld ack counts again).',
      labelNames: ['source'],
      registers,
    });
    this.spooled = new Counter({
      name: 'louyu_ingest_messages_spooled_total',
      help: 'Valid messages written to the spool (the operating system took them), so acknowledged.',
      registers,
    });
    this.refusedWrite = new Counter({
      name: 'louyu_ingest_messages_refused_write_total',
      help: 'Valid messages not acknowledged because the disk refused the spool write (ENOSPC, EFBIG); sent again later.',
      registers,
    });
    this.spoolWriteFailures = new Counter({
      name: 'louyu_ingest_spool_write_failures_total',
      help: 'Spool writes (one per event-loop turn of messages) the operating system refused, by error code.',
      labelNames: ['code'],
      registers,
    });
    this.refusedFull = new Counter({
      name: 'louyu_ingest_messages_refused_full_total',
      help: 'Valid messages not acknowledged because the spool was full (the broker keeps and redelivers them).',
      registers,
    });
    this.rejected = new Counter({
      name: 'louyu_ingest_messages_rejected_total',
      help: 'Invalid messages, acknowledged and dead-lettered, by building, kind and reason.',
      labelNames: ['building', 'kind', 'reason'],
      registers,
    });
    this.stored = new Counter({
      name: 'louyu_ingest_points_stored_total',
      help: 'Points the store confirmed (a replay after a crash may count a point again; the store keeps it once).',
      registers,
    });
    this.deadLettered = new Counter({
      name: 'louyu_ingest_dead_letters_total',
      help: 'Entries added to the dead-letter log: decode (invalid message), store (a point the store refused) or broker (refused by the all-in-one broker: too large, topic, ACL).',
      labelNames: ['stage'],
      registers,
    });
    this.storeErrors = new Counter({
      name: 'louyu_ingest_store_errors_total',
      help: 'Failed store writes, by error code (UNAVAILABLE ones are retried with backoff).',
      labelNames: ['code'],
      registers,
    });
    this.writeSeconds = new Histogram({
      name: 'louyu_ingest_store_write_seconds',
      help: 'Duration of successful batch writes to the store.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.spoolRecovered = new Counter({
      name: 'louyu_ingest_spool_recovered_bytes_total',
      help: 'Bytes of torn or corrupt spool tails dropped on open (a record cut by a crash, never acknowledged).',
      registers,
    });
    const gauge = (name: string, help: string, read: (spool: SpoolGauges) => number): void => {
      const spool = (): SpoolGauges | undefined => this.spool;
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const current = spool();
          if (current) this.set(read(current));
        },
      });
    };
    gauge('louyu_ingest_spool_records', 'Records in the spool not yet stored.', (s) => s.depth);
    gauge('louyu_ingest_spool_bytes', 'Bytes in the spool not yet stored.', (s) => s.bytes);
    gauge('louyu_ingest_spool_full', '1 while the spool is full and messages go unacknowledged.', (s) =>
      s.isFull ? 1 : 0,
    );
    gauge(
      'louyu_ingest_spool_write_failing',
      '1 from a spool write the disk refused until a write succeeds again.',
      (s) => (s.writeFailing ? 1 : 0),
    );
  }

  /** Attaches the spool whose depth the gauges report. */
  watchSpool(spool: SpoolGauges): void {
    this.spool = spool;
  }

  /** Counts one invalid message; an unseen building past the label cap is counted as `other`. */
  countRejected(building: string | undefined, kind: string | undefined, reason: string): void {
    let label = building ?? 'none';
    if (!this.buildings.has(label)) {
      if (this.buildings.size < MAX_BUILDING_LABELS) this.buildings.add(label);
      else label = 'other';
    }
    this.rejected.inc({ building: label, kind: kind ?? 'none', reason });
  }
}
