import { counterIncreaseBetween, localDateKey, startOfLocalDay } from '@louyu/core';

interface MeterDay {
  day: string;
  /** UTC ms of the local midnight that began `day`. */
  dayStart: number;
  last: number;
  lastTs: number;
  kwh: number;
}

/**
 * Energy since local midnight per meter, from its cumulative `energy_kwh` counter, each step counted as
 * core's `meterStep` decides: a drop to near zero is a reset or a replaced meter (its new reading is
 * consumption), any other drop (a restarted simulator or gateway, a glitch) counts nothing and the meter
 * goes on from the lower reading. The step from the last reading before midnight to the first after it
 * counts for its share of time after midnight, as a report over the day counts it (`counterIncreaseBetween`).
 */
export class EnergyToday {
  readonly #meters = new Map<string, MeterDay>();
  readonly #timeZone: string;

  constructor(timeZone: string) {
    this.#timeZone = timeZone;
  }

  /** Adds one sample of meter `key` (`building/device`). Older samples than the last are ignored. */
  add(key: string, ts: number, kwh: number): void {
    const day = localDateKey(ts, this.#timeZone);
    const meter = this.#meters.get(key);
    if (!meter) {
      this.#meters.set(key, {
        day,
        dayStart: startOfLocalDay(ts, this.#timeZone),
        last: kwh,
        lastTs: ts,
        kwh: 0,
      });
      return;
    }
    if (ts <= meter.lastTs) return;
    if (day !== meter.day) {
      meter.day = day;
      meter.dayStart = startOfLocalDay(ts, this.#timeZone);
      meter.kwh = 0;
    }
    meter.kwh += counterIncreaseBetween(
      [
        { ts: meter.lastTs, value: meter.last },
        { ts, value: kwh },
      ],
      meter.dayStart,
      Number.POSITIVE_INFINITY,
    ).increase;
    meter.last = kwh;
    meter.lastTs = ts;
  }

  forget(key: string): void {
    this.#meters.delete(key);
  }

  /** Today's kWh of meter `key` at `now` (0 once the local day has turned without a new sample). */
  kwh(key: string, now: number): number | null {
    const meter = this.#meters.get(key);
    if (!meter) return null;
    return meter.day === localDateKey(now, this.#timeZone) ? meter.kwh : 0;
  }
}
