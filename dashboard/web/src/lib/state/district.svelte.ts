import type { Cluster, DistrictInfo } from '../contracts.ts';
import { apiGet } from '../api.ts';

type Bilingual = { zh: string; en: string };

/**
 * Words around the district's own name, and the plan panels' word for a target the district's registry
 * does not set. Kept here, beside the name they wrap, rather than in the message catalogue, so a page
 * title never needs a district baked into a translation.
 */
const TITLE_SUFFIX: Bilingual = { zh: '商务楼宇运行', en: ' business buildings' };
export const NO_TARGET: Bilingual = { zh: '未设定规划目标', en: 'No plan target set' };

/**
 * `GET /api/district`: the district this Louyu serves, as its registry names it: its name (every page's
 * title and header), its clusters (filters and cluster names) and its plan targets. Public: the sign-in
 * page names the district too. Loaded once per page load; a registry only changes with a restart.
 */
class DistrictState {
  info = $state.raw<DistrictInfo | null>(null);
  error = $state<string | null>(null);
  #loading: Promise<void> | null = null;

  /** The district's clusters, in the registry's order; empty until loaded. */
  readonly clusters = $derived<readonly Cluster[]>(this.info?.clusters ?? []);
  readonly #names = $derived(new Map(this.clusters.map((c) => [c.id, c.name])));

  load(): Promise<void> {
    this.#loading ??= apiGet<DistrictInfo>('/api/district').then(
      (info) => {
        this.info = info;
        this.error = null;
      },
      (error: unknown) => {
        this.error = error instanceof Error ? error.message : String(error);
        this.#loading = null;
      },
    );
    return this.#loading;
  }

  /** Whether `id` is one of the district's clusters (a `?cluster=` value from a URL may be anything). */
  isCluster(id: string | null | undefined): id is string {
    return id !== null && id !== undefined && this.#names.has(id);
  }

  /** The cluster's name in both languages; its id in both when the registry does not know it. */
  clusterName(id: string): Bilingual {
    return this.#names.get(id) ?? { zh: id, en: id };
  }

  /** The district's title, e.g. 沈阳市和平区商务楼宇运行; Louyu's product name alone until it is loaded. */
  title(): Bilingual | null {
    const name = this.info?.name;
    if (!name) return null;
    return { zh: `${name.zh}${TITLE_SUFFIX.zh}`, en: `${name.en}${TITLE_SUFFIX.en}` };
  }
}

/** The one district of the app. */
export const district = new DistrictState();
