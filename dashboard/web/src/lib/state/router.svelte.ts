/** The dashboard's pages and the paths they live at (the server falls back to index.html for each). */
export type Route =
  | { page: 'login' }
  | { page: 'overview' }
  | { page: 'buildings' }
  | { page: 'building'; id: string }
  | { page: 'shortfalls' }
  | { page: 'alarms' }
  | { page: 'reports' }
  | { page: 'plan' }
  | { page: 'trends' }
  | { page: 'notifications' }
  | { page: 'users' }
  | { page: 'audit' }
  | { page: 'wall' }
  | { page: 'not_found' };

/** Turns a location path into the page to show. */
export function parseRoute(path: string): Route {
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/') return { page: 'overview' };
  if (clean === '/login') return { page: 'login' };
  if (clean === '/buildings') return { page: 'buildings' };
  const building = /^\/buildings\/([a-z0-9][a-z0-9_-]{0,63})$/.exec(clean);
  if (building?.[1]) return { page: 'building', id: building[1] };
  if (clean === '/shortfalls') return { page: 'shortfalls' };
  if (clean === '/alarms') return { page: 'alarms' };
  if (clean === '/reports') return { page: 'reports' };
  if (clean === '/plan') return { page: 'plan' };
  if (clean === '/trends') return { page: 'trends' };
  if (clean === '/notifications') return { page: 'notifications' };
  if (clean === '/users') return { page: 'users' };
  if (clean === '/audit') return { page: 'audit' };
  if (clean === '/wall') return { page: 'wall' };
  return { page: 'not_found' };
}

/** History-API routing: in-app links change the path without a reload; back and forward work. */
class Router {
  path = $state(location.pathname);
  search = $state(location.search);
  readonly route = $derived(parseRoute(this.path));
  readonly query = $derived(new URLSearchParams(this.search));

  constructor() {
    addEventListener('popstate', () => this.#sync());
    // One listener for every same-origin link, so pages write plain <a href="/buildings/x">.
    document.addEventListener('click', (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
        return;
      const anchor = (event.target as Element | null)?.closest?.('a');
      if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
      const url = new URL(anchor.href, location.href);
      if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
      event.preventDefault();
      this.navigate(url.pathname + url.search);
    });
  }

  /** Shows another page; `replace` keeps the history entry (redirects, filter changes). */
  navigate(to: string, replace = false): void {
    if (to === location.pathname + location.search) return;
    if (replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.#sync();
    if (!replace) scrollTo(0, 0);
  }

  /** Writes a filter into the query string so a filtered view can be bookmarked and shared. */
  setQuery(name: string, value: string | null): void {
    this.setQueries({ [name]: value });
  }

  /** Writes several filters at once (one history entry for a view made of several parameters). */
  setQueries(values: Readonly<Record<string, string | null>>): void {
    const params = new URLSearchParams(location.search);
    for (const [name, value] of Object.entries(values)) {
      if (value === null || value === '') params.delete(name);
      else params.set(name, value);
    }
    const search = params.size > 0 ? `?${params.toString()}` : '';
    this.navigate(location.pathname + search, true);
  }

  #sync(): void {
    this.path = location.pathname;
    this.search = location.search;
  }
}

/** The one router of the app. */
export const router = new Router();
