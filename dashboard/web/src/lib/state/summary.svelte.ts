import type { DistrictSummary } from '../contracts.ts';
import { apiGet } from '../api.ts';

/** The plan's figures move with tenancy reports (daily), so a minute is fresh enough. */
const REFRESH_MS = 60_000;

/** `GET /api/district/summary`: the plan's figures and 2025 targets as the server computes them. */
class DistrictSummaryState {
  data = $state.raw<DistrictSummary | null>(null);
  error = $state<string | null>(null);
  #timer: ReturnType<typeof setInterval> | null = null;

  async load(): Promise<void> {
    try {
      this.data = await apiGet<DistrictSummary>('/api/district/summary');
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** Call from a component's $effect: loads now and every minute while shown. */
  follow(): () => void {
    void this.load();
    this.#timer ??= setInterval(() => void this.load(), REFRESH_MS);
    return () => {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = null;
    };
  }
}

/** The one district summary of the app. */
export const summary = new DistrictSummaryState();
