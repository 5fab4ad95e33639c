import type { DeviceSeries, SeriesPoint, TelemetryStore, TimeRange } from '@louyu/store';
import {
  addDays,
  counterIncrease,
  dayInfo,
  localDateKey,
  localMinuteOfDay,
  MORNING_PEAK_MINUTES,
  startOfDate,
  ELEVATOR_AVAILABILITY_WINDOW_MS,
  evaluateShortfalls,
  morningPeakMeanWait,
  peakQueueDays,
  trackSince,
  type Building,
  type CarAvailability,
  type ShortfallFinding,
  type ShortfallInput,
} from '@louyu/core';
import { buildingFiveA } from '../live/building-figures.ts';
import type { LiveState } from '../live/live-state.ts';
import { HourlyHistory } from './hourly-history.ts';
import { PeakHistory } from './peak-history.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Look back over 8 days for the 5-workday queue rule and the peak waits (a week plus a margin for holidays). */
const LOOKBACK_MS = 8 * DAY;
/** Gaps in the 1-minute queue samples longer than this break a queue run (missing data proves nothing). */
const QUEUE_MAX_GAP_MS = 5 * MINUTE;
/**
 * A car is judged on its availability once the store holds at least this many hours of its state in the
 * window: a car that started reporting an hour ago has not shown anything about its week yet.
 */
const AVAILABILITY_MIN_HOURS = 24;

/** One building's buckets of the district-wide queries. */
interface BuildingHistory {
  queues: SeriesPoint[];
  waits: SeriesPoint[];
  trips: SeriesPoint[];
}

/** The district's history the evaluation reads: per building, and per car and main meter (building + device). */
interface DistrictHistory {
  buildings: Map<string, BuildingHistory>;
  /** Hourly mean of `in_service` per car over the availability window. */
  cars: Map<string, SeriesPoint[]>;
  /** Hourly last `energy_kwh` per main meter over the look-back. */
  meters: Map<string, SeriesPoint[]>;
}

const deviceKey = (building: string, device: string): string => `${building}\u0000${device}`;

/** The meters whose counters measure a building's electricity: its `total` meters, else all but heat. */
function mainMeters(meters: Iterable<{ device: string; data: { circuit: string } }>): string[] {
  const list = [...meters].filter((m) => m.data.circuit !== 'heat');
  const main = list.some((m) => m.data.circuit === 'total')
    ? list.filter((m) => m.data.circuit === 'total')
    : list;
  return main.map((m) => m.device);
}

/**
 * The spans of [from, to) that hold a workday's morning peak (core's `peakQueueDays` and
 * `morningPeakMeanWait` look at nothing else): the queue and wait series are read over these only, a
 * twelfth of the look-back. A day whose clock changes near its peak gets an hour more on each side.
 */
export function morningPeakSpans(from: number, to: number, timeZone: string): TimeRange[] {
  const spans: TimeRange[] = [];
  for (let date = localDateKey(from, timeZone); ; date = addDays(date, 1)) {
    const midnight = startOfDate(date, timeZone);
    if (midnight >= to) break;
    if (!dayInfo(date).workday) continue;
    const start = midnight + MORNING_PEAK_MINUTES.start * MINUTE;
    const end = midnight + MORNING_PEAK_MINUTES.end * MINUTE;
    const exact =
      localMinuteOfDay(start, timeZone) === MORNING_PEAK_MINUTES.start &&
      localMinuteOfDay(end, timeZone) === MORNING_PEAK_MINUTES.end &&
      end - start === (MORNING_PEAK_MINUTES.end - MORNING_PEAK_MINUTES.start) * MINUTE;
    spans.push(exact ? { from: start, to: end } : { from: start - HOUR, to: end + HOUR });
  }
  return spans;
}

/** Per-device series by building and device id. */
function byDeviceKey(all: readonly DeviceSeries[]): Map<string, SeriesPoint[]> {
  return new Map(all.map((s) => [deviceKey(s.building, s.device), s.points]));
}

/**
 * Facility shortfalls with core's `evaluateShortfalls`, from the live state (parking now, 5A, tenancy) and
 * the store's history (peak entry queues, morning-peak elevator waits, energy over the last week).
 * Evaluating the district costs at most five district-wide store queries, one per kind of series (grouped
 * by building, or by building and device), asked at once; workday mornings that have ended are kept
 * (peak-history.ts), and so are the complete hours of the cars' and meters' hourly series
 * (hourly-history.ts), so after the first evaluation the store is asked for today's morning only, if
 * it is not over, and for the current hour of cars and meters; results are kept for `maxAgeMs` and
 * concurrent requests share one evaluation; `since` is carried across evaluations (core's `trackSince`).
 */
export class ShortfallService {
  readonly #live: LiveState;
  readonly #maxAgeMs: number;
  readonly #peaks: PeakHistory;
  readonly #cars: HourlyHistory;
  readonly #meters: HourlyHistory;
  #last: { at: number; findings: ShortfallFinding[] } | undefined;
  #running: Promise<ShortfallFinding[]> | undefined;

  constructor(live: LiveState, store: TelemetryStore, maxAgeMs = 60_000) {
    this.#live = live;
    this.#maxAgeMs = maxAgeMs;
    this.#peaks = new PeakHistory(store);
    this.#cars = new HourlyHistory(store, { measurement: 'elevator', agg: 'mean', field: 'in_service' });
    this.#meters = new HourlyHistory(store, { measurement: 'energy', agg: 'last', field: 'energy_kwh' });
  }

  /** The district's findings, at most `maxAgeMs` old. */
  async findings(now = this.#live.now()): Promise<{ at: number; findings: ShortfallFinding[] }> {
    if (this.#last && now - this.#last.at < this.#maxAgeMs && now >= this.#last.at) return this.#last;
    this.#running ??= this.#evaluate(now).finally(() => (this.#running = undefined));
    await this.#running;
    return this.#last!;
  }

  async #evaluate(now: number): Promise<ShortfallFinding[]> {
    const history = await this.#history(now);
    const buildings = this.#live.registry.buildings;
    const inputs = buildings.map((building) => this.#input(building, now, history));
    // The district's own thresholds (its registry's `shortfalls`), Louyu's defaults for the rest.
    const config = this.#live.registry.shortfallConfig;
    const all = inputs.flatMap((input) => evaluateShortfalls(input, config));
    const findings = trackSince(this.#last?.findings ?? [], all, now);
    this.#last = { at: now, findings };
    return findings;
  }

  /**
   * The district's history in one query per kind of series rather than several per building one after
   * another (1,167 ms for 89 buildings on InfluxDB): peak queues, waits and trips grouped by building; every
   * car's hourly availability and every main meter's hourly counter grouped by building and device (the
   * device ids the live state knows: cars and meters are named alike in every building, car-1, car-2 ...).
   */
  async #history(now: number): Promise<DistrictHistory> {
    const from = now - LOOKBACK_MS;
    const live = this.#live;
    const carIds = new Set<string>();
    const meterIds = new Set<string>();
    for (const b of live.registry.buildings) {
      const devices = live.devices(b.id);
      if (!devices) continue;
      for (const car of devices.elevator.keys()) carIds.add(car);
      for (const meter of mainMeters(devices.energy.values())) meterIds.add(meter);
    }
    // Seven days of hourly figures per car and eight per meter: the complete hours are kept
    // (hourly-history.ts), so after the first evaluation the store is asked for the current hour only.
    const [{ queues, waits, trips }, cars, meters] = await Promise.all([
      this.#peaks.read(from, now, morningPeakSpans(from, now, live.timeZone)),
      this.#cars.read([...carIds], now - ELEVATOR_AVAILABILITY_WINDOW_MS, now).then(byDeviceKey),
      this.#meters.read([...meterIds], from, now).then(byDeviceKey),
    ]);
    const buildings = new Map<string, BuildingHistory>();
    const of = (building: string): BuildingHistory => {
      let entry = buildings.get(building);
      if (!entry) buildings.set(building, (entry = { queues: [], waits: [], trips: [] }));
      return entry;
    };
    for (const s of queues) of(s.building).queues = s.points;
    for (const s of waits) of(s.building).waits = s.points;
    for (const s of trips) of(s.building).trips = s.points;
    return { buildings, cars, meters };
  }

  #input(building: Building, now: number, history: DistrictHistory): ShortfallInput {
    const live = this.#live;
    const detail = live.detail(building.id, now)!;
    const devices = live.devices(building.id)!;
    const fresh = detail.parking.filter((p) => p.freshness === 'fresh');
    const { queues, waits, trips } = history.buildings.get(building.id) ?? {
      queues: [],
      waits: [],
      trips: [],
    };
    const tripsAt = new Map(trips.map((p) => [p.ts, p.value]));
    const meanWait = morningPeakMeanWait(
      waits.map((p) => ({ ts: p.ts, wait_s: p.value, trips: tripsAt.get(p.ts) ?? 0 })),
      live.timeZone,
    );
    const gateway = live.gateway(building.id);
    const cars = carAvailability(building, devices.elevator.keys(), history.cars);
    const energy = energyUse(building, mainMeters(devices.energy.values()), history.meters);
    return {
      building,
      parking: fresh.length
        ? {
            occupied: fresh.reduce((s, p) => s + p.occupied, 0),
            capacity: fresh.reduce((s, p) => s + p.capacity, 0),
          }
        : undefined,
      peakQueues: peakQueueDays(
        queues.map((p) => ({ ts: p.ts, queue: p.value })),
        QUEUE_MAX_GAP_MS,
        live.timeZone,
      ),
      morningPeakMeanWaitS: meanWait ?? undefined,
      cars,
      fiveA: buildingFiveA(building, devices, {
        now,
        gateway,
        // Subsystems judged against their gateway's newest reading, as on the live pages (a replay is not stale).
        clock: live.clock(building.id),
        alarms: { active: 0, critical: 0, major: 0, minor: 0, warning: 0 },
        energyToday: () => null,
      }),
      energy,
      tenancy: { leasedM2: detail.tenancy.leased_m2, leasableM2: detail.tenancy.leasable_m2 },
    };
  }
}

/**
 * Each car's availability over the last 7 days: the mean of its `in_service` field (1 idle, moving or
 * door; 0 fault, maintenance or offline) per hour, then the mean of those hours, so each hour weighs the
 * same however often the car reported in it. Hours without any reading are left out rather than counted
 * as out of service: a silent car is already a device-offline alarm, and an outage of the gateway,
 * broker or ingest must not turn every car in the district into a shortfall.
 */
function carAvailability(
  building: Building,
  cars: Iterable<string>,
  hoursOf: Map<string, SeriesPoint[]>,
): CarAvailability[] {
  const result: CarAvailability[] = [];
  for (const device of cars) {
    const hours = hoursOf.get(deviceKey(building.id, device)) ?? [];
    if (hours.length < AVAILABILITY_MIN_HOURS) continue;
    result.push({ device, availability: hours.reduce((sum, h) => sum + h.value, 0) / hours.length });
  }
  return result;
}

/** Electricity over the last week from the main meters' counters (heat excluded), resets handled. */
function energyUse(
  building: Building,
  main: string[],
  seriesOf: Map<string, SeriesPoint[]>,
): ShortfallInput['energy'] {
  if (main.length === 0) return undefined;
  let consumptionKwh = 0;
  let spanMs = Infinity;
  for (const meter of main) {
    const series = seriesOf.get(deviceKey(building.id, meter)) ?? [];
    const grown = counterIncrease(series.map((p) => ({ ts: p.ts, value: p.value })));
    consumptionKwh += grown.increase;
    spanMs = Math.min(spanMs, grown.spanMs);
  }
  return Number.isFinite(spanMs) && spanMs > 0 ? { consumptionKwh, spanMs } : undefined;
}
