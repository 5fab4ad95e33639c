import type { LocalTime } from '../calendar.ts';
import type { ScenarioSpec } from '../scenarios.ts';
import type { DayShape } from './curves.ts';

/** Everything a building model needs to know about one step of the simulated clock. */
export interface TickContext {
  /** The end of the step, UTC ms: the `ts` of the messages it produces. */
  ts: number;
  /** Length of the step in seconds. */
  dtS: number;
  /** Local time at the end of the step. */
  local: LocalTime;
  /** Local hour of day at the start of the step (0 when the step crossed midnight). */
  startHour: number;
  /** Working day (holidays and weekends are not). */
  workday: boolean;
  /** The day's shape of arrivals and departures (workday, rest day, morning rush). */
  shape: DayShape;
  /** Outdoor air temperature in Heping, °C. */
  outdoorC: number;
  /** Inside the district heating season (1 Nov - 31 Mar). */
  heatingSeason: boolean;
  scenario: ScenarioSpec;
  /** The first step of the run: every device reports, so a fresh dashboard sees the whole building. */
  first: boolean;
  /** Days since the epoch in local time, for schedules that repeat every n days. */
  dayNumber: number;
}
