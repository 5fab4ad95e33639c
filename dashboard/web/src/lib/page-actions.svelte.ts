/** The text shown for a failed call: the API's own message when there is one. */
export const errorText = (caught: unknown): string =>
  caught instanceof Error ? caught.message : String(caught);

/**
 * The calls an admin page makes against the API, and the one error line it shows above its content.
 * Every page did the same try/catch by hand: a failure must not be swallowed (the user would think the
 * change was saved), and after a change the page reloads so the table shows what the server now holds.
 */
export class PageActions {
  /** The last failure's message; cleared when the page's data loads again. */
  error = $state<string | null>(null);

  /** `reload` fetches the page's data again, normally through {@link load}. */
  constructor(private readonly reload: () => Promise<void>) {}

  /** Fetches the page's data (`fetch` stores it); an earlier error is cleared once it arrives. */
  async load(fetch: () => Promise<void>): Promise<void> {
    await this.attempt(async () => {
      await fetch();
      this.error = null;
    });
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
      this.error = errorText(caught);
    }
  }
}
