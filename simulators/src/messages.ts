import { telemetryTopic, type Kind, type PayloadByKind } from '@louyu/core';

/** A bad-input case the `bad-input` scenario produces (see bad-input.ts for what each one breaks). */
export type BadInputCase =
  | 'malformed_json'
  | 'oversize'
  | 'wrong_types'
  | 'future_ts'
  | 'foreign_building'
  | 'unknown_building'
  | 'unknown_kind';

/** One message a gateway publishes. */
export interface SimMessage {
  topic: string;
  payload: Buffer;
  retain?: boolean;
  qos: 0 | 1;
  /** The building whose gateway publishes it (differs from the topic's for misaddressed bad input). */
  gateway: string;
  /** Set on messages the bad-input scenario made wrong on purpose. */
  bad?: BadInputCase;
}

/** A telemetry message with the payload serialised as JSON; key order is the object's, so bytes repeat. */
export function telemetry<K extends Kind>(
  building: string,
  kind: K,
  device: string,
  payload: PayloadByKind[K],
): SimMessage {
  return {
    topic: telemetryTopic(building, kind, device),
    payload: Buffer.from(JSON.stringify(payload)),
    qos: 1,
    gateway: building,
  };
}

/** Rounds to `digits` decimals: short payloads, and no float noise that would differ between runs. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
