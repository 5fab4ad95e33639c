/**
 * What a memo may hold. Its keys come from the network (topics, tag values, names), so every memo is
 * bounded by bytes (DESIGN.md "Security": every per-input cache is bounded by bytes).
 */
export interface MemoOptions<T> {
  /** Most bytes the remembered keys and values take, as estimated below. Default 4 MiB. */
  maxBytes?: number;
  /** Longest key remembered, in characters; a longer one is computed every time. Default 256. */
  maxKeyLength?: number;
  /** Most entries, on top of the byte bound (the former count bound). Default: no count bound. */
  maxEntries?: number;
  /** Whether a result is worth remembering; a reject (an input that will not come back) should not be. */
  keep?: (value: T) => boolean;
  /** Bytes a value holds beyond its key; default: a string's characters, or a small fixed size. */
  valueBytes?: (value: T) => number;
}

/** What a memo holds now. */
export interface MemoCache {
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
  readonly maxKeyLength: number;
  /** Forgets everything. */
  clear(): void;
}

export type Memoized<T> = ((key: string) => T) & { readonly cache: MemoCache };

export const MEMO_DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
export const MEMO_DEFAULT_MAX_KEY_LENGTH = 256;
/** A Map entry and a string's header, roughly, on a 64-bit V8; characters count two bytes (the worst case). */
const ENTRY_BYTES = 64;
const STRING_BYTES = 24;

function defaultValueBytes(value: unknown): number {
  if (typeof value === 'string') return STRING_BYTES + 2 * value.length;
  if (typeof value === 'object' && value !== null) return 64;
  return 0;
}

/**
 * Remembers the results of a pure function of one string, for the per-message hot paths (topic parsing,
 * line-protocol escaping, name checks) where the same few thousand strings come back in every message.
 *
 * Bounded by bytes (`maxBytes`), as a least-recently-used cache in two generations: new results go into
 * the young generation; when it is full (half the budget) it becomes the old one and the previous old one
 * is dropped; a hit in the old generation moves the entry back to the young one. A hit costs one Map
 * lookup, and a key in steady use is never dropped. Keys over `maxKeyLength` and results `keep` refuses
 * are never held. Forgetting costs a recomputation, never a wrong answer.
 *
 * `limits` as a number is the former count bound (`maxEntries`), with the default byte bound.
 */
export function memoizeString<T>(
  compute: (key: string) => T,
  limits: number | MemoOptions<T> = {},
): Memoized<T> {
  const options: MemoOptions<T> = typeof limits === 'number' ? { maxEntries: limits } : limits;
  const maxBytes = options.maxBytes ?? MEMO_DEFAULT_MAX_BYTES;
  const maxKeyLength = options.maxKeyLength ?? MEMO_DEFAULT_MAX_KEY_LENGTH;
  const generationBytes = maxBytes / 2;
  const generationEntries = options.maxEntries === undefined ? Infinity : Math.max(1, options.maxEntries / 2);
  const keep = options.keep;
  const valueBytes = options.valueBytes ?? defaultValueBytes;
  const cost = (key: string, value: T): number =>
    ENTRY_BYTES + STRING_BYTES + 2 * key.length + valueBytes(value);

  let young = new Map<string, T>();
  let youngBytes = 0;
  let old = new Map<string, T>();
  let oldBytes = 0;

  const remember = (key: string, value: T, bytes: number): void => {
    if (bytes > generationBytes) return;
    if (youngBytes + bytes > generationBytes || young.size >= generationEntries) {
      old = young;
      oldBytes = youngBytes;
      young = new Map();
      youngBytes = 0;
    }
    young.set(key, value);
    youngBytes += bytes;
  };

  const memo = (key: string): T => {
    const hit = young.get(key);
    if (hit !== undefined || young.has(key)) return hit as T;
    const aged = old.get(key);
    if (aged !== undefined || old.has(key)) {
      const bytes = cost(key, aged as T);
      old.delete(key);
      oldBytes -= bytes;
      remember(key, aged as T, bytes);
      return aged as T;
    }
    const value = compute(key);
    if (key.length <= maxKeyLength && (keep === undefined || keep(value)))
      remember(key, value, cost(key, value));
    return value;
  };

  const cache: MemoCache = {
    get entries() {
      return young.size + old.size;
    },
    get bytes() {
      return youngBytes + oldBytes;
    },
    maxBytes,
    maxKeyLength,
    clear() {
      young = new Map();
      old = new Map();
      youngBytes = 0;
      oldBytes = 0;
    },
  };
  return Object.assign(memo, { cache });
}
