import type { Registry } from '@louyu/core';
import type { UserDirectory } from '../auth/user-directory.ts';
import type { NotifiedTransition, RuleView } from './model.ts';

/**
 * Whether `rule` sends `t`: its event, building, cluster, severity and type filters (empty: any), and a
 * property manager's rule only for the buildings that manager has now (never Louyu's own system alarms).
 */
export function ruleMatches(
  rule: RuleView,
  t: NotifiedTransition,
  registry: Registry,
  users: UserDirectory,
): boolean {
  if (!rule.enabled || !rule.events.includes(t.event)) return false;
  const owner = users.find(rule.owner);
  if (!owner) return false;
  if (owner.role === 'manager' && (t.building.startsWith('_') || !owner.buildings.includes(t.building)))
    return false;
  if (rule.buildings.length > 0 && !rule.buildings.includes(t.building)) return false;
  if (rule.clusters.length > 0) {
    const cluster = registry.byId.get(t.building)?.cluster;
    if (cluster === undefined || !rule.clusters.includes(cluster)) return false;
  }
  if (rule.severities.length > 0 && !rule.severities.includes(t.severity)) return false;
  if (rule.types.length > 0 && !rule.types.includes(t.type)) return false;
  return true;
}
