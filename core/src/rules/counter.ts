import { meterStep } from './meter-step.ts';

/** One sample of a cumulative counter such as a meter's `energy_kwh`. */
export interface CounterSample {
  ts: number;
  value: number;
}

/** What a counter grew by over its samples. */
export interface CounterIncrease {
  /** Total growth, counting the value after a reset as growth from 0 (like Prometheus `increase()`). */
  increase: number;
  /** How many times the counter dropped to near zero (a meter replaced or reset): see `meterStep`. */
  resets: number;
  /** How many times it went back by less (a glitch or a restarted gateway; nothing counted): see `meterStep`. */
  glitches: number;
  /** UTC ms of the first and last sample used; null without samples. */
  from: number | null;
  to: number | null;
  /** to - from: the span the increase was measured over (0 with fewer than two samples). */
  spanMs: number;
}

/**
 * The increase of a cumulative counter over its samples, robust to resets and glitches as `meterStep`
 * decides: a drop to near zero is a reset (the new value is all growth), any other drop counts nothing and
 * the counter goes on from the lower value. Unlike Prometheus, there is no extrapolation to a window's
 * edges: the figure covers exactly first sample to last.
 */
export function counterIncrease(samples: readonly CounterSample[]): CounterIncrease {
  const sorted = isSorted(samples) ? samples : [...samples].sort((a, b) => a.ts - b.ts);
  let increase = 0;
  let resets = 0;
  let glitches = 0;
  for (let i = 1; i < sorted.length; i++) {
    const step = meterStep(sorted[i - 1]!.value, sorted[i]!.value);
    increase += step.increase;
    if (step.kind === 'reset') resets++;
    else if (step.kind === 'glitch') glitches++;
  }
  const from = sorted[0]?.ts ?? null;
  const to = sorted[sorted.length - 1]?.ts ?? null;
  return { increase, resets, glitches, from, to, spanMs: from === null || to === null ? 0 : to - from };
}

/** What a counter grew by inside a window: see {@link counterIncreaseBetween}. */
export interface WindowIncrease {
  increase: number;
  resets: number;
  glitches: number;
}

/**
 * The consumption inside [from, to) from a cumulative counter's samples (take the last sample before
 * `from` and the first at or after `to` along, where there are any). Each step between two readings is
 * counted as `meterStep` decides and spread evenly over the time between them, so a step that straddles
 * an edge of the window counts for the share of its time inside: the first partial hour of a period and
 * a period that has only just started count what they hold, and consecutive windows add up to the whole
 * (linear interpolation at the edges, as meter data management does for interval reads).
 */
export function counterIncreaseBetween(
  samples: readonly CounterSample[],
  from: number,
  to: number,
): WindowIncrease {
  const result: WindowIncrease = { increase: 0, resets: 0, glitches: 0 };
  if (!(to > from)) return result;
  const sorted = isSorted(samples) ? samples : [...samples].sort((a, b) => a.ts - b.ts);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const start = Math.max(a.ts, from);
    const end = Math.min(b.ts, to);
    // A step counts where its time overlaps the window; one without duration where its time is inside.
    const share = b.ts > a.ts ? Math.max(0, end - start) / (b.ts - a.ts) : b.ts >= from && b.ts < to ? 1 : 0;
    if (share <= 0) continue;
    const step = meterStep(a.value, b.value);
    result.increase += step.increase * share;
    if (step.kind === 'reset') result.resets++;
    else if (step.kind === 'glitch') result.glitches++;
  }
  return result;
}

function isSorted(samples: readonly CounterSample[]): boolean {
  for (let i = 1; i < samples.length; i++) if (samples[i]!.ts < samples[i - 1]!.ts) return false;
  return true;
}
