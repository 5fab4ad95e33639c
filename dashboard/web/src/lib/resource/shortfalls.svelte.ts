import { createQuery } from '@tanstack/svelte-query';
import type { ShortfallFinding } from '../contracts.ts';
import { shortfallsQuery } from './queries.ts';

/** Findings per building id. */
export function findingsByBuilding(findings: readonly ShortfallFinding[]): Map<string, ShortfallFinding[]> {
  const map = new Map<string, ShortfallFinding[]>();
  for (const finding of findings) {
    const list = map.get(finding.building);
    if (list) list.push(finding);
    else map.set(finding.building, [finding]);
  }
  return map;
}

/**
 * The facility shortfall findings the user may see (`GET /api/shortfalls`), refreshed each minute while the
 * page that made it is shown. Create it while a component initialises: it follows the shared query for as
 * long as that component lives.
 */
export class ShortfallBoard {
  readonly #query = createQuery(() => shortfallsQuery);

  readonly findings = $derived<readonly ShortfallFinding[]>(this.#query.data?.findings ?? []);
  readonly loaded = $derived(this.#query.data !== undefined);
  readonly error = $derived<unknown>(this.#query.error);
  readonly byBuilding = $derived(findingsByBuilding(this.findings));
}
