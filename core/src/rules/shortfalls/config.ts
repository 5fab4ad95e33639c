import {
  ELEVATOR_CAR_AVAILABILITY_MIN,
  ELEVATOR_MAX_M2_PER_CAR,
  ELEVATOR_PEAK_WAIT_MAX_S,
  ENERGY_INTENSITY_BENCHMARK_KWH_PER_M2_YEAR,
  ENERGY_MIN_SPAN_MS,
  FIVE_A_COMPLIANT_MIN_SCORE,
  KEY_IDLE_VACANT_M2,
  PARKING_FULL_RATIO,
  PARKING_QUEUE_DAYS_REQUIRED,
  PARKING_QUEUE_DAYS_WINDOW,
  PARKING_QUEUE_MIN_MS,
  PARKING_STANDARD_M2_PER_SPACE,
} from '../../constants.ts';

/** Every shortfall threshold, so operators can set their own (e.g. their city's parking standard). */
export interface ShortfallConfig {
  parkingFullRatio: number;
  parkingQueueMinMs: number;
  parkingQueueDaysRequired: number;
  parkingQueueDaysWindow: number;
  parkingStandardM2PerSpace: number;
  elevatorPeakWaitMaxS: number;
  elevatorCarAvailabilityMin: number;
  elevatorMaxM2PerCar: number;
  fiveAMinScore: number;
  energyBenchmarkKwhPerM2Year: number;
  energyMinSpanMs: number;
  keyIdleVacantM2: number;
}

/** The thresholds of DESIGN.md "Facility shortfalls", from constants.ts. */
export const DEFAULT_SHORTFALL_CONFIG: Readonly<ShortfallConfig> = {
  parkingFullRatio: PARKING_FULL_RATIO,
  parkingQueueMinMs: PARKING_QUEUE_MIN_MS,
  parkingQueueDaysRequired: PARKING_QUEUE_DAYS_REQUIRED,
  parkingQueueDaysWindow: PARKING_QUEUE_DAYS_WINDOW,
  parkingStandardM2PerSpace: PARKING_STANDARD_M2_PER_SPACE,
  elevatorPeakWaitMaxS: ELEVATOR_PEAK_WAIT_MAX_S,
  elevatorCarAvailabilityMin: ELEVATOR_CAR_AVAILABILITY_MIN,
  elevatorMaxM2PerCar: ELEVATOR_MAX_M2_PER_CAR,
  fiveAMinScore: FIVE_A_COMPLIANT_MIN_SCORE,
  energyBenchmarkKwhPerM2Year: ENERGY_INTENSITY_BENCHMARK_KWH_PER_M2_YEAR,
  energyMinSpanMs: ENERGY_MIN_SPAN_MS,
  keyIdleVacantM2: KEY_IDLE_VACANT_M2,
};

const RATIOS: readonly (keyof ShortfallConfig)[] = ['parkingFullRatio', 'elevatorCarAvailabilityMin'];
const INTEGERS: readonly (keyof ShortfallConfig)[] = ['parkingQueueDaysRequired', 'parkingQueueDaysWindow'];

/**
 * Defaults overlaid with an operator's overrides, checked: a value that is not a positive finite number
 * (or a ratio outside (0, 1], or a non-integer day count) stops with an error naming the option.
 */
export function shortfallConfig(overrides: Partial<ShortfallConfig> = {}): ShortfallConfig {
  const config: ShortfallConfig = { ...DEFAULT_SHORTFALL_CONFIG, ...overrides };
  for (const [key, value] of Object.entries(config) as [keyof ShortfallConfig, unknown][]) {
    if (!(key in DEFAULT_SHORTFALL_CONFIG)) throw new RangeError(`unknown shortfall option "${key}"`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`shortfall option "${key}" must be a positive number, got ${String(value)}`);
    }
    if (RATIOS.includes(key) && value > 1) {
      throw new RangeError(`shortfall option "${key}" is a ratio in (0, 1], got ${value}`);
    }
    if (INTEGERS.includes(key) && !Number.isInteger(value)) {
      throw new RangeError(`shortfall option "${key}" must be a whole number of days, got ${value}`);
    }
  }
  if (config.parkingQueueDaysRequired > config.parkingQueueDaysWindow) {
    throw new RangeError(
      `shortfall option "parkingQueueDaysRequired" (${config.parkingQueueDaysRequired}) exceeds "parkingQueueDaysWindow" (${config.parkingQueueDaysWindow})`,
    );
  }
  return config;
}
