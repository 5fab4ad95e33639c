import { decode, smallRegistry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { BAD_INPUT_CASES, BAD_INPUT_EXPECTED, collect, createDistrict } from '../src/index.ts';
import { shanghaiMidnight, WEDNESDAY } from './fixtures.ts';

const start = shanghaiMidnight(WEDNESDAY) + 9 * 3_600_000;

describe('bad-input scenario', () => {
  const registry = smallRegistry();
  const district = createDistrict({ registry, seed: 4, start, scenario: 'bad-input', target: 'healthy' });
  const messages = collect(district, start, start + 20 * 60_000, 60_000);
  const bad = messages.filter((m) => m.bad !== undefined);

  it('produces every bad-input case, sent by the target gateway', () => {
    expect(new Set(bad.map((m) => m.bad))).toEqual(new Set(BAD_INPUT_CASES));
    for (const m of bad) expect(m.gateway).toBe('healthy');
  });

  it('makes each bad message fail decode for its intended reason', () => {
    for (const m of bad) {
      const ts = Number(/"ts":(\d+)/.exec(m.payload.toString())?.[1] ?? start);
      const now = Math.min(ts, district.now);
      const result = decode(m.topic, m.payload, now, registry);
      const expected = BAD_INPUT_EXPECTED[m.bad ?? 'malformed_json'];
      if (expected === 'acl') {
        // Well-formed, but on another building's topic: only the broker's ACL can refuse it.
        expect(result.ok, m.bad).toBe(true);
        expect(m.topic.split('/')[2]).not.toBe(m.gateway);
      } else {
        expect(result.ok, m.bad).toBe(false);
        if (!result.ok) expect(result.rejection.reason, m.bad).toBe(expected);
      }
    }
  });

  it('sends an oversize payload past 16 KiB and a timestamp more than 5 minutes ahead', () => {
    const oversize = bad.find((m) => m.bad === 'oversize');
    expect(oversize?.payload.byteLength).toBeGreaterThan(16 * 1024);
    const future = bad.find((m) => m.bad === 'future_ts');
    const ts = (JSON.parse(future?.payload.toString() ?? '{}') as { ts: number }).ts;
    expect(ts - start).toBeGreaterThan(5 * 60_000);
  });
});
