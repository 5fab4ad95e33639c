// Issue 15 item 4: 6,300 distinct topics of 60,000 characters under a gateway's own prefix took the
// broker+ingest process from 233 MB to 1,006 MB, because parseTopic remembered every reject (its cache was
// bounded by count, not bytes). A rejected topic is never remembered now, the remembered valid ones are
// bounded by bytes, and a valid topic still comes from memory.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseTopic } from '../src/topics.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection. */
function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('parseTopic memory', () => {
  it('keeps none of many distinct long rejected topics', () => {
    const before = heapUsed();
    const count = 1500;
    for (let i = 0; i < count; i++) {
      // Built one at a time and dropped: only what parseTopic keeps survives the loop.
      const topic = `louyu/v1/hp-001/energy/${String(i).padStart(6, '0')}${'a'.repeat(60_000)}`;
      const parsed = parseTopic(topic);
      expect(parsed.ok).toBe(false);
    }
    // 1,500 topics of 60,000 characters are 90 MB; a remembered few would not reach 16 MB.
    expect(heapUsed() - before).toBeLessThan(16 * 1024 * 1024);
    expect(parseTopic.cache).toMatchObject({ entries: 0, bytes: 0 });
  });

  it.each([
    ['louyu/v1/hp-001/energy/' + 'a'.repeat(60_000), 'bad_device'],
    ['louyu/v1/' + 'B'.repeat(60_000) + '/energy/main', 'bad_building'],
    ['louyu/v1/hp-001/' + 'k'.repeat(60_000) + '/main', 'unknown_kind'],
    ['louyu/' + 'v'.repeat(60_000) + '/hp-001/energy/main', 'bad_version'],
  ])('does not remember a rejected topic (%#), and says why in a short detail', (topic, error) => {
    parseTopic.cache.clear();
    const parsed = parseTopic(topic);
    expect(parsed).toMatchObject({ ok: false, error });
    expect(parsed.ok ? '' : parsed.detail.length).toBeLessThan(200);
    expect(parseTopic.cache).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('remembers valid topics, bounded by bytes', () => {
    parseTopic.cache.clear();
    const topic = 'louyu/v1/hp-001/energy/main';
    const first = parseTopic(topic);
    expect(first.ok).toBe(true);
    expect(parseTopic(topic)).toBe(first);
    expect(parseTopic.cache.entries).toBe(1);

    // 40,000 distinct valid topics with the longest segments there are: some 30 MB of keys and results.
    let valid = 0;
    for (let i = 0; i < 40_000; i++) {
      if (parseTopic(`louyu/v1/${'b'.repeat(60)}${i % 10}/elevator/${'d'.repeat(50)}-${i}`).ok) valid++;
    }
    expect(valid).toBe(40_000);
    expect(parseTopic.cache.entries).toBeGreaterThan(5_000);
    expect(parseTopic.cache.entries).toBeLessThan(40_000);
    expect(parseTopic.cache.bytes).toBeLessThanOrEqual(parseTopic.cache.maxBytes);
  });

  it('answers a topic in use from memory while distinct ones churn', () => {
    parseTopic.cache.clear();
    const hot = 'louyu/v1/hp-002/occupancy/floor-03';
    const first = parseTopic(hot);
    for (let i = 0; i < 100_000; i++) {
      parseTopic(`louyu/v1/hp-${i % 500}/energy/meter-${i}`);
      parseTopic(`louyu/v1/hp-001/energy/${'x'.repeat(70)}-${i}`); // rejected: device too long
      if (i % 100 === 0) expect(parseTopic(hot)).toBe(first);
    }
    expect(parseTopic(hot)).toBe(first);
    expect(parseTopic.cache.bytes).toBeLessThanOrEqual(parseTopic.cache.maxBytes);
  });
});
