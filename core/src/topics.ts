import { isKind, type Kind } from './kinds.ts';
import { memoizeString, type Memoized } from './memo.ts';

/** Every Louyu topic starts with this: `louyu/v1/{building}/{kind}/{device}`. */
export const TOPIC_ROOT = 'louyu/v1';
/** `building` and `device` segments (DESIGN.md, "MQTT contract"). */
export const SEGMENT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/**
 * Building status payloads (plain text, retained; core/README.md, "MQTT contract"): `online` while at least one of
 * the building's gateways is connected; `offline` when the last one is gone by an outage (a broken link,
 * its Last Will, a disconnect without a goodbye); `stopped` when the last one left in an orderly way (it
 * said `offline` itself before disconnecting, or the broker was shut down): no gateway, but no outage.
 */
export const STATUS_VALUES = ['online', 'offline', 'stopped'] as const;
export type GatewayStatus = (typeof STATUS_VALUES)[number];

export type ParsedTopic =
  { type: 'telemetry'; building: string; kind: Kind; device: string } | { type: 'status'; building: string };

/** Why a topic is not a Louyu topic; stable codes for counters and dead letters. */
export type TopicError =
  'not_louyu' | 'bad_version' | 'bad_building' | 'unknown_kind' | 'bad_device' | 'wrong_depth' | 'wildcard';

export type TopicParse = { ok: true; topic: ParsedTopic } | { ok: false; error: TopicError; detail: string };

/** The topic a gateway publishes a reading on. Throws on a bad segment: callers build topics from trusted ids. */
export function telemetryTopic(building: string, kind: Kind, device: string): string {
  assertSegment('building', building);
  assertSegment('device', device);
  return `${TOPIC_ROOT}/${building}/${kind}/${device}`;
}

/** The retained status topic of a building's gateway. */
export function statusTopic(building: string): string {
  assertSegment('building', building);
  return `${TOPIC_ROOT}/${building}/status`;
}

/** Everything one building's gateway may publish under (the broker's ACL prefix). */
export function buildingPrefix(building: string): string {
  assertSegment('building', building);
  return `${TOPIC_ROOT}/${building}/`;
}

/**
 * Parses a topic; never throws, and says why a topic is refused. The broker's ACL and ingest's decode parse
 * every message's topic, and a district's gateways use a few thousand topics over and over, so valid
 * topics are remembered (frozen, since every caller shares them), within 8 MiB: some 10,000 topics of the
 * longest kind, over 20,000 of the usual length. A refused topic is never remembered: anyone may send any
 * number of distinct ones (issue 15: 6,300 topics of 60,000 characters once held 770 MB).
 * `parseTopic.cache` says what is held.
 */
export const parseTopic: Memoized<TopicParse> = memoizeString((topic) => deepFreeze(parseTopicOnce(topic)), {
  maxBytes: 8 * 1024 * 1024,
  keep: (parse) => parse.ok,
  // The two objects, and building and device (copies or slices of the key, counted in full).
  valueBytes: (parse) =>
    parse.ok
      ? 160 + 2 * (parse.topic.building.length + ('device' in parse.topic ? parse.topic.device.length : 0))
      : 0,
});

function deepFreeze(parse: TopicParse): TopicParse {
  if (parse.ok) Object.freeze(parse.topic);
  return Object.freeze(parse);
}

function parseTopicOnce(topic: string): TopicParse {
  if (topic.includes('+') || topic.includes('#')) {
    return fail('wildcard', 'a published topic may not contain + or #');
  }
  const parts = topic.split('/');
  if (parts[0] !== 'louyu') return fail('not_louyu', `topic must start with ${TOPIC_ROOT}/`);
  if (parts[1] !== 'v1')
    return fail('bad_version', `unsupported contract version "${shorten(parts[1] ?? '')}"`);
  const building = parts[2] ?? '';
  if (!SEGMENT_PATTERN.test(building))
    return fail('bad_building', `building "${shorten(building)}" must match ${SEGMENT_PATTERN.source}`);
  if (parts.length === 4 && parts[3] === 'status') return { ok: true, topic: { type: 'status', building } };
  if (parts.length !== 5)
    return fail('wrong_depth', 'expected louyu/v1/{building}/{kind}/{device} or louyu/v1/{building}/status');
  const kind = parts[3] ?? '';
  if (!isKind(kind)) return fail('unknown_kind', `unknown kind "${shorten(kind)}"`);
  const device = parts[4] ?? '';
  if (!SEGMENT_PATTERN.test(device))
    return fail('bad_device', `device "${shorten(device)}" must match ${SEGMENT_PATTERN.source}`);
  return { ok: true, topic: { type: 'telemetry', building, kind, device } };
}

/** A segment as a refusal quotes it: a long one cut to its first 64 characters, with its length. */
function shorten(segment: string): string {
  return segment.length > 70 ? `${segment.slice(0, 64)}… (${segment.length} characters)` : segment;
}

function fail(error: TopicError, detail: string): TopicParse {
  return { ok: false, error, detail };
}

function assertSegment(name: string, value: string): void {
  if (!SEGMENT_PATTERN.test(value))
    throw new Error(`${name} "${value}" must match ${SEGMENT_PATTERN.source}`);
}
