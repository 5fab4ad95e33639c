import type { Me } from './contracts.ts';

/**
 * Where a user lands (issue 16, item 5): district staff and admins on the district overview with the plan's
 * KPIs; a property manager on their building, or the list of their buildings when they look after several.
 * District KPIs computed over one manager's building would read as the district's (a full progress bar
 * for the 2025 idle-area target), so managers never get the overview.
 */
export function homePath(user: Pick<Me, 'role' | 'buildings'> | null): string {
  if (user?.role !== 'manager') return '/';
  const [only, ...more] = user.buildings;
  return only !== undefined && more.length === 0 ? `/buildings/${only}` : '/buildings';
}

/** True when the user sees the district overview and its plan KPIs. */
export function seesDistrict(user: Pick<Me, 'role'> | null): boolean {
  return user !== null && user.role !== 'manager';
}
