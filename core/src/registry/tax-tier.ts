import { TAX_TIER_LOWER_BOUNDS_CNY } from '../constants.ts';
import type { TaxTier } from './types.ts';

/** The plan's tax tier for an annual tax (全口径, CNY), or undefined below 50 M CNY. */
export function taxTierFor(annualTaxCny: number): TaxTier | undefined {
  if (annualTaxCny >= TAX_TIER_LOWER_BOUNDS_CNY.over_100m) return 'over_100m';
  if (annualTaxCny >= TAX_TIER_LOWER_BOUNDS_CNY['70m_100m']) return '70m_100m';
  if (annualTaxCny >= TAX_TIER_LOWER_BOUNDS_CNY['50m_70m']) return '50m_70m';
  return undefined;
}
