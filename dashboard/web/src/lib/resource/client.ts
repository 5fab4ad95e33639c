import { QueryClient } from '@tanstack/svelte-query';
import { ApiCallError } from '../api.ts';

/** A failed request is tried again only when no answer came (the network); an answer is shown as it is. */
function retryUnanswered(failures: number, error: unknown): boolean {
  return !(error instanceof ApiCallError) && failures < 2;
}

/**
 * The app's one cache of REST resources (TanStack Query). Every page that shows a resource follows it
 * through `createQuery`, so:
 * - components showing the same resource share one request and one cache entry, each with its own poll
 *   (one leaving never stops another's);
 * - a request is aborted when the last component that wanted it goes (queries pass their `signal`);
 * - polling (`refetchInterval`) pauses while the tab is hidden, and a stale resource is fetched again when
 *   the tab is shown (`refetchOnWindowFocus` follows `visibilitychange`);
 * - a failure is the query's `error`, which the page shows (see ResourceError.svelte).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: retryUnanswered,
      refetchOnWindowFocus: true,
      refetchIntervalInBackground: false,
    },
  },
});

/** The message of a query's error, for the page (null when there is none). */
export function errorText(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  return error instanceof Error ? error.message : String(error);
}
