import type { TelemetryStore } from '@louyu/store';
import {
  decode,
  pointToPayload,
  KINDS,
  startOfLocalDay,
  telemetryTopic,
  TS_MAX_FUTURE_MS,
  TS_MAX_PAST_MS,
  type Registry,
} from '@louyu/core';
import type { LiveState } from './live-state.ts';
import { districtMeterSamples, meterKey, type MeterRef } from './district-meter-readings.ts';

const encoder = new TextEncoder();

/**
 * Rebuilds the live state from the store on start: the latest point of every device, each gateway's last
 * status, and today's energy per meter. Every stored point goes through core's `decode` again, so a point
 * that would not be accepted live (or is older than the contract's window) is not shown either.
 */
export async function rebuildLiveState(
  live: LiveState,
  store: TelemetryStore,
  registry: Registry,
): Promise<number> {
  const now = live.now();
  let taken = 0;
  // Only the time decode accepts: anything older would be refused below, and InfluxDB then reads a week of
  // each measurement, not every point it holds (a month or more).
  const window = {
    from: Math.max(0, Math.floor(now - TS_MAX_PAST_MS)),
    to: Math.floor(now + TS_MAX_FUTURE_MS) + 1,
  };
  for (const kind of KINDS) {
    const points = await store.latest({ measurement: kind }, window);
    for (const point of points) {
      const { building, device } = point.tags;
      if (!building || !device || !registry.byId.has(building)) continue;
      let topic: string;
      try {
        topic = telemetryTopic(building, kind, device);
      } catch {
        continue;
      }
      const result = decode(
        topic,
        encoder.encode(JSON.stringify(pointToPayload(kind, point))),
        now,
        registry,
      );
      if (result.ok && live.ingest(result.reading)) taken++;
    }
  }
  for (const point of await store.latest({ measurement: 'gateway_status' })) {
    const building = point.tags.building;
    if (!building || typeof point.fields.online !== 'boolean') continue;
    // `stopped` (an orderly stop) is stored as online false, stopped true; older points have no `stopped`.
    const status = point.fields.online ? 'online' : point.fields.stopped === true ? 'stopped' : 'offline';
    live.gatewayStatus({ building, status, ts: point.ts });
  }
  await seedEnergyToday(live, store, now);
  return taken;
}

/**
 * Today's energy per meter from the stored counter since local midnight (and the reading before it), read
 * for every meter of the district at once (a few queries, not seven per meter one meter after another).
 */
async function seedEnergyToday(live: LiveState, store: TelemetryStore, now: number): Promise<void> {
  const from = startOfLocalDay(now, live.timeZone);
  if (now <= from) return;
  const meters: (MeterRef & { ts: number; energyKwh: number })[] = [];
  for (const b of live.registry.buildings) {
    for (const meter of live.devices(b.id)?.energy.values() ?? []) {
      meters.push({ building: b.id, device: meter.device, ts: meter.ts, energyKwh: meter.data.energy_kwh });
    }
  }
  const samples = await districtMeterSamples(store, meters, from, now + 1);
  for (const meter of meters) {
    // The live reading was counted as the day's first sample; start the meter over from the day's samples.
    live.resetEnergy(meter.building, meter.device);
    for (const p of samples.get(meterKey(meter)) ?? [])
      if (p.ts < meter.ts) live.seedEnergy(meter.building, meter.device, p.ts, p.value);
    live.seedEnergy(meter.building, meter.device, meter.ts, meter.energyKwh);
  }
}
