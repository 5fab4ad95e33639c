import type { ShortfallFinding, ShortfallKind, ShortfallRule } from './contracts.ts';
import { locale } from './i18n/locale.svelte.ts';
import { fmt, pct } from './format.ts';
import { deviceLabel, subsystemLabel } from './labels.ts';
import type { Building } from '@louyu/core';

/** The shortfall families in the order the page lists them (core's SHORTFALL_KINDS, as the UI orders them). */
export const SHORTFALL_KINDS_LIST: readonly ShortfallKind[] = [
  'parking',
  'elevator',
  'five_a',
  'energy',
  'idle',
];
export type ShortfallKindName = ShortfallKind;

/** Each rule in words, both languages (the finding's `detail` is English only). */
const RULES: Record<ShortfallRule, { zh: string; en: string }> = {
  'parking.occupancy': { zh: '停车场占用率过高', en: 'Car park nearly full' },
  'parking.peak_queue': { zh: '高峰入口排队持续', en: 'Peak entry queue persists' },
  'parking.space_ratio': { zh: '配建车位不足', en: 'Too few spaces for the floor area' },
  'elevator.peak_wait': { zh: '早高峰候梯时间过长', en: 'Morning-peak wait too long' },
  'elevator.car_availability': { zh: '电梯可用率不足', en: 'Car availability too low' },
  'elevator.area_per_car': { zh: '每台电梯服务面积过大', en: 'Too much area per passenger car' },
  'five_a.missing': { zh: '缺少5A子系统', en: '5A subsystem missing' },
  'five_a.below_min': { zh: '5A子系统得分不足', en: '5A subsystem below 80' },
  'energy.intensity': { zh: '能耗强度超标', en: 'Energy intensity above benchmark' },
  'idle.key_idle': { zh: '重点闲置楼宇', en: 'Key idle building' },
};

/** The rule's name in the current language. */
export function ruleName(rule: ShortfallRule): string {
  return RULES[rule][locale.current];
}

/** A finding's measured value or threshold with its unit, as the rule reports it. */
export function findingValue(finding: ShortfallFinding, value: number): string {
  switch (finding.unit) {
    case 'ratio':
      return pct(value);
    case '%':
    case 'pct':
      return fmt(value, 'pct', 1);
    case 's':
      return fmt(value, 'seconds', 1);
    case 'm2':
    case 'm²':
      return fmt(value, 'm2');
    case 'kWh/m2/a':
      return `${fmt(value, 'score', 1)} kWh/(m²·a)`;
    case 'm2 per car':
      return `${fmt(value, 'm2')}${locale.current === 'zh' ? '/台' : ' per car'}`;
    case 'spaces per 100 m2':
      return `${fmt(value, 'score', 2)}${locale.current === 'zh' ? ' 个/100m²' : ' spaces per 100 m²'}`;
    case 'score':
      return fmt(value, 'score', 1);
    default:
      if (finding.unit.startsWith('workdays')) return fmt(value, 'workdays');
      return `${fmt(value, 'score', 2)} ${finding.unit}`;
  }
}

/** What a finding is about inside its building, in words: a 5A subsystem or a device (a lift car). */
export function subjectLabel(finding: ShortfallFinding): string | null {
  if (finding.subject === null) return null;
  return finding.kind === 'five_a' ? subsystemLabel(finding.subject) : deviceLabel(finding.subject);
}

/**
 * True when the finding is judged on the building registry alone (spaces or lifts for the floor area, a
 * 5A subsystem the registry says is not installed): it holds since the building was registered, not since
 * the moment Louyu first evaluated it, so its start is shown as 登记 / Registry rather than a time.
 */
export function fromRegistry(finding: ShortfallFinding, building: Building | undefined): boolean {
  if (finding.rule === 'parking.space_ratio' || finding.rule === 'elevator.area_per_car') return true;
  if (finding.rule === 'five_a.missing' && building && finding.subject !== null) {
    const installed = (building.subsystems as Record<string, number>)[finding.subject];
    return installed === 0;
  }
  return false;
}
