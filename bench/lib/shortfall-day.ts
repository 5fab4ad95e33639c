// A district's recent history as the shortfall evaluation reads it, written straight to a store: every
// device the simulator gives the district (its cars, car parks, meters, sensors), with its newest reading,
// and for the three kinds the evaluation looks back over (car parks, lift cars, meters) `hours` of readings
// at the gateways' real intervals (cars every 10 s, car parks every 30 s, meters every minute) on a
// workday-like curve: queues and cars out of service in the morning, so the evaluation has findings.
import {
  decodeMessage,
  EXPECTED_INTERVAL_MS,
  readingToPoints,
  statusToPoint,
  type Registry,
  type TelemetryPoint,
} from '@louyu/core';
import { createDistrict } from '@louyu/simulators';
import type { TelemetryStore } from '@louyu/store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BATCH = 5_000;

/** Which readings the history repeats, and how often (the gateways' expected intervals). */
const HISTORY_EVERY_MS: Readonly<Record<string, number>> = {
  elevator: EXPECTED_INTERVAL_MS.elevator,
  parking: EXPECTED_INTERVAL_MS.parking,
  energy: EXPECTED_INTERVAL_MS.energy,
};

/** A small deterministic hash of a string to [0, 1), so each device varies its own way. */
function unit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

/** 0..1 busy-ness by local hour in Shenyang (UTC+8): quiet at night, a morning peak, full in office hours. */
function busy(ts: number): number {
  const hour = ((((ts + 8 * HOUR) % DAY) + DAY) % DAY) / HOUR;
  return hour < 7 || hour > 21 ? 0.05 : hour < 9 ? (hour - 7) / 2 : hour <= 18 ? 1 : (21 - hour) / 3;
}

/** The newest point of each series the simulator produces in its first minute (every device of the district). */
function templates(registry: Registry, start: number): TelemetryPoint[] {
  const district = createDistrict({ registry, seed: 7, start });
  const newest = new Map<string, TelemetryPoint>();
  for (const m of district.step(MINUTE)) {
    const result = decodeMessage(m.topic, m.payload, start + MINUTE, registry);
    const points =
      result.type === 'reading'
        ? readingToPoints(result.reading, registry)
        : result.type === 'status'
          ? [statusToPoint(result.status, registry)]
          : [];
    for (const p of points) newest.set(`${p.measurement}|${JSON.stringify(p.tags)}`, p);
  }
  return [...newest.values()];
}

/** The template's reading at `ts`, its fields moved along the day's curve. */
function readingAt(
  template: TelemetryPoint,
  ts: number,
  every: number,
  counters: Map<string, number>,
): TelemetryPoint {
  const shape = busy(ts);
  const key = JSON.stringify(template.tags);
  const own = unit(key);
  const fields = { ...template.fields };
  const hour = Math.floor(ts / HOUR);
  if (template.measurement === 'elevator') {
    // One car in six is out of service for a few hours of the morning; the rest serve all day.
    const out = own < 1 / 6 && shape > 0.4 && shape < 1 && unit(`${key}${hour}`) < 0.7;
    fields.state = out ? 'fault' : shape > 0.1 ? 'moving' : 'idle';
    fields.in_service = out ? 0 : 1;
    fields.wait_s = Math.round((8 + 40 * shape * own + 5 * unit(`${key}${ts}`)) * 10) / 10;
    fields.trips = Math.round(3 * shape * (1 + unit(`${key}${ts}`)));
  } else if (template.measurement === 'parking') {
    const capacity = typeof fields.capacity === 'number' ? fields.capacity : 100;
    fields.occupied = Math.round(capacity * (0.1 + 0.85 * shape));
    // Half the car parks queue at the entry whenever the morning is at its busiest.
    fields.queue = own < 0.5 && shape > 0.6 && shape < 1 ? 1 + Math.floor(4 * own) : 0;
  } else if (typeof fields.energy_kwh === 'number' && typeof fields.power_kw === 'number') {
    const power = Math.max(1, fields.power_kw) * (0.3 + shape);
    fields.power_kw = Math.round(power * 10) / 10;
    // The counter climbs by the energy of the interval.
    const kwh = (counters.get(key) ?? fields.energy_kwh) + (power * every) / HOUR;
    counters.set(key, kwh);
    fields.energy_kwh = Math.round(kwh * 10) / 10;
  }
  return { ...template, fields, ts };
}

/**
 * Writes `hours` of history ending at `end` (exclusive) and every device's newest reading at the end;
 * returns how many points were written and how many series the history has.
 */
export async function writeShortfallHistory(
  store: TelemetryStore,
  registry: Registry,
  end: number,
  hours: number,
): Promise<{ points: number; series: number }> {
  const base = templates(registry, end - MINUTE);
  const history = base.filter((t) => HISTORY_EVERY_MS[t.measurement] !== undefined);
  const counters = new Map<string, number>();
  let written = 0;
  let batch: TelemetryPoint[] = [];
  const flush = async (): Promise<void> => {
    await store.write(batch);
    written += batch.length;
    batch = [];
  };
  const from = end - hours * HOUR;
  // Minute by minute, every series whose interval falls in that minute: batches follow time, as ingest's do.
  for (let minute = from; minute < end; minute += MINUTE) {
    for (const template of history) {
      const every = HISTORY_EVERY_MS[template.measurement]!;
      for (let ts = minute; ts < minute + MINUTE; ts += every)
        batch.push(readingAt(template, ts, every, counters));
    }
    if (batch.length >= BATCH) await flush();
  }
  // The other kinds (occupancy, subsystems, tenancy, gateway status) once, as they are now.
  batch.push(
    ...base.filter((t) => HISTORY_EVERY_MS[t.measurement] === undefined).map((t) => ({ ...t, ts: end - 1 })),
  );
  await flush();
  return { points: written, series: history.length };
}
