import type { ClusterId } from '@louyu/core';

/** One screen of the wall display's rotation: the district overview, one cluster's overview, or the alarms. */
export type WallSlide = { kind: 'overview' } | { kind: 'cluster'; cluster: ClusterId } | { kind: 'alarms' };

/** Seconds each slide stays up unless `?every=` says otherwise; bounds keep a typo from freezing or flickering it. */
export const WALL_DEFAULT_SECONDS = 30;
export const WALL_MIN_SECONDS = 1;
export const WALL_MAX_SECONDS = 3600;

/** The rotation: the whole district, each cluster in the registry's order, then the alarms. */
export function wallSlides(clusters: readonly ClusterId[]): WallSlide[] {
  return [
    { kind: 'overview' },
    ...clusters.map((cluster): WallSlide => ({ kind: 'cluster', cluster })),
    { kind: 'alarms' },
  ];
}

/** The `?every=` seconds of the wall's URL, clamped; the default when absent or not a number. */
export function wallSeconds(value: string | null): number {
  const seconds = value === null ? Number.NaN : Number(value);
  if (!Number.isFinite(seconds)) return WALL_DEFAULT_SECONDS;
  return Math.min(WALL_MAX_SECONDS, Math.max(WALL_MIN_SECONDS, seconds));
}

/** A stable name for a slide, for the page's data attribute and Svelte's keyed block. */
export function wallSlideName(slide: WallSlide): string {
  return slide.kind === 'cluster' ? `cluster:${slide.cluster}` : slide.kind;
}
