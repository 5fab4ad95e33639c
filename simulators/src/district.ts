import type { Building, Registry } from '@louyu/core';
import { DEFAULT_INTERVALS_MS, DEFAULT_TICK_MS, type IntervalGroup } from './assumptions.ts';
import { badInputMessages } from './bad-input.ts';
import { isWorkday, localTime } from './calendar.ts';
import type { SimMessage } from './messages.ts';
import type { TickContext } from './model/context.ts';
import { RESTDAY, WORKDAY, withMorningRush } from './model/curves.ts';
import { BuildingModel } from './model/building.ts';
import { inHeatingSeason, outdoorTemperatureC } from './model/weather.ts';
import { Rng } from './prng.ts';
import {
  isScenarioName,
  SCENARIO_SPECS,
  SCENARIOS,
  type ScenarioName,
  type ScenarioSpec,
} from './scenarios.ts';

/** How to build a simulated district. */
export interface DistrictOptions {
  registry: Registry;
  /** Same seed and start, same messages, byte for byte. */
  seed: number;
  /** Simulated start, UTC ms. */
  start: number;
  scenario?: ScenarioName;
  /** Which buildings to simulate: ids, or the first n of the registry; all when absent. */
  buildings?: readonly string[] | number;
  /** The building the scenario's local events hit (outage, drill, drop-out, bad input); default the first. */
  target?: string;
  /** Model step, ms (default one minute; the flood scenario uses one second). */
  tickMs?: number;
  /** Report intervals per device group, ms. */
  intervals?: Partial<Record<IntervalGroup, number>>;
  /**
   * Bring people, car parks and lifts to the state the start's time of day implies, by stepping them
   * from local midnight without publishing (default true). False starts every building empty, at night.
   */
  warmUp?: boolean;
}

/** The warm-up's step: coarser than the model's tick, fine enough for the day's waves (sd >= 0.3 h). */
const WARM_UP_STEP_MS = 60_000;

/** Something the gateway (not the payload) must do: the gateway drop-out scenario's cut connection. */
export interface GatewayControl {
  /** Simulated time it happens, UTC ms. */
  at: number;
  building: string;
  action: 'drop';
  /** Simulated time the gateway stays away, ms. */
  forMs: number;
}

/** A simulated district: step the clock, get the messages the gateways would publish. */
export interface District {
  /** Advances the simulated clock by `ms` and returns the messages published meanwhile, oldest first. */
  step(ms: number): SimMessage[];
  /** The simulated clock, UTC ms. */
  readonly now: number;
  readonly buildings: readonly Building[];
  readonly scenario: ScenarioSpec;
  readonly seed: number;
  readonly timeZone: string;
  /** The model step in ms. */
  readonly tickMs: number;
  /** The model of one building (for tests and progress displays). */
  model(id: string): BuildingModel;
  /** Gateway controls that fell due in past steps; each is returned once. */
  drainControls(): GatewayControl[];
  /**
   * Makes the next tick report every device, as the first does: a history's last tick, so the latest
   * readings of a building share one time and none looks behind its gateway's newest.
   */
  reportAllNextTick(): void;
}

/** Builds a simulated district from the registry. Throws an error naming the option when one is wrong. */
export function createDistrict(options: DistrictOptions): District {
  const { registry, seed, start } = options;
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${String(seed)}`);
  if (!Number.isFinite(start) || start < 0)
    throw new Error(`start must be a time in ms since the epoch, got ${String(start)}`);
  const scenarioName = options.scenario ?? 'normal';
  if (!isScenarioName(scenarioName)) {
    throw new Error(`scenario "${String(scenarioName)}" is unknown; choose one of ${SCENARIOS.join(', ')}`);
  }
  const scenario = SCENARIO_SPECS[scenarioName];
  const buildings = selectBuildings(registry, options.buildings);
  const target = options.target ?? buildings[0]?.id;
  if (options.target !== undefined && !buildings.some((b) => b.id === options.target)) {
    throw new Error(`target "${options.target}" is not among the simulated buildings`);
  }
  const tickMs = options.tickMs ?? scenario.floodTickMs ?? DEFAULT_TICK_MS;
  if (!Number.isInteger(tickMs) || tickMs < 100)
    throw new Error(`tickMs must be an integer of at least 100, got ${tickMs}`);
  const intervals = { ...DEFAULT_INTERVALS_MS, ...options.intervals };
  if (scenario.floodTickMs !== undefined) {
    for (const key of Object.keys(intervals) as IntervalGroup[]) intervals[key] = tickMs;
  }
  for (const [key, every] of Object.entries(intervals)) {
    if (!Number.isInteger(every) || every < tickMs) {
      throw new Error(
        `intervals.${key} must be an integer ms of at least the tick (${tickMs}), got ${every}`,
      );
    }
  }
  const timeZone = registry.district.time_zone;
  const models = buildings.map((b) => new BuildingModel(b, { seed, target: b.id === target, intervals }));
  const byId = new Map(models.map((m) => [m.building.id, m]));
  const weatherDays = new Map<string, number>();
  const controls: GatewayControl[] = [];
  const dropout = scenario.gatewayDropout;
  let dropoutDue = dropout !== undefined && target !== undefined;
  const neighbour =
    buildings.find((b) => b.id !== target)?.id ?? registry.buildings.find((b) => b.id !== target)?.id;
  let now = start;
  let lastTick = Math.floor(start / tickMs) * tickMs;
  let first = true;

  const anomaly = (date: string): number => {
    let value = weatherDays.get(date);
    if (value === undefined) {
      value = new Rng(seed, `weather:${date}`).normal() * 3;
      weatherDays.set(date, value);
    }
    return value;
  };

  const contextAt = (ts: number, dtS: number): TickContext => {
    const local = localTime(ts, timeZone);
    const workday = isWorkday(ts, timeZone);
    const base = workday ? WORKDAY : RESTDAY;
    return {
      ts,
      dtS,
      local,
      startHour: Math.max(0, local.hourOfDay - dtS / 3600),
      workday,
      shape: workday && scenario.morningRush ? withMorningRush(base) : base,
      outdoorC: outdoorTemperatureC(local, anomaly(local.date)),
      heatingSeason: inHeatingSeason(local),
      scenario,
      first,
      dayNumber: Math.floor(Date.UTC(local.year, local.month - 1, local.day) / 86_400_000),
    };
  };

  // Models start in the state their time of day implies: step people, car parks and lifts from the
  // local midnight of the first tick up to it, publishing nothing, as if the district had run all day.
  if (options.warmUp ?? true) {
    // Up to the start of the first tick, which then covers its own step as usual.
    const until = lastTick;
    const firstTick = lastTick + tickMs;
    const midnight = firstTick - Math.round(localTime(firstTick, timeZone).hourOfDay * 3_600_000);
    const warmMs = Math.max(tickMs, WARM_UP_STEP_MS);
    for (let from = Math.min(midnight, until); from < until;) {
      const to = Math.min(from + warmMs, until);
      const ctx = contextAt(to, (to - from) / 1000);
      for (const m of models) m.warm(ctx);
      from = to;
    }
    for (const m of models) m.settle();
  }

  const tick = (ts: number): SimMessage[] => {
    const ctx = contextAt(ts, tickMs / 1000);
    first = false;
    const out: SimMessage[] = [];
    for (const m of models) out.push(...m.tick(ctx));
    if (scenario.badInputEveryMs !== undefined && target !== undefined) {
      const every = scenario.badInputEveryMs;
      if (Math.floor(ts / every) !== Math.floor((ts - tickMs) / every))
        out.push(...badInputMessages(target, neighbour, ts));
    }
    if (dropoutDue && dropout && target !== undefined && ts >= start + dropout.afterMs) {
      dropoutDue = false;
      controls.push({ at: ts, building: target, action: 'drop', forMs: dropout.forMs });
    }
    return out;
  };

  return {
    step(ms: number): SimMessage[] {
      if (!Number.isFinite(ms) || ms < 0)
        throw new Error(`step must be a non-negative number of ms, got ${ms}`);
      const end = now + ms;
      const out: SimMessage[] = [];
      while (lastTick + tickMs <= end) {
        lastTick += tickMs;
        // A loop, not push(...): a large district's first tick holds more messages than a call has arguments.
        for (const message of tick(lastTick)) out.push(message);
      }
      now = end;
      return out;
    },
    get now() {
      return now;
    },
    buildings,
    scenario,
    seed,
    timeZone,
    tickMs,
    model(id: string): BuildingModel {
      const m = byId.get(id);
      if (!m) throw new Error(`building "${id}" is not simulated in this district`);
      return m;
    },
    drainControls(): GatewayControl[] {
      return controls.splice(0, controls.length);
    },
    reportAllNextTick(): void {
      first = true;
    },
  };
}

/** Collects the messages of the span [fromMs, toMs) of the district's clock, stepping `stepMs` at a time. */
export function collect(district: District, fromMs: number, toMs: number, stepMs: number): SimMessage[] {
  if (!(stepMs > 0)) throw new Error(`stepMs must be positive, got ${stepMs}`);
  if (fromMs < district.now)
    throw new Error(`fromMs ${fromMs} is before the district's clock (${district.now})`);
  if (fromMs > district.now) district.step(fromMs - district.now);
  const out: SimMessage[] = [];
  while (district.now < toMs) {
    for (const message of district.step(Math.min(stepMs, toMs - district.now))) out.push(message);
  }
  return out;
}

function selectBuildings(registry: Registry, selection: readonly string[] | number | undefined): Building[] {
  if (selection === undefined) return [...registry.buildings];
  if (typeof selection === 'number') {
    if (!Number.isInteger(selection) || selection < 1 || selection > registry.buildings.length) {
      throw new Error(`buildings must be between 1 and ${registry.buildings.length}, got ${selection}`);
    }
    return registry.buildings.slice(0, selection);
  }
  if (selection.length === 0) throw new Error('buildings must name at least one building');
  return selection.map((id) => {
    const b = registry.byId.get(id);
    if (!b) throw new Error(`buildings: "${id}" is not in the registry`);
    return b;
  });
}
