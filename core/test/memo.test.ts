// memoizeString remembers results of the per-message string functions (topic parses, escapes, name
// checks). Its inputs come from the network, so what it holds is bounded by bytes, long keys are never
// held, and a caller can refuse to keep a result (a reject) at all (issue 15, item 4).
import { describe, expect, it } from 'vitest';
import { memoizeString } from '../src/memo.ts';

/** A function that counts its calls per key. */
function counting<T>(compute: (key: string) => T) {
  const calls = new Map<string, number>();
  const fn = (key: string): T => {
    calls.set(key, (calls.get(key) ?? 0) + 1);
    return compute(key);
  };
  return { fn, calls };
}

describe('memoizeString', () => {
  it('answers repeated keys from memory', () => {
    const { fn, calls } = counting((key) => key.toUpperCase());
    const memo = memoizeString(fn);
    for (let i = 0; i < 5; i++) expect(memo('louyu')).toBe('LOUYU');
    expect(calls.get('louyu')).toBe(1);
    expect(memo.cache.entries).toBe(1);
    expect(memo.cache.bytes).toBeGreaterThan(0);
  });

  it('remembers undefined results too', () => {
    const { fn, calls } = counting((): string | undefined => undefined);
    const memo = memoizeString(fn);
    memo('a');
    memo('a');
    expect(calls.get('a')).toBe(1);
  });

  it('holds at most maxBytes, however many distinct keys arrive', () => {
    const maxBytes = 64 * 1024;
    const memo = memoizeString((key) => `${key}!`, { maxBytes });
    let highest = 0;
    for (let i = 0; i < 20_000; i++) {
      memo(`${'k'.repeat(150)}-${i}`);
      highest = Math.max(highest, memo.cache.bytes);
    }
    expect(highest).toBeLessThanOrEqual(maxBytes);
    expect(memo.cache.maxBytes).toBe(maxBytes);
    // Keys of ~160 characters plus their values take several hundred bytes each.
    expect(memo.cache.entries).toBeGreaterThan(20);
    expect(memo.cache.entries).toBeLessThan(200);
  });

  it('keeps a key in use while others churn through', () => {
    const { fn, calls } = counting((key) => key.length);
    const memo = memoizeString(fn, { maxBytes: 16 * 1024 });
    for (let i = 0; i < 50_000; i++) {
      memo('louyu/v1/hp-001/energy/main');
      memo(`louyu/v1/hp-001/energy/meter-${i}`);
    }
    expect(calls.get('louyu/v1/hp-001/energy/main')).toBe(1);
  });

  it('never holds a key longer than maxKeyLength', () => {
    const { fn, calls } = counting((key) => key.length);
    const memo = memoizeString(fn, { maxKeyLength: 100 });
    expect(memo('x'.repeat(101))).toBe(101);
    expect(memo('x'.repeat(101))).toBe(101);
    expect(calls.get('x'.repeat(101))).toBe(2);
    expect(memo.cache).toMatchObject({ entries: 0, bytes: 0 });
    memo('x'.repeat(100));
    expect(memo.cache.entries).toBe(1);
  });

  it('never holds a result the caller does not keep', () => {
    const { fn, calls } = counting((key) => (key.startsWith('ok') ? { ok: true } : { ok: false }));
    const memo = memoizeString(fn, { keep: (value) => value.ok });
    for (let i = 0; i < 1000; i++) memo(`bad-${i}`);
    memo('bad-1');
    expect(calls.get('bad-1')).toBe(2);
    expect(memo.cache).toMatchObject({ entries: 0, bytes: 0 });
    const first = memo('ok-1');
    expect(memo('ok-1')).toBe(first);
    expect(memo.cache.entries).toBe(1);
  });

  it('counts what a value holds (valueBytes) against the bound', () => {
    const memo = memoizeString((key) => key, { maxBytes: 100_000, valueBytes: () => 10_000 });
    for (let i = 0; i < 100; i++) memo(`key-${i}`);
    expect(memo.cache.bytes).toBeLessThanOrEqual(100_000);
    expect(memo.cache.entries).toBeLessThanOrEqual(10);
  });

  it('still takes a count of entries (as before), within the byte bound', () => {
    const memo = memoizeString((key) => key.length, 100);
    for (let i = 0; i < 1000; i++) memo(`key-${i}`);
    expect(memo.cache.entries).toBeLessThanOrEqual(100);
    expect(memo.cache.bytes).toBeLessThanOrEqual(memo.cache.maxBytes);
  });
});
