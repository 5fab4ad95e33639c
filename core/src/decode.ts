import { Compile } from 'typebox/compile';
import { MAX_PAYLOAD_BYTES, TS_MAX_FUTURE_MS, TS_MAX_PAST_MS } from './limits.ts';
import { KINDS, type Kind } from './kinds.ts';
import { PAYLOAD_SCHEMAS } from './payloads/index.ts';
import { SEMANTIC_RULES } from './payloads/semantic.ts';
import type { Reading } from './reading.ts';
import type { Registry } from './registry/types.ts';
import type { Rejection } from './rejection.ts';
import { parseTopic, STATUS_VALUES, type GatewayStatus } from './topics.ts';

export type DecodeResult = { ok: true; reading: Reading } | { ok: false; rejection: Rejection };

/** A building status message (`louyu/v1/{building}/status`, retained, `online`, `offline` or `stopped`). */
export interface StatusMessage {
  building: string;
  status: GatewayStatus;
  ts: number;
}
export type StatusResult = { ok: true; status: StatusMessage } | { ok: false; rejection: Rejection };

/** What any message on a Louyu topic turns out to be. */
export type MessageResult =
  | { type: 'reading'; reading: Reading }
  | { type: 'status'; status: StatusMessage }
  | { type: 'rejected'; rejection: Rejection };

const validators = Object.fromEntries(KINDS.map((kind) => [kind, Compile(PAYLOAD_SCHEMAS[kind])])) as {
  [K in Kind]: ReturnType<typeof Compile>;
};
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one telemetry message: topic, size, UTF-8, JSON, schema, cross-field rules, timestamp window
 * and (given a registry) the building. Returns a normalised reading or a rejection saying why; it never
 * throws on input, whatever the bytes.
 */
export function decode(topic: string, bytes: Uint8Array, now: number, registry?: Registry): DecodeResult {
  const parsed = parseTopic(topic);
  if (!parsed.ok) return reject({ reason: 'bad_topic', detail: parsed.detail, topicError: parsed.error });
  if (parsed.topic.type === 'status') {
    return reject({
      reason: 'bad_topic',
      building: parsed.topic.building,
      detail: 'a status topic carries no telemetry (use decodeMessage)',
      topicError: 'wrong_depth',
    });
  }
  const { building, kind, device } = parsed.topic;
  const at = { building, kind };
  if (bytes.byteLength > MAX_PAYLOAD_BYTES) {
    return reject({
      ...at,
      reason: 'too_large',
      detail: `payload is ${bytes.byteLength} bytes; at most ${MAX_PAYLOAD_BYTES}`,
    });
  }
  if (registry && !registry.byId.has(building)) {
    return reject({
      ...at,
      reason: 'unknown_building',
      detail: `building "${building}" is not in the registry`,
    });
  }
  const body = parseJson(bytes);
  if (!body.ok) return reject({ ...at, reason: body.reason, detail: body.detail });
  const value = body.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject({ ...at, reason: 'not_object', detail: 'payload must be a JSON object' });
  }
  const validator = validators[kind];
  if (!validator.Check(value)) {
    const first = mostUsefulError(validator.Errors(value));
    const field = first ? fieldOf(first.instancePath, first.params) : '';
    return reject({
      ...at,
      reason: 'schema',
      field,
      rule: first?.keyword ?? 'schema',
      detail: `${field || 'payload'}: ${first?.message ?? 'does not match the schema'}`,
    });
  }
  const data = value as Record<string, unknown>;
  for (const rule of SEMANTIC_RULES[kind]) {
    if (!rule.check(data))
      return reject({ ...at, reason: 'rule', field: rule.field, rule: rule.rule, detail: rule.detail });
  }
  const ts = typeof data.ts === 'number' ? data.ts : now;
  if (ts > now + TS_MAX_FUTURE_MS || ts < now - TS_MAX_PAST_MS) {
    const direction = ts > now ? 'in the future' : 'in the past';
    return reject({
      ...at,
      reason: 'ts_out_of_window',
      field: 'ts',
      rule: ts > now ? 'max_future' : 'max_past',
      detail: `ts ${ts} is too far ${direction} (window: ${TS_MAX_FUTURE_MS / 60_000} min ahead, ${TS_MAX_PAST_MS / 86_400_000} days back)`,
    });
  }
  const { ts: _ts, ...rest } = data;
  return { ok: true, reading: { building, kind, device, ts, data: rest } as Reading };
}

/** Decodes a building status message: the body is `online`, `offline` or `stopped` (plain text). */
export function decodeStatus(
  topic: string,
  bytes: Uint8Array,
  now: number,
  registry?: Registry,
): StatusResult {
  const parsed = parseTopic(topic);
  if (!parsed.ok) return reject({ reason: 'bad_topic', detail: parsed.detail, topicError: parsed.error });
  if (parsed.topic.type !== 'status') {
    return reject({
      reason: 'bad_topic',
      building: parsed.topic.building,
      detail: 'not a status topic',
      topicError: 'wrong_depth',
    });
  }
  const { building } = parsed.topic;
  if (registry && !registry.byId.has(building)) {
    return reject({
      building,
      reason: 'unknown_building',
      detail: `building "${building}" is not in the registry`,
    });
  }
  const text = bytes.byteLength <= 64 ? safeText(bytes) : undefined;
  const status = STATUS_VALUES.find((s) => s === text?.trim());
  if (!status)
    return reject({
      building,
      reason: 'schema',
      field: 'status',
      rule: 'enum',
      detail: 'status must be "online", "offline" or "stopped"',
    });
  return { ok: true, status: { building, status, ts: now } };
}

/** Decodes any message on a Louyu topic: telemetry, gateway status, or a rejection. Never throws. */
export function decodeMessage(
  topic: string,
  bytes: Uint8Array,
  now: number,
  registry?: Registry,
): MessageResult {
  const parsed = parseTopic(topic);
  if (parsed.ok && parsed.topic.type === 'status') {
    const result = decodeStatus(topic, bytes, now, registry);
    return result.ok
      ? { type: 'status', status: result.status }
      : { type: 'rejected', rejection: result.rejection };
  }
  const result = decode(topic, bytes, now, registry);
  return result.ok
    ? { type: 'reading', reading: result.reading }
    : { type: 'rejected', rejection: result.rejection };
}

function reject(rejection: Rejection): { ok: false; rejection: Rejection } {
  return { ok: false, rejection };
}

type JsonBody = { ok: true; value: unknown } | { ok: false; reason: 'not_utf8' | 'not_json'; detail: string };

function parseJson(bytes: Uint8Array): JsonBody {
  const text = safeText(bytes);
  if (text === undefined) return { ok: false, reason: 'not_utf8', detail: 'payload is not valid UTF-8' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: 'not_json', detail: `payload is not JSON: ${(error as Error).message}` };
  }
}

function safeText(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * TypeBox reports an extra property twice (a `boolean` false-schema hit and `additionalProperties`)
 * and a bad enum once per candidate; the first error that is not one of those echoes says it best.
 */
function mostUsefulError<E extends { keyword: string }>(errors: E[]): E | undefined {
  return (
    errors.find((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf' && e.keyword !== 'const') ?? errors[0]
  );
}

function firstName(params: object, key: string): string | undefined {
  const list: unknown = (params as Record<string, unknown>)[key];
  return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : undefined;
}

/** `/tenants_by_industry/tech` -> `tenants_by_industry.tech`; a missing property names itself. */
function fieldOf(instancePath: string, params: object): string {
  const path = instancePath.split('/').filter(Boolean).join('.');
  const named = firstName(params, 'requiredProperties') ?? firstName(params, 'additionalProperties');
  if (typeof named === 'string') return path ? `${path}.${named}` : named;
  return path;
}
