import type { Component } from 'svelte';
import type { Route } from './state/router.svelte.ts';

type PageModule<Props extends Record<string, unknown> = Record<string, never>> = Promise<{
  default: Component<Props>;
}>;

/** A page of the app that takes no props, and who may see it. */
export interface PageEntry {
  readonly load: () => PageModule;
  /** District staff (and admins) only: the server refuses a property manager this page's figures. */
  readonly staffOnly: boolean;
}

/** The route names shown through {@link PAGES}; the sign-in page, a building's page and "not found" are not. */
export type TablePage = Exclude<Route['page'], 'login' | 'building' | 'not_found'>;

/**
 * Each page of the app, loaded the first time it is shown: the bundle is split per page, so the sign-in
 * page and the overview do not wait for the history explorer, the plan's charts or the admin pages. Pages
 * that share code (ECharts, the alarm table) share a chunk; the browser caches each import after the first.
 * App.svelte renders whichever the route names, once, instead of one branch per page.
 */
export const PAGES: Readonly<Record<TablePage, PageEntry>> = {
  overview: { load: () => import('../pages/Overview.svelte'), staffOnly: true },
  buildings: { load: () => import('../pages/BuildingList.svelte'), staffOnly: false },
  shortfalls: { load: () => import('../pages/Shortfalls.svelte'), staffOnly: false },
  alarms: { load: () => import('../pages/Alarms.svelte'), staffOnly: false },
  reports: { load: () => import('../pages/Reports.svelte'), staffOnly: false },
  plan: { load: () => import('../pages/Plan.svelte'), staffOnly: true },
  trends: { load: () => import('../pages/Trends.svelte'), staffOnly: true },
  notifications: { load: () => import('../pages/Notifications.svelte'), staffOnly: false },
  users: { load: () => import('../pages/Users.svelte'), staffOnly: false },
  audit: { load: () => import('../pages/Audit.svelte'), staffOnly: false },
  wall: { load: () => import('../pages/Wall.svelte'), staffOnly: false },
};

/** A building's page, the one page that takes a prop (the building's id). */
export const buildingPage = (): PageModule<{ id: string }> => import('../pages/BuildingDetail.svelte');

/** The table's entry for a route, or undefined for the pages App.svelte shows itself. */
export function pageEntry(route: Route): PageEntry | undefined {
  return route.page === 'login' || route.page === 'building' || route.page === 'not_found'
    ? undefined
    : PAGES[route.page];
}
