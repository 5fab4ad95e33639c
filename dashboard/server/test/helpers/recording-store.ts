import type { TelemetryStore, TimeRange } from '@louyu/store';

/**
 * The store, recording the `within` spans each call of one of its series queries asks for: what the
 * shortfall tests check to see which hours an evaluation read again.
 */
export function recordingWithin(
  store: TelemetryStore,
  query: 'seriesByDevice' | 'seriesByBuilding',
): { store: TelemetryStore; asked: TimeRange[][] } {
  const asked: TimeRange[][] = [];
  const recorded = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== query || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        asked.push([...((args[6] as { within?: TimeRange[] } | undefined)?.within ?? [])]);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: recorded, asked };
}
