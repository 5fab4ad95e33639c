import { localParts, zoneOffsetMs } from '../contracts.ts';
import type { Points } from './load.ts';

/** `ts` as ISO 8601 with the zone's offset ("2025-03-11T08:00:00+08:00"): readable there, exact anywhere. */
export function isoInZone(ts: number, timeZone: string): string {
  const p = localParts(ts, timeZone);
  const two = (n: number): string => String(n).padStart(2, '0');
  const offset = Math.round(zoneOffsetMs(ts, timeZone) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}` +
    `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}

function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The points shown as CSV: a header naming the time column and each series with its unit, one row per
 * bucket of the current series (the comparison's value beside it when drawn), a UTF-8 byte order mark so
 * Excel opens the Chinese header as UTF-8.
 */
export function historyCsv(options: {
  timeHeader: string;
  columns: string[];
  points: Points;
  compare: Points | null;
  timeZone: string;
  digits: number;
}): string {
  const { points, compare, timeZone } = options;
  const before = new Map(compare ?? []);
  const round = (v: number): string => String(Number(v.toFixed(options.digits + 2)));
  const lines = [[options.timeHeader, ...options.columns].map(cell).join(',')];
  for (const [ts, value] of points) {
    const row = [isoInZone(ts, timeZone), round(value)];
    if (compare) {
      const old = before.get(ts);
      row.push(old === undefined ? '' : round(old));
    }
    lines.push(row.join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Hands a blob or data URL to the browser as a file download. */
export function saveFile(data: Blob | string, filename: string): void {
  const url = typeof data === 'string' ? data : URL.createObjectURL(data);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.click();
  if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(url), 0);
}
