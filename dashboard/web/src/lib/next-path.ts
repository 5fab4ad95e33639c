/**
 * Where to go after signing in, from the login page's `next` parameter: a path of this dashboard with its
 * query string (a bookmarked, filtered list comes back filtered), never another site. `//evil.example/x`
 * and `/\evil.example` are paths to a browser's eyes but URLs of another host, so the parameter is resolved
 * against this origin and refused unless it stays on it. Anything refused, or the login page itself, is `/`.
 */
export function safeNextPath(next: string | null, origin: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin || url.pathname === '/login') return '/';
  return url.pathname + url.search + url.hash;
}

/** The login page's address for a user sent there from `path` (with its query string). */
export function loginPathFor(pathWithQuery: string): string {
  return pathWithQuery === '/' || pathWithQuery.startsWith('/login')
    ? '/login'
    : `/login?next=${encodeURIComponent(pathWithQuery)}`;
}
