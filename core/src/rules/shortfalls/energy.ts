import { YEAR_MS } from '../../constants.ts';
import { DEFAULT_SHORTFALL_CONFIG } from './config.ts';
import type { ShortfallConfig } from './config.ts';
import type { ShortfallBuilding, ShortfallFinding } from './types.ts';

/** Electricity a building used over a measured span, district heating (and any `heat` circuit) excluded. */
export interface EnergyUse {
  consumptionKwh: number;
  spanMs: number;
}

/** kWh per m2 of gross floor area per year, annualised from the span; null when it cannot be computed. */
export function energyIntensity(use: EnergyUse, grossFloorAreaM2: number): number | null {
  if (!(use.spanMs > 0) || !(grossFloorAreaM2 > 0) || !(use.consumptionKwh >= 0)) return null;
  return (use.consumptionKwh / grossFloorAreaM2) * (YEAR_MS / use.spanMs);
}

/** Intensity above the benchmark (default 80 kWh/m2/a); spans shorter than a week are not judged. */
export function energyShortfall(
  building: ShortfallBuilding,
  use: EnergyUse | undefined,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding | null {
  if (use === undefined || use.spanMs < config.energyMinSpanMs) return null;
  const intensity = energyIntensity(use, building.gross_floor_area_m2);
  if (intensity === null || !(intensity > config.energyBenchmarkKwhPerM2Year)) return null;
  const days = use.spanMs / 86_400_000;
  return {
    building: building.id,
    kind: 'energy',
    rule: 'energy.intensity',
    subject: null,
    measured: Math.round(intensity * 10) / 10,
    threshold: config.energyBenchmarkKwhPerM2Year,
    unit: 'kWh/m2/a',
    since: null,
    detail: `${Math.round(use.consumptionKwh)} kWh over ${days.toFixed(1)} days, annualised`,
  };
}
