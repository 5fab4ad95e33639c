import { locale, t } from '../i18n/locale.svelte.ts';

/** A bucket width in words ("5 分钟", "1 h"). */
export function stepLabel(stepMs: number): string {
  if (stepMs % 86_400_000 === 0) return t('history.step_d', { n: stepMs / 86_400_000 });
  if (stepMs % 3_600_000 === 0) return t('history.step_h', { n: stepMs / 3_600_000 });
  if (stepMs % 60_000 === 0) return t('history.step_min', { n: stepMs / 60_000 });
  return t('history.step_s', { n: stepMs / 1000 });
}

/** A time-axis label fit for the span shown: the time of day within a day, the date beyond. */
export function axisTime(ts: number, spanMs: number, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions =
    spanMs <= 86_400_000
      ? { hour: '2-digit', minute: '2-digit', hour12: false }
      : spanMs <= 8 * 86_400_000
        ? { month: '2-digit', day: '2-digit', hour: '2-digit', hour12: false }
        : { year: 'numeric', month: '2-digit', day: '2-digit' };
  return new Intl.DateTimeFormat(locale.tag, { timeZone, ...options }).format(ts);
}
