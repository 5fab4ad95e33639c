// InfluxQL text built from filters: quoted so that no value can end its literal early.
import { describe, expect, it } from 'vitest';
import { latestQuery, quoteIdent, quoteString, seriesQuery, tagConditions } from '../src/influx/influxql.ts';

describe('InfluxQL quoting', () => {
  it('escapes backslashes and quotes inside identifiers and string literals', () => {
    expect(quoteString("it's")).toBe("'it\\'s'");
    expect(quoteString('a\\')).toBe("'a\\\\'");
    expect(quoteString("x\\' OR '1'='1")).toBe("'x\\\\\\' OR \\'1\\'=\\'1'");
    expect(quoteIdent('we"ird\\')).toBe('"we\\"ird\\\\"');
  });

  it('builds conditions from every part of a filter, and none for an empty building list', () => {
    const filter = {
      measurement: 'energy',
      building: ['b1', 'b2'],
      device: 'm1',
      tags: { circuit: "hv'ac" },
    };
    const conditions = tagConditions(filter);
    expect(conditions).toEqual([
      `("building" = 'b1' OR "building" = 'b2')`,
      `"device" = 'm1'`,
      `"circuit" = 'hv\\'ac'`,
    ]);
    expect(latestQuery(filter, conditions!)).toBe(
      `SELECT * FROM "energy" WHERE ("building" = 'b1' OR "building" = 'b2') AND "device" = 'm1' AND "circuit" = 'hv\\'ac' GROUP BY * ORDER BY time DESC LIMIT 1`,
    );
    expect(tagConditions({ measurement: 'energy', building: [] })).toBeUndefined();
  });

  it('reads hour rollups with the aggregate that combines them correctly', () => {
    const query = {
      filter: { measurement: 'parking' },
      from: 0,
      to: 7_200_000,
      stepMs: 3_600_000,
      agg: 'mean' as const,
      field: 'occupied',
    };
    expect(
      seriesQuery(query, [], 0, 7_200_000, ['building'], {
        tier: 'hour',
        database: 'd_rollup',
        retentionPolicy: 'rp',
      }),
    ).toBe(
      `SELECT sum("sum_occupied") / sum("count_occupied") AS "value" FROM "d_rollup"."rp"."parking" WHERE time >= 0ms AND time < 7200000ms GROUP BY time(3600000ms), "building" fill(none)`,
    );
  });
});
