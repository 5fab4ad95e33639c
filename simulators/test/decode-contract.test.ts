import { decode, smallRegistry, type Kind } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { collect, createDistrict } from '../src/index.ts';
import { shanghaiMidnight, WEDNESDAY } from './fixtures.ts';

describe('payload contract', () => {
  it("passes core's decode for every message of a day, all kinds, every building", () => {
    const registry = smallRegistry();
    const start = shanghaiMidnight(WEDNESDAY) + 8 * 3_600_000;
    // A drill in the morning and a lift outage put the rarer states and fields on the wire too.
    const runs = [
      createDistrict({ registry, seed: 11, start, scenario: 'fire-drill', target: 'healthy' }),
      createDistrict({ registry, seed: 12, start, scenario: 'elevator-outage', target: 'short-elevators' }),
    ];
    const kinds = new Set<Kind>();
    const failures: string[] = [];
    for (const district of runs) {
      let now = start;
      while (now < start + 1.5 * 3_600_000) {
        for (const m of collect(district, now, now + 600_000, 600_000)) {
          const result = decode(m.topic, m.payload, district.now, registry);
          if (result.ok) kinds.add(result.reading.kind);
          else failures.push(`${m.topic}: ${result.rejection.reason} ${result.rejection.detail}`);
          expect(m.payload.toString()).toMatch(/^\{"ts":\d+,/);
        }
        now = district.now;
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect([...kinds].sort()).toEqual(
      ['ba', 'ca', 'elevator', 'energy', 'fa', 'oa', 'occupancy', 'parking', 'sa', 'tenancy'].sort(),
    );
  });

  it('publishes nothing for a 5A subsystem the registry says a building lacks', () => {
    const registry = smallRegistry();
    const start = shanghaiMidnight(WEDNESDAY);
    const district = createDistrict({ registry, seed: 1, start, buildings: ['missing-oa'] });
    const messages = collect(district, start, start + 3_600_000, 600_000);
    expect(messages.some((m) => m.topic.includes('/oa/'))).toBe(false);
    expect(messages.some((m) => m.topic.includes('/ba/'))).toBe(true);
  });
});
