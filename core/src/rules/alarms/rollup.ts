import { SEVERITIES, isStanding } from './types.ts';
import type { Alarm, AlarmType, Severity } from './types.ts';

/** One line per building: what is standing there, by its worst severity. */
export interface AlarmRollUp {
  building: string;
  worst: Severity;
  counts: Record<Severity, number>;
  /** Standing alarms not yet acknowledged / acknowledged. */
  unacknowledged: number;
  acknowledged: number;
  total: number;
  /** The distinct alarm types standing, worst severity first. */
  types: AlarmType[];
  /** How many distinct devices are affected. */
  devices: number;
  /** The earliest raise among the standing alarms (UTC ms). */
  since: number;
  /** True when the building's gateway is offline: its device_offline alarms are folded into that one. */
  gatewayOffline: boolean;
  /** device_offline alarms not counted because the gateway being offline explains them. */
  suppressed: number;
}

const RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));
const rank = (s: Severity): number => RANK.get(s) ?? SEVERITIES.length;

/**
 * Rolls standing alarms (active or acknowledged) up to one line per building, worst first, so one outage
 * is one line, not a flood: when a building's gateway is offline, its devices' offline alarms are folded
 * into the gateway's (counted in `suppressed`). Pending and cleared alarms are left out.
 */
export function rollUp(alarms: Iterable<Alarm>): AlarmRollUp[] {
  const byBuilding = new Map<string, Alarm[]>();
  for (const alarm of alarms) {
    if (!isStanding(alarm)) continue;
    let list = byBuilding.get(alarm.building);
    if (list === undefined) byBuilding.set(alarm.building, (list = []));
    list.push(alarm);
  }
  const lines: AlarmRollUp[] = [];
  for (const [building, list] of byBuilding) {
    const gatewayOffline = list.some((a) => a.type === 'gateway_offline');
    const counted = gatewayOffline ? list.filter((a) => a.type !== 'device_offline') : list;
    const counts: Record<Severity, number> = { critical: 0, major: 0, minor: 0, warning: 0 };
    for (const a of counted) counts[a.severity]++;
    const worst = counted.reduce<Severity>(
      (w, a) => (rank(a.severity) < rank(w) ? a.severity : w),
      'warning',
    );
    const types = [...new Set(counted.map((a) => a.type))].sort(
      (a, b) => rank(severityOf(counted, a)) - rank(severityOf(counted, b)) || a.localeCompare(b),
    );
    const acknowledged = counted.filter((a) => a.state === 'acknowledged').length;
    lines.push({
      building,
      worst,
      counts,
      unacknowledged: counted.length - acknowledged,
      acknowledged,
      total: counted.length,
      types,
      devices: new Set(list.map((a) => a.device)).size,
      since: list.reduce((min, a) => Math.min(min, a.raisedAt ?? a.conditionSince), Number.POSITIVE_INFINITY),
      gatewayOffline,
      suppressed: list.length - counted.length,
    });
  }
  return lines.sort(
    (a, b) =>
      rank(a.worst) - rank(b.worst) ||
      b.unacknowledged - a.unacknowledged ||
      b.total - a.total ||
      a.building.localeCompare(b.building),
  );
}

function severityOf(alarms: readonly Alarm[], type: AlarmType): Severity {
  return alarms.find((a) => a.type === type)?.severity ?? 'warning';
}
