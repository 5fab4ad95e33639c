/**
 * Remembers the results of a pure function of one string, for the per-message hot paths (topic parsing,
 * line-protocol escaping, name checks) where the same few thousand strings come back in every message.
 * The strings come from the network, so the memory is bounded: once `maxEntries` are held it starts over
 * rather than grow, which costs a few recomputations and never a wrong answer.
 */
export function memoizeString<T>(compute: (key: string) => T, maxEntries = 10_000): (key: string) => T {
  let cache = new Map<string, T>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const value = compute(key);
    if (cache.size >= maxEntries) cache = new Map();
    cache.set(key, value);
    return value;
  };
}
