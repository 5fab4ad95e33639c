import { MAX_PAYLOAD_BYTES, TS_MAX_FUTURE_MS, telemetryTopic, type RejectionReason } from '@louyu/core';
import type { BadInputCase, SimMessage } from './messages.ts';

/** Every bad-input case, in the order the scenario sends them. */
export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  'malformed_json',
  'oversize',
  'wrong_types',
  'future_ts',
  'foreign_building',
  'unknown_building',
  'unknown_kind',
];

/**
 * How Louyu must refuse each case: the `decode` rejection reason, or `acl` where only the broker can tell
 * (a well-formed message on another building's topic is valid on its own; the gateway may not send it).
 */
export const BAD_INPUT_EXPECTED: { readonly [C in BadInputCase]: RejectionReason | 'acl' } = {
  malformed_json: 'not_json',
  oversize: 'too_large',
  wrong_types: 'schema',
  future_ts: 'ts_out_of_window',
  foreign_building: 'acl',
  unknown_building: 'unknown_building',
  unknown_kind: 'bad_topic',
};

/** A well-formed building id that no registry holds. */
export const UNKNOWN_BUILDING = 'no-such-building';

/**
 * One message of each bad case, sent by `gateway` at `ts`. `neighbour` is another building of the
 * district (for the misaddressed case); without one the case is skipped.
 */
export function badInputMessages(gateway: string, neighbour: string | undefined, ts: number): SimMessage[] {
  const msg = (topic: string, body: string | Buffer, bad: BadInputCase): SimMessage => ({
    topic,
    payload: typeof body === 'string' ? Buffer.from(body) : body,
    qos: 1,
    gateway,
    bad,
  });
  const people = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ts, people: 12, capacity: 80, ...extra });
  const own = telemetryTopic(gateway, 'occupancy', 'floor-01');
  const out: SimMessage[] = [
    // Cut off mid-object, as a gateway that lost power while writing would send it.
    msg(own, `{"ts":${ts},"people":12,"capa`, 'malformed_json'),
    // Valid JSON padded past the 16 KiB limit.
    msg(own, people({ note: 'x'.repeat(MAX_PAYLOAD_BYTES) }), 'oversize'),
    // Numbers sent as strings, as a misconfigured gateway template does.
    msg(own, JSON.stringify({ ts, people: '12', capacity: '80' }), 'wrong_types'),
    // A gateway clock an hour fast: well past the 5-minute window.
    msg(own, people({ ts: ts + TS_MAX_FUTURE_MS + 3_600_000 }), 'future_ts'),
    msg(telemetryTopic(UNKNOWN_BUILDING, 'occupancy', 'floor-01'), people(), 'unknown_building'),
    msg(`louyu/v1/${gateway}/weather/roof`, JSON.stringify({ ts, temp_c: 3 }), 'unknown_kind'),
  ];
  if (neighbour !== undefined) {
    out.splice(4, 0, msg(telemetryTopic(neighbour, 'occupancy', 'floor-01'), people(), 'foreign_building'));
  }
  return out;
}
