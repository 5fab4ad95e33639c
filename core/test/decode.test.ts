import { describe, expect, it } from 'vitest';
import { decode, decodeMessage, decodeStatus } from '../src/decode.ts';
import { KINDS, type Kind } from '../src/kinds.ts';
import { MAX_PAYLOAD_BYTES, TS_MAX_FUTURE_MS, TS_MAX_PAST_MS } from '../src/limits.ts';
import type { Registry } from '../src/registry/types.ts';
import { encode, VALID_PAYLOADS } from './fixtures.ts';

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);
const topicOf = (kind: Kind, device = 'dev-1', building = 'hp-001') =>
  `louyu/v1/${building}/${kind}/${device}`;
const registry = { byId: new Map([['hp-001', { cluster: 'taiyuanjie' }]]) } as unknown as Registry;

describe('decode accepts every kind', () => {
  it.each(KINDS)('%s', (kind) => {
    const result = decode(topicOf(kind), encode({ ...VALID_PAYLOADS[kind], ts: NOW - 1000 }), NOW, registry);
    expect(result).toEqual({
      ok: true,
      reading: { building: 'hp-001', kind, device: 'dev-1', ts: NOW - 1000, data: VALID_PAYLOADS[kind] },
    });
  });

  it('stamps a message without ts with the receipt time', () => {
    const result = decode(topicOf('occupancy'), encode({ people: 1, capacity: 2 }), NOW);
    expect(result.ok && result.reading.ts).toBe(NOW);
  });

  it('accepts ts at the edges of the window', () => {
    for (const ts of [NOW + TS_MAX_FUTURE_MS, NOW - TS_MAX_PAST_MS]) {
      expect(decode(topicOf('occupancy'), encode({ people: 1, capacity: 2, ts }), NOW).ok).toBe(true);
    }
  });

  it('accepts an elevator in fault with its code, and optional extras left out', () => {
    const car = { ...VALID_PAYLOADS.elevator, state: 'fault', fault: 'E-DOOR_7' };
    expect(decode(topicOf('elevator'), encode(car), NOW).ok).toBe(true);
    const fa = { devices_total: 10, devices_online: 10, alarms: 0, faults: 0 };
    expect(decode(topicOf('fa'), encode(fa), NOW).ok).toBe(true);
  });
});

type Case = [
  kind: Kind,
  change: Record<string, unknown> | ((p: Record<string, unknown>) => void),
  reason: string,
  field: string,
  rule: string,
];
const drop = (key: string) => (p: Record<string, unknown>) => void delete p[key];

const CASES: Case[] = [
  ['occupancy', drop('people'), 'schema', 'people', 'required'],
  ['occupancy', { people: -1 }, 'schema', 'people', 'minimum'],
  ['occupancy', { people: 1.5 }, 'schema', 'people', 'type'],
  ['occupancy', { people: '12' }, 'schema', 'people', 'type'],
  ['occupancy', { capacity: 0 }, 'schema', 'capacity', 'minimum'],
  ['occupancy', { visitors: 3 }, 'schema', 'visitors', 'additionalProperties'],
  ['parking', { occupied: 201 }, 'rule', 'occupied', 'occupied_le_capacity'],
  ['parking', { queue: -2 }, 'schema', 'queue', 'minimum'],
  ['parking', drop('exits'), 'schema', 'exits', 'required'],
  ['parking', { entries: null }, 'schema', 'entries', 'type'],
  ['elevator', { state: 'flying' }, 'schema', 'state', 'enum'],
  ['elevator', { load_pct: 101 }, 'schema', 'load_pct', 'maximum'],
  ['elevator', { floor: 2.5 }, 'schema', 'floor', 'type'],
  ['elevator', { wait_s: -1 }, 'schema', 'wait_s', 'minimum'],
  ['elevator', { state: 'fault' }, 'rule', 'fault', 'fault_code_required'],
  ['elevator', { fault: 'bad code!' }, 'schema', 'fault', 'pattern'],
  ['elevator', { trips: true }, 'schema', 'trips', 'type'],
  ['energy', { circuit: 'kitchen' }, 'schema', 'circuit', 'enum'],
  ['energy', { power_kw: -0.1 }, 'schema', 'power_kw', 'minimum'],
  ['energy', drop('energy_kwh'), 'schema', 'energy_kwh', 'required'],
  ['ba', { devices_online: 421 }, 'rule', 'devices_online', 'online_le_total'],
  ['ba', { co2_ppm: 20_000 }, 'schema', 'co2_ppm', 'maximum'],
  ['ca', { loss_pct: 120 }, 'schema', 'loss_pct', 'maximum'],
  ['ca', { devices_total: 0 }, 'schema', 'devices_total', 'minimum'],
  ['oa', drop('faults'), 'schema', 'faults', 'required'],
  ['fa', { detectors_fault: 1101 }, 'rule', 'detectors_fault', 'detector_faults_le_total'],
  ['fa', { drill: 'yes' }, 'schema', 'drill', 'type'],
  ['sa', { cameras_online: 241 }, 'rule', 'cameras_online', 'cameras_online_le_total'],
  ['sa', { alarms: -1 }, 'schema', 'alarms', 'minimum'],
  ['tenancy', { leased_m2: 52_001 }, 'rule', 'leased_m2', 'leased_le_leasable'],
  ['tenancy', { tenants: 141 }, 'rule', 'tenants_by_industry', 'industries_sum_to_tenants'],
  ['tenancy', { leasable_m2: 0 }, 'schema', 'leasable_m2', 'exclusiveMinimum'],
  [
    'tenancy',
    { tenants_by_industry: { trade: 60, tech: 40, finance: 10, culture: 5 } },
    'schema',
    'tenants_by_industry.other',
    'required',
  ],
  [
    'tenancy',
    { tenants_by_industry: { trade: 60, tech: 40, finance: 10, culture: 5, other: 25, mining: 0 } },
    'schema',
    'tenants_by_industry.mining',
    'additionalProperties',
  ],
  ['tenancy', { tax_ytd_cny: -5 }, 'schema', 'tax_ytd_cny', 'minimum'],
  ['tenancy', { ts: 'yesterday' }, 'schema', 'ts', 'type'],
  ['occupancy', { ts: NOW + TS_MAX_FUTURE_MS + 1 }, 'ts_out_of_window', 'ts', 'max_future'],
  ['occupancy', { ts: NOW - TS_MAX_PAST_MS - 1 }, 'ts_out_of_window', 'ts', 'max_past'],
  ['occupancy', { ts: -1 }, 'schema', 'ts', 'minimum'],
];

describe('decode rejects every payload rule', () => {
  it.each(CASES)('%s %j -> %s %s (%s)', (kind, change, reason, field, rule) => {
    const payload: Record<string, unknown> = structuredClone(VALID_PAYLOADS[kind]);
    if (typeof change === 'function') change(payload);
    else Object.assign(payload, change);
    const result = decode(topicOf(kind), encode(payload), NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rejection).toMatchObject({ reason, field, rule, building: 'hp-001', kind });
      expect(result.rejection.detail).toContain(reason === 'ts_out_of_window' ? 'ts' : field.split('.')[0]);
    }
  });
});

describe('decode rejects bad envelopes', () => {
  const reasonOf = (topic: string, bytes: Uint8Array, withRegistry = false) => {
    const result = decode(topic, bytes, NOW, withRegistry ? registry : undefined);
    return result.ok ? 'accepted' : result.rejection.reason;
  };

  it('names each failure', () => {
    expect(reasonOf('louyu/v1/hp-001/lift/x', encode({}))).toBe('bad_topic');
    expect(reasonOf(topicOf('occupancy'), new Uint8Array(MAX_PAYLOAD_BYTES + 1).fill(32))).toBe('too_large');
    expect(reasonOf(topicOf('occupancy'), new Uint8Array([0xff, 0xfe, 0x7b]))).toBe('not_utf8');
    expect(reasonOf(topicOf('occupancy'), new TextEncoder().encode('{"people": 3,'))).toBe('not_json');
    expect(reasonOf(topicOf('occupancy'), new TextEncoder().encode(''))).toBe('not_json');
    expect(reasonOf(topicOf('occupancy'), encode([1, 2]))).toBe('not_object');
    expect(reasonOf(topicOf('occupancy'), encode(null))).toBe('not_object');
    expect(reasonOf(topicOf('occupancy', 'd', 'hp-999'), encode(VALID_PAYLOADS.occupancy), true)).toBe(
      'unknown_building',
    );
    expect(reasonOf('louyu/v1/hp-001/status', encode({}))).toBe('bad_topic');
  });

  it('accepts a payload of exactly the size limit', () => {
    const body = JSON.stringify(VALID_PAYLOADS.occupancy);
    const padded = body.slice(0, -1) + ' '.repeat(MAX_PAYLOAD_BYTES - body.length) + '}';
    expect(new TextEncoder().encode(padded).byteLength).toBe(MAX_PAYLOAD_BYTES);
    expect(decode(topicOf('occupancy'), new TextEncoder().encode(padded), NOW).ok).toBe(true);
  });

  it('treats __proto__ as an ordinary, refused, extra field', () => {
    const bytes = new TextEncoder().encode('{"people":1,"capacity":2,"__proto__":{"admin":true}}');
    const result = decode(topicOf('occupancy'), bytes, NOW);
    expect(result.ok ? 'accepted' : result.rejection.field).toBe('__proto__');
  });

  it('turns 1e999 (JSON for infinity) into a range error, not a stored Infinity', () => {
    const bytes = new TextEncoder().encode('{"power_kw":1e999,"energy_kwh":1,"circuit":"total"}');
    const result = decode(topicOf('energy'), bytes, NOW);
    expect(result.ok ? 'accepted' : result.rejection.field).toBe('power_kw');
  });
});

describe('gateway status', () => {
  const text = (s: string) => new TextEncoder().encode(s);
  it('decodes online and offline', () => {
    expect(decodeStatus('louyu/v1/hp-001/status', text('offline'), NOW)).toEqual({
      ok: true,
      status: { building: 'hp-001', status: 'offline', ts: NOW },
    });
    expect(decodeMessage('louyu/v1/hp-001/status', text('online'), NOW)).toMatchObject({ type: 'status' });
  });
  it('decodes stopped: the last gateway left in an orderly way, or the broker was shut down', () => {
    expect(decodeStatus('louyu/v1/hp-001/status', text('stopped'), NOW)).toEqual({
      ok: true,
      status: { building: 'hp-001', status: 'stopped', ts: NOW },
    });
  });
  it('rejects anything else', () => {
    expect(decodeStatus('louyu/v1/hp-001/status', text('maybe'), NOW).ok).toBe(false);
    expect(decodeStatus('louyu/v1/hp-001/occupancy/x', text('online'), NOW).ok).toBe(false);
    expect(decodeMessage('louyu/v1/hp-001/occupancy/x', text('online'), NOW)).toMatchObject({
      type: 'rejected',
      rejection: { reason: 'not_json' },
    });
  });
});
