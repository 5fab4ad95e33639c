import { counterIncrease, localDateKey } from '@louyu/core';

interface MeterDay {
  day: string;
  last: number;
  lastTs: number;
  kwh: number;
}

/**
 * Energy since local midnight per meter, from its cumulative `energy_kwh` counter, with resets counted as
 * core's `counterIncrease` does. The first sample of a day is its baseline: consumption before a meter's
 * first message of the day is not known, so it is not guessed.
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
      this.#meters.set(key, { day, last: kwh, lastTs: ts, kwh: 0 });
      return;
    }
    if (ts <= meter.lastTs) return;
    const grown = counterIncrease([
      { ts: meter.lastTs, value: meter.last },
      { ts, value: kwh },
    ]).increase;
    if (day !== meter.day) {
      // A new day: what grew across midnight belongs to neither day in full; start the day from here.
      meter.day = day;
      meter.kwh = 0;
    } else {
      meter.kwh += grown;
    }
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
