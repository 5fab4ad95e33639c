import type { DistrictHistoryReply } from '../contracts.ts';
import type { Points } from '../history/load.ts';

/**
 * ECharts 6's own series colours, named here so that a line and its week-earlier line can share one: the
 * chart would otherwise colour the earlier lines by their place after the current ones.
 */
export const LINE_COLORS = [
  '#5070dd',
  '#b6d634',
  '#505372',
  '#ff994d',
  '#0ca8df',
  '#ffd10a',
  '#fb628b',
  '#785db0',
  '#3fbe95',
] as const;

/** One line of the trends chart. */
export interface TrendLine {
  /** A cluster id or 'total'; a week-earlier line is its line's id with '@week'. */
  id: string;
  name: string;
  points: Points;
  color: string;
  /** Drawn a week earlier than the range, moved onto its axis (dashed). */
  weekEarlier: boolean;
}

/** How the lines are named, in the page's language. */
export interface LineNames {
  cluster(id: string): string;
  total: string;
  /** A week-earlier line's name from its line's ("District total (last week)"). */
  weekEarlier(name: string): string;
}

/**
 * The lines drawn: each cluster, then the district's total (left out when one cluster is picked), then,
 * when `before` is given (already moved onto the current axis), each of those a week earlier.
 */
export function trendLines(
  reply: DistrictHistoryReply,
  before: DistrictHistoryReply | null,
  oneCluster: boolean,
  names: LineNames,
): TrendLine[] {
  const linesOf = (from: DistrictHistoryReply): { id: string; name: string; points: Points }[] => [
    ...from.clusters.map((c) => ({ id: c.cluster, name: names.cluster(c.cluster), points: c.points })),
    ...(oneCluster ? [] : [{ id: 'total', name: names.total, points: from.total }]),
  ];
  const current = linesOf(reply).map((line, i) => ({
    ...line,
    color: LINE_COLORS[i % LINE_COLORS.length]!,
    weekEarlier: false,
  }));
  if (before === null) return current;
  const colorOf = new Map(current.map((line) => [line.id, line.color]));
  const earlier = linesOf(before).map((line, i) => ({
    id: `${line.id}@week`,
    name: names.weekEarlier(line.name),
    points: line.points,
    color: colorOf.get(line.id) ?? LINE_COLORS[i % LINE_COLORS.length]!,
    weekEarlier: true,
  }));
  return [...current, ...earlier];
}
