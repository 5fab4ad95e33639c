/** One sample of a cumulative counter such as a meter's `energy_kwh`. */
export interface CounterSample {
  ts: number;
  value: number;
}

/** What a counter grew by over its samples. */
export interface CounterIncrease {
  /** Total growth, counting the value after a reset as growth from 0 (like Prometheus `increase()`). */
  increase: number;
  /** How many times the counter went down (a meter replaced or reset). */
  resets: number;
  /** UTC ms of the first and last sample used; null without samples. */
  from: number | null;
  to: number | null;
  /** to - from: the span the increase was measured over (0 with fewer than two samples). */
  spanMs: number;
}

/**
 * The increase of a cumulative counter over its samples, robust to resets: whenever the value drops, the
 * counter is taken to have restarted from 0, so the new value is all growth. Unlike Prometheus, there is
 * no extrapolation to a window's edges: the figure covers exactly first sample to last.
 */
export function counterIncrease(samples: readonly CounterSample[]): CounterIncrease {
  const sorted = isSorted(samples) ? samples : [...samples].sort((a, b) => a.ts - b.ts);
  let increase = 0;
  let resets = 0;
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!.value;
    const current = sorted[i]!.value;
    if (current >= previous) increase += current - previous;
    else {
      resets++;
      increase += current;
    }
  }
  const from = sorted[0]?.ts ?? null;
  const to = sorted[sorted.length - 1]?.ts ?? null;
  return { increase, resets, from, to, spanMs: from === null || to === null ? 0 : to - from };
}

function isSorted(samples: readonly CounterSample[]): boolean {
  for (let i = 1; i < samples.length; i++) if (samples[i]!.ts < samples[i - 1]!.ts) return false;
  return true;
}
