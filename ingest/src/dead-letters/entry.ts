import { MAX_PAYLOAD_BYTES } from '@louyu/core';

/** One refused message (or one point the store refused), as the dashboard shows it. */
export interface DeadLetter {
  /** When ingest received it, UTC ms. */
  receivedAt: number;
  /** The MQTT topic (for a point the store refused: `store:{measurement}`). */
  topic: string;
  /** The message's bytes, cut at 16 KiB, as base64. */
  payloadBase64: string;
  /** The size of the whole message in bytes (more than the kept bytes when it was cut). */
  bytes: number;
  /** A stable code: a core rejection reason, or `store_rejected`. */
  reason: string;
  /** A sentence saying what is wrong. */
  detail: string;
  /** The payload field that broke the contract (e.g. `people`), where one did. */
  field?: string;
  /** The rule it broke (e.g. `max_capacity`, `minimum`, `max_past`), where one applies. */
  rule?: string;
  building?: string;
  kind?: string;
}

/** What a source knows about a refused message. */
export interface DeadLetterInput {
  receivedAt: number;
  topic: string;
  payload: Uint8Array;
  reason: string;
  detail: string;
  field?: string;
  rule?: string;
  building?: string;
  kind?: string;
}

/** Builds the stored entry: the bytes are cut at 16 KiB so one huge message cannot fill the log. */
export function toDeadLetter(input: DeadLetterInput): DeadLetter {
  const kept = input.payload.subarray(0, MAX_PAYLOAD_BYTES);
  const entry: DeadLetter = {
    receivedAt: input.receivedAt,
    topic: input.topic.slice(0, 1024),
    payloadBase64: Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength).toString('base64'),
    bytes: input.payload.byteLength,
    reason: input.reason,
    detail: input.detail.slice(0, 1024),
  };
  if (input.field) entry.field = input.field;
  if (input.rule) entry.rule = input.rule;
  if (input.building !== undefined) entry.building = input.building;
  if (input.kind !== undefined) entry.kind = input.kind;
  return entry;
}
