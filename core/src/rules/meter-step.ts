import { METER_RESET_MAX_RATIO, METER_RESET_NEAR_ZERO_KWH } from '../constants.ts';

/**
 * One step of a cumulative meter, from one reading to the next:
 * - `growth`: the reading went up (or stayed): the difference is consumption;
 * - `reset`: it dropped to near zero (at most METER_RESET_MAX_RATIO of the previous reading, or at most
 *   METER_RESET_NEAR_ZERO_KWH): the meter was reset or replaced, and its new reading is all consumption
 *   since (a new segment counted from 0, like Prometheus `increase()`);
 * - `glitch`: any other drop (a misread or re-sent reading, a gateway or simulator restarted from an older
 *   value): nothing is counted for it, and the next step counts from the backwards reading (rebased), so
 *   the whole counter is never taken as consumption.
 */
export type MeterStep =
  | { kind: 'growth'; increase: number }
  | { kind: 'reset'; increase: number }
  | { kind: 'glitch'; increase: 0 };

/** Classifies the step from `previous` to `current` (see {@link MeterStep}; thresholds in constants.ts). */
export function meterStep(previous: number, current: number): MeterStep {
  if (current >= previous) return { kind: 'growth', increase: current - previous };
  if (current <= Math.max(previous * METER_RESET_MAX_RATIO, METER_RESET_NEAR_ZERO_KWH))
    return { kind: 'reset', increase: Math.max(0, current) };
  return { kind: 'glitch', increase: 0 };
}
