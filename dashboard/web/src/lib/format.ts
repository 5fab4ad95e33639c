import { locale, t } from './i18n/locale.svelte.ts';
import type { MessageKey } from './i18n/zh.ts';

/** Units the dashboard shows numbers in; each number on screen carries one. */
export type Unit =
  | 'people'
  | 'cars'
  | 'spaces'
  | 'lifts'
  | 'alarms'
  | 'buildings'
  | 'tenants'
  | 'floors'
  | 'workdays'
  | 'seconds'
  | 'kW'
  | 'kWh'
  | 'MWh'
  | 'm2'
  | 'pct'
  | 'cny'
  | 'score';

// Counted units: a message per language with the number in it, plural forms where the language has them
// ("1 person", "321 people"; "1 人").
const unitKeys: Partial<Record<Unit, MessageKey>> = {
  people: 'unit.people',
  cars: 'unit.cars',
  spaces: 'unit.spaces',
  lifts: 'unit.lifts',
  alarms: 'unit.alarms',
  buildings: 'unit.buildings',
  tenants: 'unit.tenants',
  floors: 'unit.floors',
  workdays: 'unit.workdays',
  seconds: 'unit.seconds',
};

function number(value: number, digits: number): string {
  return new Intl.NumberFormat(locale.tag, {
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(value);
}

/** `value` rounded to `digits` decimals, so the plural form matches the number shown. */
function rounded(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** `value` with its unit ("1,234 人", "1 person", "56.2 kW", "87.5 %"); a missing value is a dash. */
export function fmt(value: number | null | undefined, unit: Unit, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'kW':
    case 'kWh':
    case 'MWh':
      return `${number(value, digits)} ${unit}`;
    case 'm2':
      return `${number(value, digits)} m²`;
    case 'pct':
      return `${number(value, digits)} %`;
    case 'score':
      return number(value, digits);
    case 'cny':
      return money(value);
    default: {
      const key = unitKeys[unit];
      return key ? t(key, { n: rounded(value, digits) }) : number(value, digits);
    }
  }
}

/**
 * An amount of CNY as each language counts money: 万元 (10^4) and, from 1 亿 (10^8) up, 亿元 in Chinese;
 * millions (M CNY) in English.
 */
function money(cny: number): string {
  if (locale.current === 'zh') {
    return Math.abs(cny) >= 100_000_000
      ? t('unit.cny_large', { n: rounded(cny / 100_000_000, 2) })
      : t('unit.cny', { n: rounded(cny / 10_000, 0) });
  }
  return t('unit.cny', { n: rounded(cny / 1_000_000, 1) });
}

/** A 0..1 ratio as a percentage with its sign ("87.5 %"). */
export function pct(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return fmt(ratio * 100, 'pct', digits);
}

/**
 * An area in m². From 100,000 m² up in the unit each language reads large areas in: 万m² in Chinese (the
 * plan's 422.7万平方米), thousand m² in English ("4,227 thousand m²", never "4,227k m²", which reads as km²).
 */
export function area(m2: number | null | undefined): string {
  if (m2 === null || m2 === undefined || !Number.isFinite(m2)) return '—';
  if (Math.abs(m2) >= 100_000) {
    return locale.current === 'zh'
      ? t('unit.area_large', { n: rounded(m2 / 10_000, 1) })
      : t('unit.area_large', { n: rounded(m2 / 1_000, 0) });
  }
  return fmt(m2, 'm2');
}

/** How long ago `ts` was, in the largest sensible unit ("3分钟", "3 min"). */
export function age(ts: number, now: number): string {
  const s = Math.max(0, Math.round((now - ts) / 1000));
  if (s < 60) return t('age.seconds', { n: s });
  if (s < 3600) return t('age.minutes', { n: Math.floor(s / 60) });
  if (s < 86_400) return t('age.hours', { n: Math.floor(s / 3600) });
  return t('age.days', { n: Math.floor(s / 86_400) });
}

/** A timestamp as local date and time in the district's zone. */
export function dateTime(ts: number | null | undefined, timeZone = 'Asia/Shanghai'): string {
  if (ts === null || ts === undefined) return '—';
  return new Intl.DateTimeFormat(locale.tag, {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ts);
}

/** A timestamp as local time of day. */
export function time(ts: number, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat(locale.tag, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ts);
}
