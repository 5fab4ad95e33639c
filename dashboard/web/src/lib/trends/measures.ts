import { DISTRICT_MEASURES, type DistrictMeasure } from '../contracts.ts';
import type { Unit } from '../format.ts';
import type { MessageKey } from '../i18n/zh.ts';

/** How the trends page shows a district measure: its name, unit and decimals. */
export interface TrendMeasure {
  label: MessageKey;
  unit: Unit;
  digits: number;
}

export const TREND_MEASURES: Readonly<Record<DistrictMeasure, TrendMeasure>> = {
  people: { label: 'trends.measure_people', unit: 'people', digits: 0 },
  power_kw: { label: 'trends.measure_power_kw', unit: 'kW', digits: 1 },
  free_parking: { label: 'trends.measure_free_parking', unit: 'spaces', digits: 0 },
  active_alarms: { label: 'trends.measure_active_alarms', unit: 'alarms', digits: 0 },
  // A mean over the bucket: 11.5 cars in service is a car out for half of it.
  lifts_in_service: { label: 'trends.measure_lifts_in_service', unit: 'lifts', digits: 1 },
};

export { DISTRICT_MEASURES };

export function isDistrictMeasure(value: string | null): value is DistrictMeasure {
  return value !== null && (DISTRICT_MEASURES as readonly string[]).includes(value);
}
