import { describe, expect, it } from 'vitest';
import { decode } from '../src/decode.ts';
import { KINDS, type Kind } from '../src/kinds.ts';
import { MAX_PAYLOAD_BYTES, TS_MAX_FUTURE_MS, TS_MAX_PAST_MS } from '../src/limits.ts';
import { VALID_PAYLOADS } from './fixtures.ts';

/**
 * An oracle written from DESIGN.md's payload table, independently of the TypeBox schemas: decode must
 * agree with it on thousands of random and mutated payloads, and must never throw.
 */
type FieldSpec = {
  type: 'int' | 'num' | 'str' | 'bool' | 'enum' | 'obj';
  min?: number;
  max?: number;
  exMin?: number;
  optional?: true;
  values?: readonly string[];
};
const int = (min: number, max = 1e9, optional?: true): FieldSpec => ({
  type: 'int',
  min,
  max,
  ...(optional && { optional }),
});
const num = (min: number, max: number, optional?: true): FieldSpec => ({
  type: 'num',
  min,
  max,
  ...(optional && { optional }),
});
const base = { devices_total: int(1), devices_online: int(0), alarms: int(0), faults: int(0) };
const SPEC: { [K in Kind]: Record<string, FieldSpec> } = {
  occupancy: { people: int(0), capacity: int(1) },
  parking: { occupied: int(0), capacity: int(1), queue: int(0), entries: int(0), exits: int(0) },
  elevator: {
    state: { type: 'enum', values: ['idle', 'moving', 'door', 'fault', 'maintenance', 'offline'] },
    floor: int(-10, 200),
    load_pct: num(0, 100),
    trips: int(0),
    door_cycles: int(0),
    wait_s: num(0, 3600),
    fault: { type: 'str', optional: true },
  },
  energy: {
    power_kw: num(0, 100_000),
    energy_kwh: num(0, 1e12),
    circuit: { type: 'enum', values: ['total', 'hvac', 'lighting', 'elevator', 'plug', 'heat'] },
  },
  ba: { ...base, indoor_c: num(-40, 60, true), co2_ppm: num(0, 10_000, true) },
  ca: {
    ...base,
    uplink_mbps: num(0, 1e6, true),
    latency_ms: num(0, 60_000, true),
    loss_pct: num(0, 100, true),
  },
  oa: { ...base, active_users: int(0, 1e9, true) },
  fa: {
    ...base,
    detectors_total: int(0, 1e9, true),
    detectors_fault: int(0, 1e9, true),
    drill: { type: 'bool', optional: true },
  },
  sa: {
    ...base,
    cameras_total: int(0, 1e9, true),
    cameras_online: int(0, 1e9, true),
    intrusions: int(0, 1e9, true),
  },
  tenancy: {
    leasable_m2: { type: 'num', exMin: 0, max: 1e7 },
    leased_m2: num(0, 1e12),
    tenants: int(0),
    tenants_by_industry: { type: 'obj' },
    registered_local: int(0),
    tax_ytd_cny: num(0, 1e12, true),
  },
};

function fieldOk(spec: FieldSpec, v: unknown): boolean {
  switch (spec.type) {
    case 'bool':
      return typeof v === 'boolean';
    case 'enum':
      return typeof v === 'string' && (spec.values ?? []).includes(v);
    case 'str':
      return typeof v === 'string' && /^[A-Za-z0-9_.-]{1,32}$/.test(v);
    case 'obj': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      const keys = Object.keys(v).sort().join();
      return keys === 'culture,finance,other,tech,trade' && Object.values(v).every((n) => fieldOk(int(0), n));
    }
    default: {
      if (typeof v !== 'number' || !Number.isFinite(v)) return false;
      if (spec.type === 'int' && !Number.isInteger(v)) return false;
      if (spec.min !== undefined && v < spec.min) return false;
      if (spec.exMin !== undefined && v <= spec.exMin) return false;
      return spec.max === undefined || v <= spec.max;
    }
  }
}

function oracleAccepts(kind: Kind, bytes: Uint8Array, now: number): boolean {
  if (bytes.byteLength > MAX_PAYLOAD_BYTES) return false;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const p = value as Record<string, unknown>;
  const spec = SPEC[kind];
  for (const key of Object.keys(p)) if (key !== 'ts' && !(key in spec)) return false;
  for (const [key, field] of Object.entries(spec)) {
    if (!(key in p)) {
      if (!field.optional) return false;
    } else if (!fieldOk(field, p[key])) return false;
  }
  const n = (key: string) => p[key] as number;
  if ('devices_online' in spec && n('devices_online') > n('devices_total')) return false;
  if (kind === 'parking' && n('occupied') > n('capacity')) return false;
  if (kind === 'elevator' && p.state === 'fault' && p.fault === undefined) return false;
  if (
    kind === 'fa' &&
    p.detectors_fault !== undefined &&
    n('detectors_fault') > (p.detectors_total === undefined ? 0 : n('detectors_total'))
  )
    return false;
  if (
    kind === 'sa' &&
    p.cameras_online !== undefined &&
    n('cameras_online') > (p.cameras_total === undefined ? 0 : n('cameras_total'))
  )
    return false;
  if (kind === 'tenancy') {
    if (n('leased_m2') > n('leasable_m2')) return false;
    const sum = Object.values(p.tenants_by_industry as Record<string, number>).reduce((a, b) => a + b, 0);
    if (sum !== n('tenants')) return false;
  }
  if ('ts' in p) {
    if (!fieldOk(int(0, 8.64e15), p.ts)) return false;
    if (n('ts') > now + TS_MAX_FUTURE_MS || n('ts') < now - TS_MAX_PAST_MS) return false;
  }
  return true;
}

/** A small seeded PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);
const ODD_VALUES: unknown[] = [
  null,
  true,
  false,
  '',
  '7',
  'fault',
  -1,
  0,
  1,
  0.5,
  1.5,
  99.99,
  100,
  101,
  200,
  201,
  3600,
  3601,
  1e9,
  1e9 + 1,
  1e12,
  -0.0001,
  [],
  {},
  [1],
  { trade: 1 },
  'E-12',
  'bad code',
  NOW,
  NOW + TS_MAX_FUTURE_MS + 1,
  NOW - TS_MAX_PAST_MS - 1,
];

function mutate(rand: () => number, kind: Kind): Uint8Array {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const payload: Record<string, unknown> = structuredClone(VALID_PAYLOADS[kind]);
  if (rand() < 0.3) payload.ts = NOW - Math.floor(rand() * 1000);
  const keys = [...Object.keys(SPEC[kind]), 'ts', 'extra'];
  const mutations = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < mutations; i++) {
    const key = pick(keys);
    const action = rand();
    if (action < 0.2) delete payload[key];
    else if (action < 0.8) payload[key] = pick(ODD_VALUES);
    else if (typeof payload[key] === 'number') payload[key] = payload[key] * (rand() * 4 - 1);
    else payload[key] = Math.floor(rand() * 1000);
  }
  let text = JSON.stringify(payload);
  const envelope = rand();
  if (envelope < 0.05) text = text.slice(0, Math.floor(rand() * text.length));
  else if (envelope < 0.08) text = `[${text}]`;
  else if (envelope < 0.1) text = text + ' '.repeat(MAX_PAYLOAD_BYTES);
  const bytes = new TextEncoder().encode(text);
  if (rand() < 0.05 && bytes.length > 0) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
  return bytes;
}

describe('decode under fuzzing', () => {
  it('agrees with the oracle on 20,000 mutated payloads and never throws', () => {
    const rand = prng(20261128);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 20_000; i++) {
      const kind = KINDS[i % KINDS.length] as Kind;
      const bytes = mutate(rand, kind);
      const result = decode(`louyu/v1/hp-001/${kind}/dev-1`, bytes, NOW);
      const expected = oracleAccepts(kind, bytes, NOW);
      if (result.ok !== expected) {
        throw new Error(
          `decode ${result.ok ? 'accepted' : 'rejected'} what the oracle ${expected ? 'accepts' : 'rejects'}: ${kind} ${new TextDecoder().decode(bytes).slice(0, 300)}`,
        );
      }
      if (result.ok) accepted++;
      else rejected++;
    }
    // Both verdicts must be well represented, or the fuzzer is not exercising anything.
    expect(accepted).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(5000);
  });

  it('never throws on random bytes and random topics', () => {
    const rand = prng(7);
    for (let i = 0; i < 5_000; i++) {
      const bytes = new Uint8Array(Math.floor(rand() * 64)).map(() => Math.floor(rand() * 256));
      const topic =
        rand() < 0.5
          ? `louyu/v1/hp-001/${KINDS[i % KINDS.length]}/x`
          : new TextDecoder().decode(bytes.slice(0, 20));
      const result = decode(topic, bytes, NOW);
      expect(result.ok).toBe(false);
    }
  });
});
