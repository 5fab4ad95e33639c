// The hand-written serializer writes what @influxdata/influxdb-client's Point writes (the reference),
// except that every number is a float so a field never changes type between messages.
import { Point } from '@influxdata/influxdb-client';
import { describe, expect, it } from 'vitest';
import type { TelemetryPoint } from '@louyu/core';
import { toLine, toLines } from '../src/index.ts';

function reference(point: TelemetryPoint): string | undefined {
  const p = new Point(point.measurement).timestamp(String(point.ts));
  for (const [key, value] of Object.entries(point.tags)) p.tag(key, value);
  for (const [key, value] of Object.entries(point.fields)) {
    if (typeof value === 'number') p.floatField(key, value);
    else if (typeof value === 'boolean') p.booleanField(key, value);
    else p.stringField(key, value);
  }
  return p.toLineProtocol();
}

describe('line protocol', () => {
  const cases: TelemetryPoint[] = [
    {
      measurement: 'occupancy',
      tags: { building: 'b1', device: 'f01' },
      fields: { people: 3, capacity: 200 },
      ts: 1,
    },
    {
      measurement: 'energy',
      tags: { circuit: 'hvac', building: 'b-2' },
      fields: { power_kw: 12.5 },
      ts: 1_700_000_000_000,
    },
    {
      measurement: 'odd name,with=stuff',
      tags: { 'tag key,=x': 'a b,c"d\\e=f 中文', z: "it's" },
      fields: {
        'field key=,': 'say "hi" \\ there\nnext line',
        flag: true,
        off: false,
        big: 1e21,
        small: -0.000001,
      },
      ts: 42,
    },
  ];

  it('escapes measurements, tag keys and values, field keys and string fields as Point does', () => {
    for (const point of cases) {
      // Point sorts fields by key; give ours the same order so whole lines compare.
      const sorted = {
        ...point,
        fields: Object.fromEntries(Object.entries(point.fields).sort(([a], [b]) => (a < b ? -1 : 1))),
      };
      expect(toLine(sorted)).toBe(reference(sorted));
    }
  });

  it('writes every number as a float and one line per point', () => {
    expect(toLine(cases[0]!)).toBe('occupancy,building=b1,device=f01 people=3,capacity=200 1');
    expect(toLines(cases.slice(0, 2)).split('\n')).toHaveLength(3);
    expect(toLines([])).toBe('');
  });
});
