/** The text shown for a failed call: the API's own message when there is one. */
export const errorText = (caught: unknown): string =>
  caught instanceof Error ? caught.message : String(caught);

/** A request given up on purpose (the page left, or a newer load replaced it): not a failure to show. */
const isAbort = (caught: unknown): boolean => caught instanceof DOMException && caught.name === 'AbortError';

/**
 * The calls an admin page makes against the API, and the one error line it shows above its content.
 * Every page did the same try/catch by hand: a failure must not be swallowed (the user would think the
 * change was saved), and after a change the page reloads so the table shows what the server now holds.
 *
 * Create it while the page's component initialises: a load still in flight is aborted when the page goes
 * (the server stops working for a page nobody looks at), and when a newer load starts (an audit filter
 * changed twice: the older answer must not land after the newer one).
 */
export class PageActions {
  /** The last failure's message; cleared when the page's data loads again. */
  error = $state<string | null>(null);
  #loading: AbortController | null = null;
  #gone = false;

  /** `reload` fetches the page's data again, normally through {@link load}. */
  constructor(private readonly reload: () => Promise<void>) {
    $effect(() => () => {
      this.#gone = true;
      this.#loading?.abort();
    });
  }

  /**
   * Fetches the page's data (`fetch` stores it, passing `signal` to its requests); an earlier error is
   * cleared once it arrives.
   */
  async load(fetch: (signal: AbortSignal) => Promise<void>): Promise<void> {
    this.#loading?.abort();
    const loading = new AbortController();
    this.#loading = loading;
    if (this.#gone) loading.abort();
    await this.attempt(async () => {
      await fetch(loading.signal);
      this.error = null;
    });
    if (this.#loading === loading) this.#loading = null;
  }

  /** Runs a change and reloads the page's data; on failure the message is shown and nothing reloads. */
  async change(act: () => Promise<unknown>): Promise<void> {
    await this.attempt(async () => {
      await act();
      await this.reload();
    });
  }

  /** Runs a call that changes nothing on the page (an export, a send); only a failure shows. */
  async attempt(act: () => Promise<unknown>): Promise<void> {
    try {
      await act();
    } catch (caught) {
      if (!isAbort(caught)) this.error = errorText(caught);
    }
  }
}
