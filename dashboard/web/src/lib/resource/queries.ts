import { keepPreviousData, queryOptions } from '@tanstack/svelte-query';
import type {
  AlarmList,
  BuildingReply,
  ClusterId,
  DistrictSummary,
  HistoryReply,
  PlanCourse,
  PlanCourseQuery,
  Report,
  ReportPeriod,
  PlanRanking,
  RankingKey,
  ShortfallReply,
} from '../contracts.ts';
import { apiGet } from '../api.ts';

const MINUTE = 60_000;
const DAY_MS = 86_400_000;

/**
 * `GET /api/district/summary`: the plan's figures and 2025 targets. They move with tenancy reports (daily),
 * so a minute is fresh enough. District staff only: the server refuses a property manager (403).
 */
export const districtSummaryQuery = queryOptions({
  queryKey: ['district-summary'],
  queryFn: ({ signal }) => apiGet<DistrictSummary>('/api/district/summary', undefined, signal),
  refetchInterval: MINUTE,
});

/** `GET /api/shortfalls`: every facility shortfall the user may see; they move over minutes and days. */
export const shortfallsQuery = queryOptions({
  queryKey: ['shortfalls'],
  queryFn: ({ signal }) => apiGet<ShortfallReply>('/api/shortfalls', undefined, signal),
  refetchInterval: MINUTE,
});

/** When the server did not put the socket in a building's room, its page polls REST this often. */
export const BUILDING_POLL_MS = 10_000;

/** `GET /api/buildings/{id}`: the registry entry and a first picture of the building's live state. */
export function buildingQuery(id: string) {
  return queryOptions({
    queryKey: ['building', id],
    queryFn: ({ signal }) =>
      apiGet<BuildingReply>(`/api/buildings/${encodeURIComponent(id)}`, undefined, signal),
  });
}

/** The building's power over the last 24 h for its energy panel; its buckets are minutes wide. */
export function buildingPowerQuery(id: string) {
  return queryOptions({
    queryKey: ['building-power', id],
    queryFn: ({ signal }) => {
      const to = Date.now();
      return apiGet<HistoryReply>(
        `/api/buildings/${encodeURIComponent(id)}/history`,
        {
          kind: 'energy',
          field: 'power_kw',
          circuit: 'total',
          from: to - DAY_MS,
          to,
          points: 288,
          agg: 'mean',
        },
        signal,
      );
    },
    refetchInterval: 5 * MINUTE,
  });
}

/**
 * `GET /api/alarms`: active alarms, the roll-up per building and recent history. Not polled: the server
 * pushes `alarms` whenever one this user may see changes (and the app marks the list stale then, see
 * App.svelte), so it stays fresh until told otherwise.
 */
export const alarmsQuery = queryOptions({
  queryKey: ['alarms'],
  queryFn: ({ signal }) => apiGet<AlarmList>('/api/alarms', undefined, signal),
  staleTime: Number.POSITIVE_INFINITY,
});

/**
 * `GET /api/plan/course`: the plan's KPIs month by month or quarter by quarter. Not polled: it moves with
 * tenancy reports; showing the page again fetches it again.
 */
export function planCourseQuery(query: PlanCourseQuery) {
  return queryOptions({
    queryKey: ['plan-course', query],
    queryFn: ({ signal }) => apiGet<PlanCourse>('/api/plan/course', { ...query }, signal),
  });
}

/** `GET /api/reports/{period}`: the weekly or monthly report, generated when asked. */
export function reportQuery(period: ReportPeriod) {
  return queryOptions({
    queryKey: ['report', period],
    queryFn: ({ signal }) => apiGet<Report>(`/api/reports/${period}`, undefined, signal),
  });
}

/**
 * `GET /api/plan/ranking` (楼宇排行): now (`at` null), polled like the summary, or at the end of a past day
 * (`at` 'YYYY-MM-DD'), not polled: only a late report changes it. The table keeps the previous ranking on
 * screen while the next order, cluster or day loads.
 */
export function planRankingQuery(by: RankingKey, cluster: ClusterId | null, at: string | null) {
  return queryOptions({
    queryKey: ['plan-ranking', by, cluster, at],
    queryFn: ({ signal }) =>
      apiGet<PlanRanking>(
        '/api/plan/ranking',
        { by, cluster: cluster ?? undefined, at: at ?? undefined },
        signal,
      ),
    placeholderData: keepPreviousData,
    refetchInterval: at === null ? MINUTE : false,
  });
}
