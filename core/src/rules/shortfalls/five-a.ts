import { SUBSYSTEMS } from '../../kinds.ts';
import type { FiveAResult } from '../five-a.ts';
import { DEFAULT_SHORTFALL_CONFIG } from './config.ts';
import type { ShortfallConfig } from './config.ts';
import type { ShortfallFinding } from './types.ts';

/**
 * 5A gaps: one finding per subsystem that is missing (not installed, or never reported) or scores below 80
 * (a stale or offline subsystem scores 0, so it is a gap too, with the reason in the detail).
 */
export function fiveAShortfalls(
  result: FiveAResult,
  config: ShortfallConfig = DEFAULT_SHORTFALL_CONFIG,
): ShortfallFinding[] {
  const findings: ShortfallFinding[] = [];
  for (const s of SUBSYSTEMS) {
    const part = result.subsystems[s];
    const missing = part.reason === 'not_installed' || part.reason === 'never_reported';
    if (!missing && part.score >= config.fiveAMinScore) continue;
    findings.push({
      building: result.building,
      kind: 'five_a',
      rule: missing ? 'five_a.missing' : 'five_a.below_min',
      subject: s,
      measured: Math.round(part.score * 10) / 10,
      threshold: config.fiveAMinScore,
      unit: 'score',
      since: null,
      detail: missing
        ? `${s.toUpperCase()} ${part.reason === 'not_installed' ? 'not installed' : 'never reported'}`
        : `${s.toUpperCase()} scores ${part.score.toFixed(1)}` +
          (part.reason === null ? '' : ` (${part.reason.replaceAll('_', ' ')})`) +
          `: ${part.faults} faults, ${part.alarms} alarms`,
    });
  }
  return findings;
}
