// A building's electric circuits add up to its total, and district heating is shown apart (issue 16,
// item 8): the `heat` meter is a thermal meter of the district heating network (kW / kWh thermal), not an
// electric circuit, so it is neither among the electric meters nor in the building's power or energy.
import { smallRegistry, type Circuit, type ReadingOf } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { buildingDetail, emptyDevices, type FigureContext } from '../src/live/building-figures.ts';

const NOW = Date.UTC(2025, 0, 15, 3, 0);
const building = smallRegistry().buildings[0]!;

function meter(circuit: Circuit, power_kw: number, energy_kwh = 1_000): ReadingOf<'energy'> {
  return {
    building: building.id,
    kind: 'energy',
    device: `meter-${circuit}`,
    ts: NOW - 30_000,
    data: { power_kw, energy_kwh, circuit },
  };
}

const ctx = (today: Record<string, number> = {}): FigureContext => ({
  now: NOW,
  gateway: 'online',
  clock: { newestTs: NOW - 30_000, receivedAt: NOW - 30_000 },
  alarms: { active: 0, critical: 0, major: 0, minor: 0, warning: 0 },
  energyToday: (device) => today[device] ?? null,
});

function devicesWith(...readings: ReadingOf<'energy'>[]) {
  const devices = emptyDevices();
  for (const r of readings) devices.energy.set(r.device, r);
  return devices;
}

describe("a building's energy figures", () => {
  it('list the electric circuits, which sum to the total, and report district heating apart', () => {
    // The figures from the issue: heat 1,612 kW beside an electric total of 424 kW.
    const devices = devicesWith(
      meter('total', 424),
      meter('hvac', 218.4),
      meter('lighting', 64.2),
      meter('plug', 115.1),
      meter('elevator', 26.3),
      meter('heat', 1_612),
    );
    const detail = buildingDetail(
      building,
      devices,
      ctx({ 'meter-total': 3_000, 'meter-heat': 12_000, 'meter-hvac': 1_500 }),
    );

    expect(detail.meters.map((m) => m.circuit).sort()).toEqual([
      'elevator',
      'hvac',
      'lighting',
      'plug',
      'total',
    ]);
    const total = detail.meters.find((m) => m.circuit === 'total')!.power_kw;
    const circuits = detail.meters.filter((m) => m.circuit !== 'total').reduce((a, m) => a + m.power_kw, 0);
    expect(Math.abs(circuits - total) / total).toBeLessThan(0.01);

    expect(detail.heat.map((m) => [m.device, m.circuit, m.power_kw])).toEqual([
      ['meter-heat', 'heat', 1_612],
    ]);
    expect(detail.summary.power_kw).toBe(424);
    expect(detail.summary.energy_today_kwh).toBe(3_000);
  });

  it('never count heat when a building has circuits but no total meter', () => {
    const devices = devicesWith(meter('hvac', 200), meter('lighting', 50), meter('heat', 1_500));
    const detail = buildingDetail(
      building,
      devices,
      ctx({ 'meter-hvac': 10, 'meter-lighting': 5, 'meter-heat': 900 }),
    );
    expect(detail.summary.power_kw).toBe(250);
    expect(detail.summary.energy_today_kwh).toBe(15);
    expect(detail.meters.map((m) => m.circuit)).toEqual(['hvac', 'lighting']);
    expect(detail.heat.map((m) => m.power_kw)).toEqual([1_500]);
  });

  it('report no heat meters for a building without district heating metering', () => {
    const detail = buildingDetail(building, devicesWith(meter('total', 100)), ctx());
    expect(detail.heat).toEqual([]);
    expect(detail.summary.power_kw).toBe(100);
  });
});
