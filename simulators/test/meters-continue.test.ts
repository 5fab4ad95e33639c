// A restarted simulator's meters continue from the readings it is given (issue 16, item 2): `louyu start`
// fills them from the store's latest energy readings, so a restart never sends a counter back to its
// seeded reading, below what was stored.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smallRegistry, type TelemetryPoint } from '@louyu/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  collect,
  continueMeters,
  createDistrict,
  initialMetersFromPoints,
  loadInitialMetersFile,
  runFleet,
} from '../src/index.ts';

const START = Date.UTC(2025, 2, 12, 1, 0);
const HOUR = 3_600_000;

/** The last energy reading of each meter in the messages: `building/device` -> kWh. */
function lastMeters(messages: { topic: string; payload: Buffer }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of messages) {
    const [, , building, kind, device] = m.topic.split('/');
    if (kind !== 'energy') continue;
    out.set(`${building}/${device}`, (JSON.parse(m.payload.toString()) as { energy_kwh: number }).energy_kwh);
  }
  return out;
}

function firstMeters(messages: { topic: string; payload: Buffer }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of messages) {
    const [, , building, kind, device] = m.topic.split('/');
    if (kind !== 'energy' || out.has(`${building}/${device}`)) continue;
    out.set(`${building}/${device}`, (JSON.parse(m.payload.toString()) as { energy_kwh: number }).energy_kwh);
  }
  return out;
}

const district = (start: number) =>
  createDistrict({ registry: smallRegistry(), seed: 1, start, buildings: ['healthy', 'short-parking'] });

describe("a restarted simulator's meters", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('go back to their seeded readings without the stored ones (the bug), continue from them with', () => {
    const before = lastMeters(collect(district(START), START, START + 2 * HOUR, 60_000));
    expect(before.size).toBeGreaterThan(0);
    const later = START + 3 * HOUR;

    const fresh = firstMeters(collect(district(later), later, later + 10 * 60_000, 60_000));
    const below = [...fresh].filter(([key, kwh]) => kwh < before.get(key)!);
    expect(below.length).toBeGreaterThan(0);

    const restarted = district(later);
    const initial: Record<string, Record<string, number>> = {};
    for (const [key, kwh] of before) {
      const [building, device] = key.split('/') as [string, string];
      (initial[building] ??= {})[device] = kwh;
    }
    expect(continueMeters(restarted, initial)).toBe(before.size);
    const after = firstMeters(collect(restarted, later, later + 10 * 60_000, 60_000));
    for (const [key, kwh] of before) {
      expect(after.get(key), key).toBeGreaterThanOrEqual(kwh);
      // What grew is one step's worth, not a jump: at most a few MWh in ten minutes for any of the meters.
      expect(after.get(key)! - kwh, key).toBeLessThan(5_000);
    }
  });

  it("are filled from the store's latest points, skipping other buildings and bad values", () => {
    const point = (building: string, device: string, kwh: unknown): TelemetryPoint => ({
      measurement: 'energy',
      tags: { building, device, cluster: 'x', circuit: 'total' },
      fields: { power_kw: 1, energy_kwh: kwh as number },
      ts: START,
    });
    expect(
      initialMetersFromPoints([
        point('healthy', 'meter-total', 1_234.5),
        point('healthy', 'meter-hvac', 10),
        point('short-parking', 'meter-total', Number.NaN),
        point('short-parking', 'meter-plug', 'x'),
        { ...point('healthy', 'meter-heat', 3), measurement: 'occupancy' },
      ]),
    ).toEqual({ healthy: { 'meter-total': 1_234.5, 'meter-hvac': 10 } });
  });

  it('are read from a file, with errors that name the option', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'louyu-meters-'));
    dirs.push(dir);
    const good = join(dir, 'meters.json');
    await writeFile(good, JSON.stringify({ healthy: { 'meter-total': 12.5 } }));
    expect(await loadInitialMetersFile(good)).toEqual({ healthy: { 'meter-total': 12.5 } });
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ healthy: { 'meter-total': -1 } }));
    await expect(loadInitialMetersFile(bad)).rejects.toThrow(/^--initial-meters: .*healthy.*meter-total/);
    await expect(loadInitialMetersFile(join(dir, 'missing.json'))).rejects.toThrow(/^--initial-meters: /);
  });

  it('continue from the fleet option `initialMeters`', async () => {
    const d = district(START);
    const fleet = runFleet({
      district: d,
      brokerUrl: 'mqtt://127.0.0.1:1',
      credentials: { healthy: 'a', 'short-parking': 'b' },
      speed: 1,
      reconnectPeriodMs: 60_000,
      initialMeters: { healthy: { 'meter-total': 2_500_000.04 } },
    });
    try {
      const reading = d
        .model('healthy')
        .meters.report(START)
        .find((r) => r.device === 'meter-total');
      expect(reading?.payload.energy_kwh).toBeGreaterThanOrEqual(2_500_000.04);
      expect(reading?.payload.energy_kwh).toBeLessThan(2_500_001);
    } finally {
      await fleet.stop();
    }
  });
});
