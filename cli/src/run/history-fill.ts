import {
  decodeMessage,
  readingToPoints,
  TS_MAX_PAST_MS,
  type Registry,
  type TelemetryPoint,
} from '@louyu/core';
import { HISTORY_INTERVALS_MS, replayStart, simulatedHistory } from '@louyu/simulators';

/** How far back a first start fills: a week, what the weekly report and the week's charts read. */
export const HISTORY_DAYS = 7;
const DAY_MS = 86_400_000;
/**
 * The oldest history starts this much inside ingest's window (readings up to 7 days old): decode judges
 * each reading against the wall clock when it is written, and the week takes a while to write.
 */
const WINDOW_MARGIN_MS = 30 * 60_000;
/**
 * The largest simulated district whose week is written before a first start goes live. Heping's 89
 * buildings take about 3 CPU-minutes; the time grows with the buildings (10,000 would take hours, with the
 * dashboard not up meanwhile), so a larger district starts live at once and its charts fill as it runs.
 */
export const HISTORY_MAX_BUILDINGS = 200;
/** Points per store write: what ingest's writer batches, taken by SQLite and InfluxDB alike. */
const BATCH_POINTS = 5_000;

/** Where history goes and what reads it back. */
export interface HistoryFillDeps {
  registry: Registry;
  /** Read to tell a first start (no meter reading stored) from a later one. */
  store: { latest(filter: { measurement: string }): Promise<TelemetryPoint[]> };
  /** Where ingest writes (the same validated points, the same store). */
  sink: { write(points: readonly TelemetryPoint[]): Promise<void> };
  seed: number;
  /** `--buildings`: "all", a count, or ids separated by commas. */
  buildings: string;
  /** `--speed` and `--scenario`: a faster run replays from its own start, so the history ends there. */
  speed: string;
  scenario: string;
  say: (line: string) => void;
  now?: () => number;
}

/** What the fill did. */
export type HistoryFillResult =
  | { filled: true; from: number; to: number; readings: number; points: number; refused: number; ms: number }
  | { filled: false; reason: string };

/**
 * On a first start (the store holds no meter reading), writes the simulated district's last week into the
 * store, a reading per device every 15 minutes, so the building charts and the weekly report have data at
 * once; then the live simulator continues the meters from the readings written here. Each message goes
 * through what ingest does with a live one (core's decode against the wall clock, then its points), straight
 * into the store: a week of 89 buildings is millions of readings, which the broker would take minutes to
 * carry, and none of them is live (the dashboard's live pages and alarms only see what the broker carries;
 * on start they rebuild from the latest stored readings, as after any restart).
 */
export async function fillHistoryOnFirstStart(deps: HistoryFillDeps): Promise<HistoryFillResult> {
  const now = deps.now ?? Date.now;
  let stored: TelemetryPoint[];
  try {
    stored = await deps.store.latest({ measurement: 'energy' });
  } catch (error) {
    return { filled: false, reason: `the store did not answer (${(error as Error).message})` };
  }
  if (stored.length > 0) return { filled: false, reason: 'the store already holds readings' };

  const started = now();
  // Up to where live begins: now (the wall clock when the history is done), or where a faster run's
  // replay starts.
  const replayFrom =
    deps.speed === '1' ? undefined : replayStart(started, deps.scenario, deps.registry.district.time_zone);
  const to = replayFrom === undefined ? now : () => replayFrom;
  const from = Math.max(to() - HISTORY_DAYS * DAY_MS, started - TS_MAX_PAST_MS + WINDOW_MARGIN_MS);
  const buildings = parseBuildings(deps.buildings);
  const count = Math.min(
    typeof buildings === 'number' ? buildings : (buildings?.length ?? deps.registry.buildings.length),
    deps.registry.buildings.length,
  );
  if (count > HISTORY_MAX_BUILDINGS) {
    const reason = `${count} buildings are more than the ${HISTORY_MAX_BUILDINGS} whose week is written before going live`;
    deps.say(`· history: not written (${reason}); the charts fill as the simulator runs`);
    return { filled: false, reason };
  }
  deps.say(
    `· history: first start, writing the last ${HISTORY_DAYS} days for ${count} buildings (meters every ${HISTORY_INTERVALS_MS.energy / 60_000} min, other devices hourly)…`,
  );

  let readings = 0;
  let points = 0;
  let refused = 0;
  let batch: TelemetryPoint[] = [];
  // One write in flight while the next hour is simulated: with InfluxDB, or ingest's store on its worker
  // thread, the two overlap.
  let writing: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    await writing;
    const full = batch;
    batch = [];
    points += full.length;
    writing = deps.sink.write(full);
  };
  let day = -1;
  let reached = from;
  for (const chunk of simulatedHistory({
    registry: deps.registry,
    seed: deps.seed,
    ...(buildings === undefined ? {} : { buildings }),
    from,
    to,
  })) {
    const at = now();
    reached = chunk.reached;
    for (const message of chunk.messages) {
      const decoded = decodeMessage(message.topic, message.payload, at, deps.registry);
      if (decoded.type !== 'reading') {
        refused++;
        continue;
      }
      readings++;
      for (const point of readingToPoints(decoded.reading, deps.registry)) batch.push(point);
      if (batch.length >= BATCH_POINTS) await flush();
    }
    const days = Math.floor((chunk.reached - from) / DAY_MS);
    if (days > day) {
      day = days;
      if (days > 0)
        deps.say(
          `  history: ${days}/${HISTORY_DAYS} days · ${readings.toLocaleString('en')} readings · ${Math.round((now() - started) / 1000)} s`,
        );
    }
  }
  if (batch.length > 0) await flush();
  await writing;
  const ms = now() - started;
  deps.say(
    `· history: ${readings.toLocaleString('en')} readings of ${new Date(from).toISOString().slice(0, 16)}Z .. ${new Date(reached).toISOString().slice(0, 16)}Z written in ${(ms / 1000).toFixed(1)} s${refused > 0 ? ` (${refused} refused by decode)` : ''}`,
  );
  return { filled: true, from, to: reached, readings, points, refused, ms };
}

/** `--buildings` as the district takes it (the simulator checks the same text and names what is wrong). */
export function parseBuildings(value: string): readonly string[] | number | undefined {
  const text = value.trim();
  if (text === '' || text === 'all') return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  return text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}
