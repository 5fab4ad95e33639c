import type { Building, ParkingPayload } from '@louyu/core';
import {
  ENTRY_LANE_CARS_PER_MIN,
  OVERNIGHT_CARS_SHARE,
  QUEUE_GIVE_UP_PER_MIN,
  SPACES_PER_ENTRY_LANE,
} from '../assumptions.ts';
import type { Rng } from '../prng.ts';

interface Level {
  device: string;
  capacity: number;
  occupied: number;
  entries: number;
  exits: number;
}

/**
 * A building's car park: one counter per basement level (or one surface lot), filled from the top level
 * down. Drivers who find it full wait at the entry (the queue, reported on the entry level) and some give
 * up each minute. A building with no spaces has no car park and publishes none.
 */
export class ParkingModel {
  readonly levels: Level[];
  /** Cars waiting at the entry. */
  queue = 0;
  private readonly laneCarsPerMin: number;
  private readonly capacity: number;

  constructor(building: Building) {
    const spaces = building.parking_spaces;
    const count = spaces === 0 ? 0 : Math.max(1, Math.min(building.basement_floors, spaces));
    this.levels = Array.from({ length: count }, (_, i) => ({
      device: building.basement_floors > 0 ? `level-b${i + 1}` : 'surface',
      capacity: Math.floor(spaces / count) + (i < spaces % count ? 1 : 0),
      occupied: 0,
      entries: 0,
      exits: 0,
    }));
    this.capacity = spaces;
    this.laneCarsPerMin = Math.max(1, Math.round(spaces / SPACES_PER_ENTRY_LANE)) * ENTRY_LANE_CARS_PER_MIN;
    this.park(Math.round(spaces * OVERNIGHT_CARS_SHARE));
    for (const l of this.levels) l.entries = 0; // they parked before the run started
  }

  get occupied(): number {
    return this.levels.reduce((n, l) => n + l.occupied, 0);
  }

  /** One step: cars arrive and join the queue, the entry admits what fits, leavers free spaces. */
  tick(carArrivals: number, carDepartures: number, dtS: number, rng: Rng): void {
    if (this.levels.length === 0) return;
    const overnight = Math.round(this.capacity * OVERNIGHT_CARS_SHARE);
    this.unpark(Math.min(carDepartures, Math.max(0, this.occupied - overnight)));
    const waiting = this.queue + carArrivals;
    const free = this.capacity - this.occupied;
    const throughput = Math.floor((this.laneCarsPerMin * dtS) / 60);
    const admitted = Math.min(free, waiting, throughput);
    this.park(admitted);
    const stillWaiting = waiting - admitted;
    const giveUp = 1 - Math.pow(1 - QUEUE_GIVE_UP_PER_MIN, dtS / 60);
    this.queue = stillWaiting - rng.binomial(stillWaiting, giveUp);
  }

  /** The level readings since the last report; resets the entry and exit counters. */
  report(ts: number): { device: string; payload: ParkingPayload }[] {
    return this.levels.map((l, i) => {
      const payload: ParkingPayload = {
        ts,
        occupied: l.occupied,
        capacity: Math.max(1, l.capacity),
        queue: i === 0 ? this.queue : 0,
        entries: l.entries,
        exits: l.exits,
      };
      l.entries = 0;
      l.exits = 0;
      return { device: l.device, payload };
    });
  }

  private park(cars: number): void {
    let left = cars;
    for (const l of this.levels) {
      const n = Math.min(left, l.capacity - l.occupied);
      l.occupied += n;
      l.entries += n;
      left -= n;
    }
  }

  private unpark(cars: number): void {
    let left = cars;
    for (const l of [...this.levels].reverse()) {
      const n = Math.min(left, l.occupied);
      l.occupied -= n;
      l.exits += n;
      left -= n;
    }
  }
}
