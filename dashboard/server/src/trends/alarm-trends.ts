// Active alarms over time, from the alarm journal in the store (`alarm_event`, one point per transition,
// each carrying the alarm's `raised_at` and, once cleared, `cleared_at`): every episode of an alarm that
// stood at some time in the range, then a count per cluster at each bucket's end.
import { MAX_POINTS_LIMIT, type TelemetryPoint, type TelemetryStore } from '@louyu/store';
import {
  alarmFromPoint,
  ALARM_MEASUREMENT,
  alarmIdOfPoint,
  CHECKPOINT_MEASUREMENT,
  checkpointFromPoint,
  STANDING_MEASUREMENT,
} from '../alarms/alarm-points.ts';

/** One raising of an alarm: from `raisedAt` until `clearedAt` (null: not cleared by the range's end). */
export interface AlarmEpisode {
  building: string;
  raisedAt: number;
  clearedAt: number | null;
}

/** Checkpoints lie at the start of their UTC day; the one before a range's start is at most two slots back. */
const CHECKPOINT_LOOKBACK_MS = 2 * 86_400_000;
/** A range holding more transitions than this is refused rather than read without end (200,000 events). */
const MAX_EVENT_PAGES = 20;

/** Thrown when a range holds too many alarm transitions to count in one request. */
export class TooManyAlarmEvents extends Error {}

/** Every `alarm_event` point in [from, to), reading newest first page by page (the store caps a read). */
async function eventsIn(store: TelemetryStore, from: number, to: number): Promise<TelemetryPoint[]> {
  const out: TelemetryPoint[] = [];
  const seen = new Set<string>();
  let upper = to;
  for (let page = 0; page < MAX_EVENT_PAGES; page++) {
    const points = await store.points({ measurement: ALARM_MEASUREMENT }, from, upper, MAX_POINTS_LIMIT);
    for (const point of points) {
      // The next page starts again at the oldest timestamp of this one (its points may be split).
      const key = `${alarmIdOfPoint(point)}/${point.ts}/${String(point.fields.event)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(point);
    }
    if (points.length < MAX_POINTS_LIMIT) return out;
    const oldest = points[points.length - 1]!.ts;
    if (oldest + 1 >= upper) break;
    upper = oldest + 1;
  }
  throw new TooManyAlarmEvents(
    `more than ${MAX_EVENT_PAGES * MAX_POINTS_LIMIT} alarm transitions in the range; choose a shorter one`,
  );
}

/**
 * The alarms standing at `at` as stored points, and from when the events must be replayed on top: the newest
 * checkpoint taken at or before `at` (what a restart reads), or, with none usable, the latest event of each
 * alarm before `at` within the raw retention (slower on InfluxDB, the same answer).
 */
async function standingAt(
  store: TelemetryStore,
  at: number,
): Promise<{ points: TelemetryPoint[]; replayFrom: number }> {
  const markers = await store.points(
    { measurement: CHECKPOINT_MEASUREMENT },
    at - CHECKPOINT_LOOKBACK_MS,
    at + 1,
    3,
  );
  for (const marker of markers) {
    const checkpoint = checkpointFromPoint(marker);
    if (!checkpoint || checkpoint.at > at) continue;
    const rows = (
      await store.points({ measurement: STANDING_MEASUREMENT }, marker.ts, marker.ts + 1, MAX_POINTS_LIMIT)
    ).filter((row) => row.fields.checkpoint === checkpoint.at);
    if (rows.length === checkpoint.standing) return { points: rows, replayFrom: checkpoint.at };
    break;
  }
  const oldest = Math.max(0, at - store.retention.rawMs);
  return {
    points: await store.latest({ measurement: ALARM_MEASUREMENT }, { from: oldest, to: at }),
    replayFrom: at,
  };
}

/**
 * Every episode of an alarm that stood at some time in [from, to): those standing at `from` and those raised
 * since, with the time each was cleared if it was cleared before `to`. Episodes are told apart by alarm and
 * `raised_at`; any transition of one (acknowledged, cleared, a checkpoint) says when it was raised.
 */
export async function alarmEpisodes(
  store: TelemetryStore,
  from: number,
  to: number,
): Promise<AlarmEpisode[]> {
  const standing = await standingAt(store, from);
  const events = await eventsIn(store, standing.replayFrom, to);
  const episodes = new Map<string, AlarmEpisode>();
  for (const point of [...standing.points, ...events]) {
    const alarm = alarmFromPoint(point);
    if (!alarm || alarm.raisedAt === null) continue;
    const key = `${alarm.id}@${alarm.raisedAt}`;
    const known = episodes.get(key);
    const clearedAt = alarm.clearedAt ?? known?.clearedAt ?? null;
    episodes.set(key, { building: alarm.building, raisedAt: alarm.raisedAt, clearedAt });
  }
  return [...episodes.values()].filter(
    (e) => e.raisedAt < to && (e.clearedAt === null || e.clearedAt > from),
  );
}

/**
 * How many alarms stood at the end of each bucket (`ends[i]`), per cluster: raised before that instant and
 * not cleared by it. Every bucket gets a count, zero included (no alarm standing is a figure, not a gap).
 */
export function activeAtEnds(
  episodes: readonly AlarmEpisode[],
  clusterOf: ReadonlyMap<string, string>,
  buckets: readonly { ts: number; end: number }[],
  clusters: readonly string[],
): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const cluster of clusters) {
    const mine = episodes.filter((e) => clusterOf.get(e.building) === cluster);
    out.set(
      cluster,
      buckets.map(({ ts, end }): [number, number] => [
        ts,
        mine.filter((e) => e.raisedAt < end && (e.clearedAt === null || e.clearedAt >= end)).length,
      ]),
    );
  }
  return out;
}
