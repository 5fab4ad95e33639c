import type { ShortfallFinding } from './types.ts';

/** What makes two findings "the same shortfall" across evaluations: building, rule and subject. */
export function findingKey(f: Pick<ShortfallFinding, 'building' | 'rule' | 'subject'>): string {
  return `${f.building}\u0000${f.rule}\u0000${f.subject ?? ''}`;
}

/**
 * Carries `since` across evaluations: a finding that was already there keeps its earlier `since`; a new one
 * keeps the `since` its rule gave, or starts at `now`. Findings that disappeared are simply absent.
 */
export function trackSince(
  previous: readonly ShortfallFinding[],
  current: readonly ShortfallFinding[],
  now: number,
): ShortfallFinding[] {
  const before = new Map<string, number | null>();
  for (const f of previous) before.set(findingKey(f), f.since);
  return current.map((f) => {
    const earlier = before.get(findingKey(f));
    const candidates = [earlier, f.since].filter((s): s is number => typeof s === 'number');
    return { ...f, since: candidates.length > 0 ? Math.min(...candidates) : now };
  });
}
