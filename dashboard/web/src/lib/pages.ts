import type { Component } from 'svelte';

type PageModule<Props extends Record<string, unknown> = Record<string, never>> = Promise<{
  default: Component<Props>;
}>;

/**
 * Each page of the app, loaded the first time it is shown: the bundle is split per page, so the sign-in
 * page and the overview do not wait for the history explorer, the plan's charts or the admin pages. Pages
 * that share code (ECharts, the alarm table) share a chunk; the browser caches each import after the first.
 */
export const pages = {
  overview: (): PageModule => import('../pages/Overview.svelte'),
  buildings: (): PageModule => import('../pages/BuildingList.svelte'),
  building: (): PageModule<{ id: string }> => import('../pages/BuildingDetail.svelte'),
  shortfalls: (): PageModule => import('../pages/Shortfalls.svelte'),
  alarms: (): PageModule => import('../pages/Alarms.svelte'),
  reports: (): PageModule => import('../pages/Reports.svelte'),
  plan: (): PageModule => import('../pages/Plan.svelte'),
  trends: (): PageModule => import('../pages/Trends.svelte'),
  notifications: (): PageModule => import('../pages/Notifications.svelte'),
  users: (): PageModule => import('../pages/Users.svelte'),
  audit: (): PageModule => import('../pages/Audit.svelte'),
  wall: (): PageModule => import('../pages/Wall.svelte'),
} as const;
