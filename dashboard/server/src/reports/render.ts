import type { Cluster, Report, ReportRow } from '@louyu/core';

const COLUMNS: { key: keyof ReportRow; zh: string }[] = [
  { key: 'building', zh: '楼宇编号' },
  { key: 'name', zh: '楼宇名称' },
  { key: 'cluster', zh: '集聚区' },
  { key: 'five_a_index', zh: '5A指数' },
  { key: 'five_a_compliant', zh: '5A达标' },
  { key: 'tenancy_rate', zh: '入驻率' },
  { key: 'vacant_m2', zh: '空置面积(㎡)' },
  { key: 'tenants', zh: '入驻企业' },
  { key: 'energy_kwh', zh: '用电量(kWh)' },
  { key: 'alarms_raised', zh: '告警次数' },
  { key: 'shortfalls', zh: '设施短板' },
];

const TITLE = { weekly: '楼宇经济每周调度', monthly: '楼宇经济每月通报' } as const;

/** The district's cluster names by id (the registry's `clusters`). */
type ClusterNames = ReadonlyMap<string, Cluster['name']>;

function namesOf(clusters: readonly Cluster[]): ClusterNames {
  return new Map(clusters.map((c) => [c.id, c.name]));
}

function cell(row: ReportRow, key: keyof ReportRow, clusters: ClusterNames): string {
  const value = row[key];
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (key === 'tenancy_rate' && typeof value === 'number') return `${(value * 100).toFixed(1)}%`;
  // District staff read cluster names, not ids.
  if (key === 'cluster' && typeof value === 'string') return clusters.get(value)?.zh ?? value;
  return String(value);
}

/** RFC 4180 quoting; a cell starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The report as CSV: UTF-8 with a BOM so Excel opens the Chinese headers correctly, CRLF line ends. */
export function reportCsv(report: Report, clusters: readonly Cluster[] = []): string {
  const names = namesOf(clusters);
  const lines = [
    [`${TITLE[report.period]} ${report.label}`].map(csvCell).join(','),
    COLUMNS.map((c) => csvCell(c.zh)).join(','),
    ...report.rows.map((row) => COLUMNS.map((c) => csvCell(cell(row, c.key, names))).join(',')),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The report as a printable HTML page (A4, no scripts). */
export function reportHtml(report: Report, clusters: readonly Cluster[] = []): string {
  const names = namesOf(clusters);
  const d = report.district;
  const title = `${TITLE[report.period]} ${report.label}`;
  const summary: [string, string][] = [
    ['运营楼宇', String(d.buildings)],
    ['入驻企业', String(d.tenants)],
    ['平均入驻率', `${(d.mean_occupancy * 100).toFixed(1)}%`],
    ['空置面积(㎡)', d.vacant_m2.toFixed(0)],
    ['重点闲置楼宇', String(d.key_idle_buildings)],
    [
      `税收亿元楼宇 / ${d.target_year ?? ''}目标`,
      `${d.buildings_over_100m_tax} / ${d.buildings_over_100m_tax_target ?? '未设定'}`,
    ],
    ['5A达标楼宇', String(d.five_a_compliant)],
    ['用电量(kWh)', d.energy_kwh.toFixed(0)],
    ['告警次数', String(d.alarms_raised)],
    ['设施短板', String(d.shortfalls)],
  ];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 11pt; color: #111; }
h1 { font-size: 16pt; } table { border-collapse: collapse; width: 100%; margin-top: 8pt; }
th, td { border: 1px solid #999; padding: 2pt 4pt; text-align: left; } td.n { text-align: right; }
thead { display: table-header-group; } tr { page-break-inside: avoid; }
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>生成时间 ${escapeHtml(new Date(report.generated_at).toISOString())}</p>
<table><tbody>${summary.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td class="n">${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>
<table><thead><tr>${COLUMNS.map((c) => `<th>${escapeHtml(c.zh)}</th>`).join('')}</tr></thead>
<tbody>${report.rows
    .map(
      (row) => `<tr>${COLUMNS.map((c) => `<td>${escapeHtml(cell(row, c.key, names))}</td>`).join('')}</tr>`,
    )
    .join('\n')}</tbody></table>
</body></html>
`;
}
