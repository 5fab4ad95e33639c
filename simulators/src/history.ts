import type { Registry } from '@louyu/core';
import { createDistrict } from './district.ts';
import type { IntervalGroup } from './assumptions.ts';
import type { SimMessage } from './messages.ts';

/**
 * A simulated district's past, for a first start: the same building models as the live simulator, stepped
 * at a coarser tick and reporting every device at a coarser interval, so a week of history for a whole
 * district takes seconds, not a week, while charts (a point every few minutes at their widest) and reports
 * (counters read at hour boundaries) get every hour of it.
 */
export interface HistoryOptions {
  registry: Registry;
  seed: number;
  /** Simulated buildings: ids, or the first n of the registry; all when absent. */
  buildings?: readonly string[] | number;
  /** Where the history starts, UTC ms. */
  from: number;
  /**
   * Where it ends, UTC ms, or a function read after every chunk (the wall clock: the week takes a while to
   * write, and the history should end where live begins).
   */
  to: number | (() => number);
  /** Model step (default {@link HISTORY_TICK_MS}). */
  tickMs?: number;
  /** How often each group of devices reports (default {@link HISTORY_INTERVALS_MS}). */
  intervals?: Partial<Record<IntervalGroup, number>>;
}

/**
 * The model's step in history: five minutes. The models' rates scale with the step (arrivals, lift and
 * car-park throughput, faults per day), and the day's waves are hours wide, so five-minute steps follow
 * them; one-minute steps would cost five times as much for detail no history chart shows.
 */
export const HISTORY_TICK_MS = 5 * 60_000;

/**
 * How often devices report in history (live: cars every 10 s, the rest every 30-60 s). Meters every 15
 * minutes: the power chart of a day has a point per 15 min and a report reads each counter at every hour.
 * Everything else hourly: a week's chart (500 buckets of 20 min) and the hourly rollups get a reading each
 * hour, and a week of Heping's 89 buildings stays under a million readings (at live rates: 180 million).
 */
export const HISTORY_INTERVALS_MS: Readonly<Record<IntervalGroup, number>> = {
  energy: 15 * 60_000,
  occupancy: 3_600_000,
  parking: 3_600_000,
  elevator: 3_600_000,
  subsystem: 3_600_000,
  tenancy: 6 * 3_600_000,
};

/** One stretch of the history: its messages, oldest first, and the simulated time it reached. */
export interface HistoryChunk {
  messages: SimMessage[];
  /** The simulated clock after this chunk, UTC ms. */
  reached: number;
}

/**
 * The district's messages over [from, to), an hour of simulated time per chunk, so a caller can write
 * each chunk and show progress without holding the week in memory. The scenario is always `normal`: the
 * past is an ordinary week, whatever scenario runs live afterwards.
 */
export function* simulatedHistory(options: HistoryOptions): Generator<HistoryChunk> {
  const { from } = options;
  const to =
    typeof options.to === 'number'
      ? (
          (end: number) => () =>
            end
        )(options.to)
      : options.to;
  if (!Number.isFinite(from) || !Number.isFinite(to()) || to() < from)
    throw new Error(`history: the span must be from <= to (UTC ms), got ${from} .. ${to()}`);
  const tickMs = options.tickMs ?? HISTORY_TICK_MS;
  const district = createDistrict({
    registry: options.registry,
    seed: options.seed,
    start: from,
    scenario: 'normal',
    ...(options.buildings === undefined ? {} : { buildings: options.buildings }),
    tickMs,
    intervals: { ...HISTORY_INTERVALS_MS, ...options.intervals },
  });
  for (;;) {
    const end = to();
    if (end - district.now > CHUNK_MS) {
      yield { messages: district.step(CHUNK_MS), reached: district.now };
      continue;
    }
    // The last chunk: its last tick reports every device, so each device's latest reading is at the
    // history's end and the dashboard, rebuilding from them, judges none of them behind the others.
    const lastTick = Math.floor(end / district.tickMs) * district.tickMs;
    const messages = lastTick > district.now ? district.step(lastTick - 1 - district.now) : [];
    district.reportAllNextTick();
    for (const message of district.step(Math.max(0, end - district.now))) messages.push(message);
    yield { messages, reached: district.now };
    return;
  }
}

/** One simulated hour per chunk: a few tens of thousands of messages for a large district. */
const CHUNK_MS = 3_600_000;
