import type { Route } from './state/router.svelte.ts';
import type { MessageKey } from './i18n/zh.ts';

/**
 * The name of each page in the document title, so a screen reader announces where a navigation landed
 * and a browser tab or history entry says which page it is. The building page names its building instead.
 */
const PAGE_TITLE_KEYS: { readonly [P in Route['page']]?: MessageKey } = {
  login: 'login.title',
  overview: 'nav.overview',
  buildings: 'list.title',
  building: 'list.title',
  shortfalls: 'shortfalls.title',
  alarms: 'alarms.title',
  reports: 'reports.title',
  plan: 'plan.title',
  trends: 'trends.title',
  notifications: 'notify.title',
  users: 'users.title',
  audit: 'audit.title',
  wall: 'wall.title',
  not_found: 'notfound.title',
};

/** The message key naming `page` in the document title; a page without its own name is the product's. */
export function pageTitleKey(page: Route['page']): MessageKey {
  return PAGE_TITLE_KEYS[page] ?? 'app.product';
}
