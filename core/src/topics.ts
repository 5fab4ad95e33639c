import { isKind, type Kind } from './kinds.ts';
import { memoizeString } from './memo.ts';

/** Every Louyu topic starts with this: `louyu/v1/{building}/{kind}/{device}`. */
export const TOPIC_ROOT = 'louyu/v1';
/** `building` and `device` segments (DESIGN.md, "MQTT contract"). */
export const SEGMENT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Gateway status payloads, retained; the gateway's Last Will publishes `offline`. */
export const STATUS_VALUES = ['online', 'offline'] as const;
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
 * every message's topic, and a district's gateways use a few thousand topics over and over, so results are
 * remembered (frozen, since every caller shares them).
 */
export const parseTopic: (topic: string) => TopicParse = memoizeString(
  (topic) => deepFreeze(parseTopicOnce(topic)),
  50_000,
);

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
  if (parts[1] !== 'v1') return fail('bad_version', `unsupported contract version "${parts[1] ?? ''}"`);
  const building = parts[2] ?? '';
  if (!SEGMENT_PATTERN.test(building))
    return fail('bad_building', `building "${building}" must match ${SEGMENT_PATTERN.source}`);
  if (parts.length === 4 && parts[3] === 'status') return { ok: true, topic: { type: 'status', building } };
  if (parts.length !== 5)
    return fail('wrong_depth', 'expected louyu/v1/{building}/{kind}/{device} or louyu/v1/{building}/status');
  const kind = parts[3] ?? '';
  if (!isKind(kind)) return fail('unknown_kind', `unknown kind "${kind}"`);
  const device = parts[4] ?? '';
  if (!SEGMENT_PATTERN.test(device))
    return fail('bad_device', `device "${device}" must match ${SEGMENT_PATTERN.source}`);
  return { ok: true, topic: { type: 'telemetry', building, kind, device } };
}

function fail(error: TopicError, detail: string): TopicParse {
  return { ok: false, error, detail };
}

function assertSegment(name: string, value: string): void {
  if (!SEGMENT_PATTERN.test(value))
    throw new Error(`${name} "${value}" must match ${SEGMENT_PATTERN.source}`);
}
