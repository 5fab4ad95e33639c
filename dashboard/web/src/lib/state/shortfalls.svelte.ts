import { SvelteMap } from 'svelte/reactivity';
import type { ShortfallFinding, ShortfallReply } from '../contracts.ts';
import { apiGet } from '../api.ts';

/** How often the findings are fetched again: they move over minutes and days, not seconds. */
const REFRESH_MS = 60_000;

/** Every facility shortfall finding the user may see (`GET /api/shortfalls`), refreshed each minute. */
class ShortfallBoard {
  findings = $state.raw<ShortfallFinding[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  #timer: ReturnType<typeof setInterval> | null = null;

  /** Findings per building id. */
  readonly byBuilding = $derived.by(() => {
    const map = new SvelteMap<string, ShortfallFinding[]>();
    for (const finding of this.findings) {
      const list = map.get(finding.building);
      if (list) list.push(finding);
      else map.set(finding.building, [finding]);
    }
    return map;
  });

  async load(): Promise<void> {
    try {
      const reply = await apiGet<ShortfallReply>('/api/shortfalls');
      this.findings = reply.findings;
      this.loaded = true;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** Call from a component's $effect: loads now and every minute while the page is shown. */
  follow(): () => void {
    void this.load();
    this.#timer ??= setInterval(() => void this.load(), REFRESH_MS);
    return () => {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = null;
    };
  }
}

/** The one shortfall board of the app. */
export const shortfalls = new ShortfallBoard();
