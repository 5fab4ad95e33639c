import { CLIMATE, HEATING_SEASON } from '../assumptions.ts';
import type { LocalTime } from '../calendar.ts';

/**
 * Shenyang's outdoor temperature: a seasonal cosine (coldest around 20 January, about -10 °C; warmest in
 * July, about 26 °C), a daily swing peaking at 14:00, and a per-day anomaly the caller draws from the seed.
 */
export function outdoorTemperatureC(local: LocalTime, dailyAnomalyC: number): number {
  const season = -Math.cos((2 * Math.PI * (local.dayOfYear - CLIMATE.coldestDayOfYear)) / 365);
  const daily = Math.cos((2 * Math.PI * (local.hourOfDay - 14)) / 24);
  return (
    CLIMATE.meanC + CLIMATE.seasonalAmplitudeC * season + CLIMATE.dailyAmplitudeC * daily + dailyAnomalyC
  );
}

/** Shenyang's district heating runs from 1 November to 31 March. */
export function inHeatingSeason(local: LocalTime): boolean {
  return local.month >= HEATING_SEASON.startMonth || local.month <= HEATING_SEASON.endMonth;
}
