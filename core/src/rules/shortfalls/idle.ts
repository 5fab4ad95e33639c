import { vacantArea } from '../tenancy.ts';
import { DEFAULT_SHORTFALL_CONFIG } from './config.ts';
import type { ShortfallConfig } from './config.ts';
import type { ShortfallFinding } from './types.ts';

/** The building's latest tenancy figures (the property system's reading, or the registry's baseline). */
export interface TenancyNow {
  leasedM2: number;
  leasableM2: number;
}

/** A key idle building (重点闲置楼宇): at least 3,000 m2 vacant (rules/tenancy.ts isKeyIdle). */
export function idleShortfall(
  building: string,
  tenancy: TenancyNow | undefined,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding | null {
  if (tenancy === undefined) return null;
  const vacant = vacantArea(tenancy.leasedM2, tenancy.leasableM2);
  // Same rule as isKeyIdle, with the operator's threshold in place of the plan's.
  if (vacant < config.keyIdleVacantM2) return null;
  return {
    building,
    kind: 'idle',
    rule: 'idle.key_idle',
    subject: null,
    measured: Math.round(vacant),
    threshold: config.keyIdleVacantM2,
    unit: 'm2',
    since: null,
    detail: `${Math.round(vacant)} m2 of ${Math.round(tenancy.leasableM2)} m2 leasable vacant`,
  };
}
