/** Quiet hours of a rule, `HH:MM` to `HH:MM` in the district's time zone; may span midnight (22:00–07:00). */
export interface QuietHours {
  from: string;
  to: string;
}

const minutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** How long until the quiet hours end, in ms, at `now`; 0 when they are not on (or from equals to). */
export function quietFor(quiet: QuietHours | null, now: number, timeZone: string): number {
  if (!quiet) return 0;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const m = part('hour') * 60 + part('minute');
  const from = minutes(quiet.from);
  const to = minutes(quiet.to);
  const on = from < to ? m >= from && m < to : from > to ? m >= from || m < to : false;
  if (!on) return 0;
  return ((to - m + 1440) % 1440) * 60_000 - part('second') * 1000;
}
