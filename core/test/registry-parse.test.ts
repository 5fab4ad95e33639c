import { describe, expect, it } from 'vitest';
import data from '../data/heping.json' with { type: 'json' };
import {
  parseRegistry,
  RegistryError,
  smallRegistry,
  type RegistryErrorCode,
} from '../src/registry/index.ts';
import type { Building, RegistryData } from '../src/registry/types.ts';

/** The small registry as a file's worth of plain data, for a test to break. */
function smallData(): RegistryData {
  const { district, buildings } = smallRegistry();
  return structuredClone({ district, buildings });
}

function rejection(json: string, source = 'small.json'): RegistryError {
  try {
    parseRegistry(json, source);
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error('parseRegistry accepted a broken registry');
}

type Mutable = RegistryData & Record<string, unknown>;

/** Building `i` of the data under test, loosely typed so a test can give it values the schema refuses. */
function at(d: Mutable, i: number): Building & Record<string, unknown> {
  const b = d.buildings[i];
  if (b === undefined) throw new Error(`no buildings[${i}]`);
  return b;
}

function broken(mutate: (d: Mutable) => void): RegistryError {
  const d = smallData() as Mutable;
  mutate(d);
  return rejection(JSON.stringify(d));
}

describe('parseRegistry', () => {
  it('accepts the Heping registry and indexes every building by id', () => {
    const registry = parseRegistry(JSON.stringify(data), 'heping.json');
    expect(registry.buildings).toHaveLength(89);
    expect(registry.byId.size).toBe(89);
    expect(registry.byId.get('china-overseas-intl-center')?.name.zh).toBe('中海国际中心');
  });

  it('accepts the small registry', () => {
    const registry = parseRegistry(JSON.stringify(smallData()), 'small.json');
    expect([...registry.byId.keys()]).toEqual(['healthy', 'short-parking', 'short-elevators', 'missing-oa']);
  });

  it('names file and field when a building has more leasable than gross area', () => {
    const d = structuredClone(data) as unknown as RegistryData;
    const b = d.buildings[12]!;
    b.leasable_area_m2 = b.gross_floor_area_m2 + 1;
    const error = rejection(JSON.stringify(d), 'heping.json');
    expect(error.code).toBe<RegistryErrorCode>('REGISTRY_INCONSISTENT');
    expect(error.path).toBe('buildings[12].leasable_area_m2');
    expect(error.message).toMatch(
      /^heping\.json: buildings\[12\]\.leasable_area_m2: must be at most gross_floor_area_m2 \(\d+ > \d+\)$/,
    );
  });

  const cases: [string, RegistryErrorCode, string, RegExp, (d: Mutable) => void][] = [
    [
      'an unknown field',
      'REGISTRY_UNKNOWN_FIELD',
      'buildings[1].colour',
      /is not a known field/,
      (d) => (at(d, 1).colour = 'red'),
    ],
    [
      'a missing field',
      'REGISTRY_MISSING_FIELD',
      'buildings[2].floors',
      /is required/,
      (d) => Reflect.deleteProperty(at(d, 2), 'floors'),
    ],
    [
      'a missing nested field',
      'REGISTRY_MISSING_FIELD',
      'buildings[0].tenancy.tenants',
      /is required/,
      (d) => Reflect.deleteProperty(at(d, 0).tenancy, 'tenants'),
    ],
    [
      'a duplicate id',
      'REGISTRY_DUPLICATE_ID',
      'buildings[3].id',
      /'healthy' is already the id of buildings\[0\]/,
      (d) => (at(d, 3).id = 'healthy'),
    ],
    [
      'a duplicate name',
      'REGISTRY_INCONSISTENT',
      'buildings[2].name.zh',
      /is already the name of buildings\[0\]/,
      (d) => (at(d, 2).name.zh = at(d, 0).name.zh),
    ],
    [
      'an id that is not a topic segment',
      'REGISTRY_BAD_VALUE',
      'buildings[0].id',
      /pattern/,
      (d) => (at(d, 0).id = 'Healthy Building'),
    ],
    [
      'leased more than leasable',
      'REGISTRY_INCONSISTENT',
      'buildings[1].tenancy.leased_m2',
      /must be at most leasable_area_m2 \(24001 > 24000\)/,
      (d) => (at(d, 1).tenancy.leased_m2 = 24_001),
    ],
    [
      'tenants by industry not adding up',
      'REGISTRY_INCONSISTENT',
      'buildings[0].tenancy.tenants_by_industry',
      /must add up to tenancy.tenants \(61 != 60\)/,
      (d) => (at(d, 0).tenancy.tenants_by_industry.trade += 1),
    ],
    [
      'more local registrations than tenants',
      'REGISTRY_INCONSISTENT',
      'buildings[0].tenancy.registered_local',
      /must be at most tenancy.tenants/,
      (d) => (at(d, 0).tenancy.registered_local = 61),
    ],
    [
      'a tax tier that does not match the tax',
      'REGISTRY_INCONSISTENT',
      'buildings[0].tax_tier',
      /must be absent for annual_tax_cny 12000000/,
      (d) => (at(d, 0).tax_tier = 'over_100m'),
    ],
    [
      'a tax over 100 M without its tier',
      'REGISTRY_INCONSISTENT',
      'buildings[0].tax_tier',
      /must be 'over_100m'/,
      (d) => (at(d, 0).annual_tax_cny = 150_000_000),
    ],
    [
      'a tall building without lifts',
      'REGISTRY_INCONSISTENT',
      'buildings[0].passenger_elevators',
      /at least 1 for a building of 16 floors/,
      (d) => (at(d, 0).passenger_elevators = 0),
    ],
    [
      'an unknown cluster',
      'REGISTRY_BAD_VALUE',
      'buildings[0].cluster',
      /./,
      (d) => Object.assign(at(d, 0), { cluster: 'shenhe' }),
    ],
    [
      'a count that is not an integer',
      'REGISTRY_BAD_VALUE',
      'buildings[0].parking_spaces',
      /integer/,
      (d) => (at(d, 0).parking_spaces = 80.5),
    ],
    [
      'a position off the map',
      'REGISTRY_BAD_VALUE',
      'buildings[0].position.x',
      /1000/,
      (d) => (at(d, 0).position.x = 1001),
    ],
    ['no buildings', 'REGISTRY_BAD_VALUE', 'buildings', /./, (d) => (d.buildings = [])],
    [
      'an unknown top-level field',
      'REGISTRY_UNKNOWN_FIELD',
      'version',
      /is not a known field/,
      (d) => (d.version = 2),
    ],
  ];

  it.each(cases)('rejects %s with code %s at %s', (_what, code, path, message, mutate) => {
    const error = broken(mutate);
    expect(error.code).toBe(code);
    expect(error.path).toBe(path);
    expect(error.source).toBe('small.json');
    expect(error.message.startsWith(`small.json: ${path}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('rejects text that is not JSON, naming the file', () => {
    const error = rejection('{"district": ', 'heping.json');
    expect(error.code).toBe('REGISTRY_BAD_JSON');
    expect(error.message).toMatch(/^heping\.json: is not JSON: /);
  });

  it('reports every problem, not only the first', () => {
    const error = broken((d) => {
      at(d, 0).tenancy.leased_m2 = 1e6;
      at(d, 3).id = 'healthy';
    });
    expect(error.issues.map((i) => i.path)).toEqual(['buildings[0].tenancy.leased_m2', 'buildings[3].id']);
    expect(error.message).toMatch(/\(and 1 more problem\)$/);
  });
});
