import { addDays, localDateKey, type DateKey, type Report, type ReportPeriod } from '@louyu/core';
import { reportWindow } from '../reports/build-report.ts';

/** Reports go out at this local hour on the first day after their period (Monday, or the 1st). */
const SEND_HOUR = 8;

/**
 * The report a schedule owes at `now`: the last full week or month, once the next period's first day has
 * reached 08:00 district time; undefined before then (that period's report was due last time).
 */
export function dueReport(
  period: ReportPeriod,
  now: number,
  timeZone: string,
): { date: DateKey; label: string } | undefined {
  const current = reportWindow(period, localDateKey(now, timeZone), timeZone);
  if (now < current.from + SEND_HOUR * 3_600_000) return undefined;
  const date = addDays(localDateKey(current.from, timeZone), -1);
  return { date, label: reportWindow(period, date, timeZone).label };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** The report as a message: the district's figures, then the buildings with the most alarms. */
export function reportMessage(report: Report): { title: string; lines: string[] } {
  const d = report.district;
  const name = report.period === 'weekly' ? '每周调度 weekly report' : '每月通报 monthly report';
  const lines = [
    `楼宇 buildings: ${d.buildings} · 平均入驻率 mean occupancy: ${fmt(d.mean_occupancy * 100, 1)}% · 空置 vacant: ${fmt(d.vacant_m2)} m²`,
    `用电 energy: ${fmt(d.energy_kwh)} kWh · 新告警 alarms raised: ${d.alarms_raised} · 设施短板 shortfalls: ${d.shortfalls} · 5A 达标 compliant: ${d.five_a_compliant}`,
  ];
  const worst = report.rows
    .filter((r) => r.alarms_raised > 0)
    .sort((a, b) => b.alarms_raised - a.alarms_raised)
    .slice(0, 10);
  for (const row of worst) lines.push(`${row.name}: ${row.alarms_raised} 条告警 alarms`);
  return { title: `【楼宇 Louyu】${name} · ${report.label}`, lines };
}
