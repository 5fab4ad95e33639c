// A spool record's body is the JSON array of one message's points. The records of a batch travel to the
// store's thread as that text, joined into one array, and are parsed there: the broker's thread keeps no
// point objects from the append to the store's answer (bytes in memory, not objects that outlive the
// young generation) and copies no structured clone of them. In a profile at 10,000 msg/s the clone was
// about 3 % of that thread; the quiet pipeline bench showed no change in the process's CPU (bench/README).
import type { TelemetryPoint } from '@louyu/core';

const OPEN = 0x5b; // [
const CLOSE = 0x5d; // ]
const COMMA = 0x2c; // ,

/**
 * The points of several record bodies as one JSON array text, in their order: each body's brackets are
 * dropped and the insides joined with commas. The result is a fresh buffer of its own (it may be
 * transferred to another thread).
 */
export function joinPointBodies(bodies: readonly Uint8Array[]): Uint8Array {
  let length = 2;
  for (const body of bodies) length += body.byteLength - 1; // its inside, and a comma or the closing ]
  const joined = new Uint8Array(length);
  joined[0] = OPEN;
  let at = 1;
  for (const body of bodies) {
    if (body[0] !== OPEN || body[body.byteLength - 1] !== CLOSE)
      throw new Error('spool record body is not a JSON array');
    const inside = body.subarray(1, body.byteLength - 1);
    if (inside.byteLength === 0) continue;
    if (at > 1) joined[at++] = COMMA;
    joined.set(inside, at);
    at += inside.byteLength;
  }
  joined[at++] = CLOSE;
  return joined.subarray(0, at);
}

const decoder = new TextDecoder();

/** Parses a JSON array text of points (one body, or bodies joined by {@link joinPointBodies}). */
export function parsePoints(json: Uint8Array): TelemetryPoint[] {
  return JSON.parse(decoder.decode(json)) as TelemetryPoint[];
}
