// What a suite reports: rows of figures, each optionally compared with a baseline measured in the same run.
import type { SharedChildren } from './shared.ts';

/** One figure of the table. */
export interface Figure {
  suite: string;
  /** What was measured, e.g. `QoS 1, 10 publishers`. */
  case: string;
  /** Who was measured, e.g. `louyu` or `mosquitto`. */
  subject: string;
  metric: string;
  value: number;
  unit: string;
  /**
   * Baselines measured for the same case and metric in the same run, each with `ratio` = value / baseline
   * (above 1 is more of the metric: faster for rates, slower for latencies, bigger for memory).
   */
  baselines?: { subject: string; value: number; ratio: number }[];
  /** Load generator CPU (percent of one core) while this was measured, to show it was not the bottleneck. */
  generatorCpuPct?: number;
  note?: string;
}

/** How a suite is run. */
export interface SuiteContext {
  quick: boolean;
  /** Load generators and the MQTT subscriber, shared by the suites of one run (never closed by a suite). */
  children: SharedChildren;
  /** Prints a progress line (stderr, so the table on stdout stays clean). */
  log(message: string): void;
}

/** A benchmark suite: measures, returns its figures, cleans up after itself. */
export interface Suite {
  name: string;
  description: string;
  run(ctx: SuiteContext): Promise<Figure[]>;
}

/** Adds the ratios against baseline figures (missing or zero baselines are left out). */
export function compared(figure: Figure, ...baselines: (Figure | undefined)[]): Figure {
  const list = baselines
    .filter((b): b is Figure => b !== undefined && b.value !== 0 && Number.isFinite(b.value))
    .map((b) => ({ subject: b.subject, value: b.value, ratio: figure.value / b.value }));
  return list.length > 0 ? { ...figure, baselines: list } : figure;
}
