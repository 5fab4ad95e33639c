import type { Figure } from './result.ts';

// One plain-text table for the terminal and the README: aligned columns, numbers with thousands separators.

/** Formats a figure's value for people: integers get separators, small numbers keep a few decimals. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'MiB' || unit === 'KiB') return value.toFixed(1);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratioText(f: Figure): string {
  return (f.baselines ?? []).map((b) => `${b.ratio.toFixed(2)}x ${b.subject}`).join(', ');
}

/** Renders the figures as an aligned table, one row per figure, grouped by suite. */
export function renderTable(figures: readonly Figure[]): string {
  const header = ['suite', 'case', 'subject', 'metric', 'value', 'unit', 'vs baseline', 'gen CPU', 'note'];
  const rows = figures.map((f) => [
    f.suite,
    f.case,
    f.subject,
    f.metric,
    formatValue(f.value, f.unit),
    f.unit,
    ratioText(f),
    f.generatorCpuPct === undefined ? '' : `${Math.round(f.generatorCpuPct)}%`,
    f.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = new Set([4]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  let previous = '';
  for (const [i, r] of rows.entries()) {
    const suite = figures[i]?.suite ?? '';
    if (previous && suite !== previous) out.push('');
    previous = suite;
    out.push(line(r));
  }
  return out.join('\n');
}
