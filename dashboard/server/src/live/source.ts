import type { Reading, StatusMessage } from '@louyu/core';

/** Where a live source delivers what it receives. */
export interface LiveSink {
  reading(reading: Reading): void;
  status(status: StatusMessage): void;
}

/** A feed of live readings: an MQTT subscription, or readings pushed in-process (all-in-one mode). */
export interface LiveSource {
  /** Starts delivering to `sink`; resolves once subscribed (retained status messages follow). */
  start(sink: LiveSink): Promise<void>;
  stop(): Promise<void>;
  /** For /readyz: is the feed connected? */
  connected(): boolean;
  /**
   * True when every dashboard node receives the same feed (an MQTT subscription): its readings are not
   * passed on to the other nodes. False or absent: they are (see socket/peers.ts).
   */
  readonly reachesEveryNode?: boolean;
}

/** A source fed by the caller: the all-in-one process hands readings straight from ingest. */
export class InProcessSource implements LiveSource {
  #sink: LiveSink | undefined;

  start(sink: LiveSink): Promise<void> {
    this.#sink = sink;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.#sink = undefined;
    return Promise.resolve();
  }

  connected(): boolean {
    return this.#sink !== undefined;
  }

  /** Delivers a reading; dropped (false) before start or after stop. */
  push(reading: Reading): boolean {
    this.#sink?.reading(reading);
    return this.#sink !== undefined;
  }

  pushStatus(status: StatusMessage): boolean {
    this.#sink?.status(status);
    return this.#sink !== undefined;
  }
}
