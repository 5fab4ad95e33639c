import {
  addDays,
  districtFigures,
  localDateKey,
  startOfDate,
  startOfLocalMonth,
  startOfLocalWeek,
  type DateKey,
} from '@louyu/core';
import type { Report, ReportPeriod, ReportRow } from '@louyu/core';
import { MAX_POINTS_LIMIT } from '@louyu/store';
import { ALARM_MEASUREMENT } from '../alarms/alarm-points.ts';
import type { ServerContext } from '../context.ts';
import { meterConsumption } from '../live/meter-readings.ts';
import { liveTenancyMap, registrySubset } from '../live/tenancy.ts';

/** The local week (Monday first) or month holding `date`, as UTC ms [from, to) and a label. */
export function reportWindow(
  period: ReportPeriod,
  date: DateKey,
  timeZone: string,
): { from: number; to: number; label: string } {
  const at = startOfDate(date, timeZone);
  const from = period === 'weekly' ? startOfLocalWeek(at, timeZone) : startOfLocalMonth(at, timeZone);
  const first = localDateKey(from, timeZone);
  const next = period === 'weekly' ? addDays(first, 7) : nextMonth(first);
  return { from, to: startOfDate(next, timeZone), label: `${first} – ${addDays(next, -1)}` };
}

function nextMonth(first: DateKey): DateKey {
  const [y, m] = first.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Builds the weekly (每周调度) or monthly (每月通报) report for the buildings `ids`. */
export async function buildReport(
  ctx: ServerContext,
  period: ReportPeriod,
  date: DateKey,
  ids: readonly string[],
): Promise<Report> {
  const { live, store } = ctx;
  const now = ctx.options.now();
  const { from, to, label } = reportWindow(period, date, live.timeZone);
  const until = Math.min(to, now);
  const figures = districtFigures(registrySubset(ctx.registry, ids), liveTenancyMap(live, ids));
  const { findings } = await ctx.shortfalls.findings(now);
  const raised = await alarmsRaised(ctx, ids, from, until);
  const rows: ReportRow[] = [];
  for (const id of ids) {
    const b = ctx.registry.byId.get(id)!;
    const detail = live.detail(id, now)!;
    // Consumption inside the period from each main meter's counter, its first partial hour and a period
    // that has only just started included, resets and glitches as core's `meterStep` decides (as today's
    // energy on the live pages counts it).
    let energy: number | null = null;
    if (until > from) {
      const meters = detail.meters.filter((m) => m.circuit === 'total');
      const parts = await Promise.all(meters.map((m) => meterConsumption(store, id, m.device, from, until)));
      if (parts.length > 0) energy = parts.reduce((a, b) => a + b, 0);
    }
    rows.push({
      building: id,
      name: b.name.zh,
      cluster: b.cluster,
      five_a_index: detail.summary.five_a.index,
      five_a_compliant: detail.summary.five_a.compliant,
      tenancy_rate: detail.tenancy.rate,
      vacant_m2: detail.tenancy.vacant_m2,
      tenants: detail.tenancy.tenants,
      energy_kwh: energy === null ? null : Math.round(energy * 10) / 10,
      alarms_raised: raised.get(id) ?? 0,
      shortfalls: findings.filter((f) => f.building === id).length,
    });
  }
  return {
    period,
    from,
    to,
    label,
    generated_at: now,
    district: {
      buildings: figures.buildings_operating,
      tenants: figures.tenants,
      vacant_m2: figures.vacant_m2,
      mean_occupancy: figures.mean_occupancy,
      key_idle_buildings: figures.key_idle.buildings,
      buildings_over_100m_tax: figures.tax.tiers.over_100m,
      buildings_over_100m_tax_target: figures.targets.buildings_over_100m_tax?.target ?? null,
      target_year: figures.targets.target_year,
      five_a_compliant: rows.filter((r) => r.five_a_compliant).length,
      energy_kwh: Math.round(rows.reduce((s, r) => s + (r.energy_kwh ?? 0), 0) * 10) / 10,
      alarms_raised: rows.reduce((s, r) => s + r.alarms_raised, 0),
      shortfalls: rows.reduce((s, r) => s + r.shortfalls, 0),
    },
    rows,
  };
}

/**
 * Alarms raised per building in [from, until), counted from the stored alarm events (so a restart or a
 * busy month does not shorten the count to what memory holds); at most MAX_POINTS_LIMIT events are read.
 */
async function alarmsRaised(
  ctx: ServerContext,
  ids: readonly string[],
  from: number,
  until: number,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (until <= from || ids.length === 0) return counts;
  await ctx.alarms.flush();
  const events = await ctx.store.points(
    { measurement: ALARM_MEASUREMENT, building: ids },
    from,
    until,
    MAX_POINTS_LIMIT,
  );
  for (const point of events) {
    const building = point.tags.building;
    if (building !== undefined && point.fields.event === 'raised')
      counts.set(building, (counts.get(building) ?? 0) + 1);
  }
  return counts;
}
