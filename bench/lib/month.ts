// A month of district history for the query suite, written straight to a store: per building one energy
// meter, one occupancy counter, one car park and one lift car, every `stepMs`, on a workday-like daily curve.
import type { Registry, TelemetryPoint } from '@louyu/core';
import type { TelemetryStore } from '@louyu/store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 0..1 busy-ness over a day (Asia/Shanghai, UTC+8): quiet at night, full from 9 to 18. */
function dayShape(ts: number): number {
  const hour = ((((ts + 8 * HOUR) % DAY) + DAY) % DAY) / HOUR;
  return hour < 7 || hour > 21 ? 0.05 : hour < 9 ? (hour - 7) / 2 : hour <= 18 ? 1 : (21 - hour) / 3;
}

function pointsAt(
  registry: Registry,
  ts: number,
  stepMs: number,
  kwh: Map<string, number>,
): TelemetryPoint[] {
  const shape = dayShape(ts);
  const out: TelemetryPoint[] = [];
  for (const b of registry.buildings) {
    const base = { building: b.id, cluster: b.cluster };
    const power = 50 + (b.gross_floor_area_m2 / 100) * (0.2 + shape);
    const total = (kwh.get(b.id) ?? 0) + (power * stepMs) / HOUR;
    kwh.set(b.id, total);
    const spaces = Math.max(1, b.parking_spaces);
    out.push(
      {
        measurement: 'energy',
        tags: { ...base, device: 'meter1', circuit: 'total' },
        fields: { power_kw: Math.round(power * 10) / 10, energy_kwh: Math.round(total * 10) / 10 },
        ts,
      },
      {
        measurement: 'occupancy',
        tags: { ...base, device: 'f01' },
        fields: { people: Math.round(400 * shape), capacity: 500 },
        ts,
      },
      {
        measurement: 'parking',
        tags: { ...base, device: 'p1' },
        fields: {
          occupied: Math.round(spaces * (0.1 + 0.85 * shape)),
          capacity: spaces,
          queue: shape > 0.95 ? 2 : 0,
          entries: Math.round(10 * shape),
          exits: Math.round(8 * shape),
        },
        ts,
      },
      {
        measurement: 'elevator',
        tags: { ...base, device: 'car1' },
        fields: {
          state: shape > 0.1 ? 'moving' : 'idle',
          floor: 1,
          load_pct: Math.round(60 * shape),
          trips: Math.round(20 * shape),
          door_cycles: Math.round(40 * shape),
          wait_s: Math.round((10 + 30 * shape) * 10) / 10,
        },
        ts,
      },
    );
  }
  return out;
}

/**
 * Writes `days` of history ending at `endTs` (exclusive) in batches of about 5,000 points; returns how
 * many points were written.
 */
export async function writeHistory(
  store: TelemetryStore,
  registry: Registry,
  endTs: number,
  days: number,
  stepMs: number,
): Promise<number> {
  const kwh = new Map<string, number>();
  let written = 0;
  let batch: TelemetryPoint[] = [];
  // Start one step inside the window so retention (30 days raw) never discards the oldest points.
  for (let ts = endTs - days * DAY + stepMs; ts < endTs; ts += stepMs) {
    batch.push(...pointsAt(registry, ts, stepMs, kwh));
    if (batch.length >= 5000) {
      await store.write(batch);
      written += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) await store.write(batch);
  return written + batch.length;
}
