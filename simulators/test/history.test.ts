import { smallRegistry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { simulatedHistory, type HistoryChunk } from '../src/index.ts';

const HOUR = 3_600_000;

function readings(chunks: Iterable<HistoryChunk>) {
  const out: { building: string; kind: string; device: string; ts: number; data: Record<string, unknown> }[] =
    [];
  for (const chunk of chunks) {
    for (const m of chunk.messages) {
      const [, , building, kind, device] = m.topic.split('/') as [string, string, string, string, string];
      const data = JSON.parse(m.payload.toString('utf8')) as Record<string, unknown> & { ts: number };
      out.push({ building, kind, device, ts: data.ts, data });
    }
  }
  return out;
}

describe('a simulated week of history (a first start fills the store with it)', () => {
  const to = Date.UTC(2026, 10, 30, 3, 7, 30); // Monday 11:07:30 in Shenyang
  const from = to - 2 * 24 * HOUR;
  const all = readings(simulatedHistory({ registry: smallRegistry(), seed: 3, from, to }));

  it('reports meters every 15 minutes and other devices hourly, over the whole span', () => {
    const meter = all.filter((r) => r.kind === 'energy' && r.device === 'meter-total');
    const building = meter[0]!.building;
    const times = meter.filter((r) => r.building === building).map((r) => r.ts);
    // Every 15 min over two days, and the history's first and last ticks (every device reports there).
    expect(times.length).toBeGreaterThanOrEqual(2 * 96);
    expect(times.length).toBeLessThanOrEqual(2 * 96 + 2);
    const floor = all.filter(
      (r) => r.building === building && r.kind === 'occupancy' && r.device === 'floor-01',
    );
    expect(floor.length).toBeGreaterThanOrEqual(48);
    expect(floor.length).toBeLessThanOrEqual(50);
    expect(Math.min(...all.map((r) => r.ts))).toBeGreaterThanOrEqual(from);
    expect(Math.max(...all.map((r) => r.ts))).toBeLessThanOrEqual(to);
  });

  it('keeps every meter counting up', () => {
    const byMeter = new Map<string, number[]>();
    for (const r of all.filter((x) => x.kind === 'energy')) {
      const key = `${r.building}/${r.device}`;
      byMeter.set(key, [...(byMeter.get(key) ?? []), r.data.energy_kwh as number]);
    }
    expect(byMeter.size).toBeGreaterThan(0);
    for (const [key, kwh] of byMeter) {
      for (let i = 1; i < kwh.length; i++) expect(kwh[i], key).toBeGreaterThanOrEqual(kwh[i - 1]!);
      expect(kwh.at(-1)!, key).toBeGreaterThan(kwh[0]!);
    }
  });

  it("ends with every device's latest reading at one time, the history's last tick", () => {
    const latest = new Map<string, number>();
    for (const r of all) {
      const key = `${r.building}/${r.kind}/${r.device}`;
      latest.set(key, Math.max(latest.get(key) ?? 0, r.ts));
    }
    const lastTick = Math.floor(to / (5 * 60_000)) * 5 * 60_000;
    expect(new Set(latest.values())).toEqual(new Set([lastTick]));
  });
});
