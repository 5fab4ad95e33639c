import { hepingRegistry, smallRegistry, type Registry } from '@louyu/core';
import { describe, expect, it } from 'vitest';
import { M2_PER_PERSON, WORKDAY_ATTENDANCE } from '../src/assumptions.ts';
import { presenceAt, WORKDAY } from '../src/model/curves.ts';
import { createDistrict, type SimMessage } from '../src/index.ts';
import { body, of } from './helpers.ts';
import { shanghaiMidnight } from './fixtures.ts';

/** A Monday, a working day. */
const MONDAY = '2025-03-10';
const at = (hour: number, minute = 0) => shanghaiMidnight(MONDAY) + (hour * 60 + minute) * 60_000;

/** The messages of the first step of a district started at `start`: every device reports on it. */
function firstReport(registry: Registry, building: string, start: number): SimMessage[] {
  const district = createDistrict({ registry, seed: 5, start, buildings: [building] });
  return district.step(district.tickMs);
}

function people(messages: readonly SimMessage[], building: string): number {
  return of(messages, building, 'occupancy').reduce((n, m) => n + body<{ people: number }>(m).people, 0);
}

/** People the model itself expects at a local hour of a workday, at the lowest attendance it draws. */
function expectedLow(registry: Registry, building: string, hour: number): number {
  const b = registry.byId.get(building);
  if (!b) throw new Error(building);
  return (b.tenancy.leased_m2 / M2_PER_PERSON) * WORKDAY_ATTENDANCE.min * presenceAt(WORKDAY, hour);
}

describe('a district started mid-day starts in the state its time of day implies', () => {
  it('has the mid-day crowd in a building started at 11:13 on a workday', () => {
    const registry = smallRegistry();
    const messages = firstReport(registry, 'healthy', at(11, 13));
    const target = expectedLow(registry, 'healthy', 11 + 13 / 60);
    expect(target).toBeGreaterThan(500);
    expect(people(messages, 'healthy')).toBeGreaterThan(0.5 * target);
    // Cars that drove in this morning are in the car park.
    const parked = of(messages, 'healthy', 'parking').reduce(
      (n, m) => n + body<{ occupied: number; entries: number }>(m).occupied,
      0,
    );
    expect(parked).toBeGreaterThan(80 * 0.3);
    // The first report's counters cover its own step, not the morning.
    for (const m of of(messages, 'healthy', 'parking'))
      expect(body<{ entries: number }>(m).entries).toBeLessThan(10);
  });

  it('has lifts at work, not all idle at the lobby, in the district tallest tower at 11:13', () => {
    const registry = hepingRegistry();
    const tower = [...registry.buildings].sort((a, b) => b.floors - a.floors)[0];
    if (!tower) throw new Error('no buildings');
    const messages = firstReport(registry, tower.id, at(11, 13));
    expect(people(messages, tower.id)).toBeGreaterThan(0.5 * expectedLow(registry, tower.id, 11 + 13 / 60));
    const cars = of(messages, tower.id, 'elevator').map((m) =>
      body<{ state: string; floor: number; trips: number }>(m),
    );
    expect(cars.length).toBe(tower.passenger_elevators);
    expect(cars.some((c) => c.state !== 'idle' || c.floor > 1)).toBe(true);
    // Trips since the last report: one step's worth, not the morning's.
    expect(cars.reduce((n, c) => n + c.trips, 0)).toBeLessThan(tower.passenger_elevators * 3);
  });

  it('is near-empty when started at 03:00', () => {
    const registry = smallRegistry();
    const messages = firstReport(registry, 'healthy', at(3));
    expect(people(messages, 'healthy')).toBeLessThan(0.05 * expectedLow(registry, 'healthy', 11));
  });

  it('matches, at 11:13, a district that has run since midnight (same model, same day)', () => {
    const registry = smallRegistry();
    const started = people(firstReport(registry, 'healthy', at(11, 13)), 'healthy');
    const running = createDistrict({ registry, seed: 5, start: at(0), buildings: ['healthy'] });
    running.step(at(11, 13) - at(0));
    const all = running.step(running.tickMs * 6 * 2);
    const last = of(all, 'healthy', 'occupancy').slice(-16);
    const since = last.reduce((n, m) => n + body<{ people: number }>(m).people, 0);
    expect(Math.abs(started - since)).toBeLessThan(0.1 * since);
  });
});
