import { localParts, zoneOffsetMs } from '../contracts.ts';
import type { EChartsType } from '../charts/echarts.ts';
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
 * Series as CSV: a header naming the time column and each series with its unit, one row per time in
 * `times` (the buckets shown), each series' value in that bucket (empty where it has none), a UTF-8 byte
 * order mark so Excel opens the Chinese header as UTF-8.
 */
export function seriesCsv(options: {
  timeHeader: string;
  times: readonly number[];
  columns: readonly { header: string; points: Points }[];
  timeZone: string;
  digits: number;
}): string {
  const round = (v: number): string => String(Number(v.toFixed(options.digits + 2)));
  const lookups = options.columns.map((column) => new Map(column.points));
  const lines = [[options.timeHeader, ...options.columns.map((c) => c.header)].map(cell).join(',')];
  for (const ts of options.times) {
    const row = [isoInZone(ts, options.timeZone)];
    for (const values of lookups) {
      const value = values.get(ts);
      row.push(value === undefined ? '' : round(value));
    }
    lines.push(row.join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The building explorer's CSV: one row per bucket of the current series, the comparison's value beside it
 * when drawn, then each other building's.
 */
export function historyCsv(options: {
  timeHeader: string;
  columns: string[];
  points: Points;
  compare: Points | null;
  others?: Points[];
  timeZone: string;
  digits: number;
}): string {
  const series = [options.points, ...(options.compare ? [options.compare] : []), ...(options.others ?? [])];
  return seriesCsv({
    timeHeader: options.timeHeader,
    times: options.points.map(([ts]) => ts),
    columns: series.map((points, i) => ({ header: options.columns[i] ?? '', points })),
    timeZone: options.timeZone,
    digits: options.digits,
  });
}

/** A chart as a PNG download, on the page's background (dark or light) so it reads as it did on screen. */
export function saveChartPng(chart: EChartsType, dark: boolean, filename: string): void {
  const backgroundColor = dark ? '#1b222b' : '#ffffff';
  saveFile(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor }), filename);
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
