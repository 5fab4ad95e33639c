// The 规划进度 page's charts: the plan's KPIs over time with the plan's own lines drawn on them. Options are
// built here (plain data in, ECharts option out) so the page only lays them out.
import { OCCUPANCY_BUCKETS, type PlanCourse } from '@louyu/core';
import { BUCKET_COLORS } from './charts/style.ts';
import { area, fmt } from './format.ts';
import { locale, t } from './i18n/locale.svelte.ts';
import type { MessageKey } from './i18n/zh.ts';

const TARGET_COLOR = '#c02626';
const BASE_COLOR = '#5f6b76';

/** A period key in words: '2025-03' -> 2025年3月 / Mar 2025; '2025-Q1' -> 2025年第1季度 / Q1 2025. */
export function periodLabel(key: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) return t('plan.quarter_label', { year: quarter[1]!, q: quarter[2]! });
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (!month) return key;
  return new Intl.DateTimeFormat(locale.tag, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    Date.UTC(Number(month[1]), Number(month[2]) - 1, 1),
  );
}

/** A horizontal line the plan draws (its target or its base year), labelled at the right end. */
function planLine(value: number, label: string, color: string) {
  return {
    silent: true,
    symbol: 'none',
    lineStyle: { color, type: 'dashed', width: 2 },
    label: { formatter: label, position: 'insideEndTop', color },
    data: [{ yAxis: value }],
  };
}

const grid = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };

/** 税收过亿元楼宇 each period: to date (bars) and annualized (line), against the plan's target. */
export function taxOption(course: PlanCourse) {
  const target = course.targets.buildings_over_100m_tax;
  const periods = course.points.map((p) => periodLabel(p.period));
  return {
    animation: false,
    grid,
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', minInterval: 1, max: (v: { max: number }) => Math.max(v.max, target ?? 0) + 1 },
    series: [
      {
        type: 'bar',
        name: t('plan.tax_ytd'),
        data: course.points.map((p) => p.tax.over_100m_ytd),
        itemStyle: { color: '#3b7dd8' },
        ...(target === null
          ? {}
          : {
              markLine: planLine(
                target,
                t('plan.tax_target', { year: String(course.targets.target_year ?? ''), n: target }),
                TARGET_COLOR,
              ),
            }),
      },
      {
        type: 'line',
        name: t('plan.tax_annualized'),
        data: course.points.map((p) => p.tax.over_100m_annualized),
        itemStyle: { color: '#8e59c9' },
      },
    ],
  };
}

/** Key idle vacant area each period against the plan's line (base year less the planned cut). */
export function idleOption(course: PlanCourse) {
  const { idle_base_m2: base, idle_target_m2: target } = course.targets;
  const lines = [
    ...(target === null
      ? []
      : [{ value: target, label: t('plan.idle_target_line', { value: area(target) }) }]),
    ...(base === null ? [] : [{ value: base, label: t('plan.idle_base_line', { value: area(base) }) }]),
  ];
  return {
    animation: false,
    grid,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => area(v) },
    xAxis: { type: 'category', data: course.points.map((p) => periodLabel(p.period)) },
    yAxis: {
      type: 'value',
      min: 0,
      max: (v: { max: number }) => Math.max(v.max, base ?? 0) * 1.1,
      axisLabel: { formatter: (v: number) => area(v) },
    },
    series: [
      {
        type: 'line',
        name: t('kpi.idle_area'),
        data: course.points.map((p) => p.key_idle.vacant_m2),
        itemStyle: { color: '#b35300' },
        areaStyle: { opacity: 0.15 },
        markLine: {
          silent: true,
          symbol: 'none',
          data: lines.map((line, i) => ({
            yAxis: line.value,
            lineStyle: { color: i === 0 && target !== null ? TARGET_COLOR : BASE_COLOR, type: 'dashed' },
            label: { formatter: line.label, position: 'insideEndTop' },
          })),
        },
      },
    ],
  };
}

/** Buildings per occupancy bucket each period, stacked best to worst. */
export function bucketsOption(course: PlanCourse) {
  return {
    animation: false,
    grid,
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt(v, 'buildings') },
    xAxis: { type: 'category', data: course.points.map((p) => periodLabel(p.period)) },
    yAxis: { type: 'value', minInterval: 1, max: course.buildings },
    series: OCCUPANCY_BUCKETS.map((bucket, i) => ({
      type: 'bar',
      stack: 'buckets',
      name: t(`bucket.${bucket}` as MessageKey),
      data: course.points.map((p) => p.occupancy_buckets[bucket]),
      itemStyle: { color: BUCKET_COLORS[i] },
    })),
  };
}
