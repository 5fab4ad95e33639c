import { describe, expect, it } from 'vitest';
import { decode } from '../src/decode.ts';
import { pointToPayload, readingToPoints, statusToPoint, UNKNOWN_CLUSTER } from '../src/points.ts';
import { smallRegistry } from '../src/registry/small.ts';
import { encode, VALID_PAYLOADS } from './fixtures.ts';

const NOW = Date.UTC(2026, 10, 28, 2, 0, 0);
const registry = smallRegistry();
const building = registry.buildings[0]?.id ?? '';

function readingOf(kind: keyof typeof VALID_PAYLOADS, extra: Record<string, unknown> = {}) {
  const result = decode(
    `louyu/v1/${building}/${kind}/dev-1`,
    encode({ ...VALID_PAYLOADS[kind], ...extra, ts: NOW }),
    NOW,
    registry,
  );
  if (!result.ok) throw new Error(result.rejection.detail);
  return result.reading;
}

describe('readingToPoints', () => {
  it('stores a kind as its measurement with building, cluster and device tags', () => {
    const [point] = readingToPoints(readingOf('occupancy'), registry);
    expect(point).toEqual({
      measurement: 'occupancy',
      tags: { building, cluster: registry.byId.get(building)?.cluster, device: 'dev-1' },
      fields: { people: 120, capacity: 300 },
      ts: NOW,
    });
  });

  it('puts the energy circuit in a tag, not a field', () => {
    const [point] = readingToPoints(readingOf('energy'), registry);
    expect(point?.tags.circuit).toBe('hvac');
    expect(point?.fields).toEqual({ power_kw: 412.5, energy_kwh: 1_204_332.7 });
  });

  it('flattens tenants by industry into one field each', () => {
    const [point] = readingToPoints(readingOf('tenancy'), registry);
    expect(point?.fields).toMatchObject({
      tenants: 140,
      tenants_trade: 60,
      tenants_tech: 40,
      tenants_finance: 10,
      tenants_culture: 5,
      tenants_other: 25,
    });
    expect(point?.fields).not.toHaveProperty('tenants_by_industry');
  });

  it('adds a numeric in_service beside the elevator state', () => {
    expect(readingToPoints(readingOf('elevator'), registry)[0]?.fields.in_service).toBe(1);
    const fault = readingToPoints(readingOf('elevator', { state: 'fault', fault: 'E-7' }), registry)[0];
    expect(fault?.fields).toMatchObject({ state: 'fault', fault: 'E-7', in_service: 0 });
    expect(
      readingToPoints(readingOf('elevator', { state: 'maintenance' }), registry)[0]?.fields.in_service,
    ).toBe(0);
  });

  it('tags a building missing from the registry as unknown', () => {
    expect(readingToPoints(readingOf('occupancy'))[0]?.tags.cluster).toBe(UNKNOWN_CLUSTER);
  });

  it('stores gateway status as boolean fields', () => {
    expect(statusToPoint({ building, status: 'offline', ts: NOW }, registry)).toMatchObject({
      measurement: 'gateway_status',
      tags: { building },
      fields: { online: false, stopped: false },
      ts: NOW,
    });
    expect(statusToPoint({ building, status: 'stopped', ts: NOW }, registry).fields).toEqual({
      online: false,
      stopped: true,
    });
  });
});

describe('pointToPayload', () => {
  it.each(['occupancy', 'parking', 'elevator', 'energy', 'ba', 'ca', 'oa', 'fa', 'sa', 'tenancy'] as const)(
    'turns a stored %s point back into a payload that decodes to the same reading',
    (kind) => {
      const reading = readingOf(kind);
      const [point] = readingToPoints(reading, registry);
      const payload = pointToPayload(kind, point!);
      const again = decode(`louyu/v1/${building}/${kind}/dev-1`, encode(payload), NOW, registry);
      expect(again).toEqual({ ok: true, reading });
    },
  );
});
