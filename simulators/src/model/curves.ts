/**
 * The daily rhythm of a business building, as flows of people: each flow is a bell-shaped wave of
 * arrivals or departures around a local hour. Presence is what arrived minus what left. Using flows (not
 * a presence curve) gives the arrival rate directly, which drives the lifts and the car park.
 */

/** One wave of arrivals or departures. */
export interface Flow {
  /** Local hour of the wave's centre. */
  at: number;
  /** Spread in hours (one standard deviation). */
  sd: number;
  /** Share of the building's workforce that moves in this wave. */
  share: number;
  /** How many of these people come or go by car, relative to the drive share (lunch walkers: few). */
  car: number;
}

export interface DayShape {
  arrivals: readonly Flow[];
  departures: readonly Flow[];
}

/**
 * A working day: a small early wave and the main morning peak around 08:45, the lunch dip (out at
 * 12:00, back by 13:10), visitors through the day, the evening departure around 18:00 and the late
 * stayers. Arrivals and departures add up to the same share, so the building empties overnight.
 */
export const WORKDAY: DayShape = {
  arrivals: [
    { at: 7.75, sd: 0.5, share: 0.1, car: 1 },
    { at: 8.75, sd: 0.42, share: 0.72, car: 1 },
    { at: 13.1, sd: 0.3, share: 0.3, car: 0.1 },
    { at: 12.5, sd: 2.5, share: 0.1, car: 1.5 },
  ],
  departures: [
    { at: 12.0, sd: 0.3, share: 0.3, car: 0.1 },
    { at: 13.5, sd: 2.5, share: 0.1, car: 1.5 },
    { at: 18.0, sd: 0.7, share: 0.72, car: 1 },
    { at: 20.5, sd: 1.0, share: 0.1, car: 1 },
  ],
};

/** Weekends and public holidays: a few people drift in late morning and leave in the afternoon. */
export const RESTDAY: DayShape = {
  arrivals: [{ at: 10.0, sd: 1.5, share: 0.1, car: 1.2 }],
  departures: [{ at: 16.5, sd: 2.0, share: 0.1, car: 1.2 }],
};

/** The morning rush scenario: everyone aims for 09:00 sharp, so the main wave is twice as steep. */
export function withMorningRush(shape: DayShape): DayShape {
  return {
    ...shape,
    arrivals: shape.arrivals.map((f) => (f.at > 8 && f.at < 9.5 ? { ...f, at: 8.8, sd: f.sd / 2 } : f)),
  };
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 erf, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496735) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Share of the workforce moving in `flows` between local hours h0 and h1 (same day), and the car share. */
export function flowBetween(
  flows: readonly Flow[],
  h0: number,
  h1: number,
): { people: number; cars: number } {
  let people = 0;
  let cars = 0;
  for (const f of flows) {
    const moved = f.share * (normalCdf((h1 - f.at) / f.sd) - normalCdf((h0 - f.at) / f.sd));
    people += moved;
    cars += moved * f.car;
  }
  return { people, cars };
}

/** Expected share of the workforce present at local hour h on a day of this shape. */
export function presenceAt(shape: DayShape, h: number): number {
  return flowBetween(shape.arrivals, 0, h).people - flowBetween(shape.departures, 0, h).people;
}
