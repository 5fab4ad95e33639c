// The notification channels and rules of `/api/notifications/…` (dashboard/server/src/notifications/model.ts),
// as the web page reads and writes them. Secrets come back masked (`****` and the last 4 characters);
// sending a masked value back keeps the stored one.
import type { AlarmType, ReportPeriod, Severity } from '@louyu/core';
import { apiDelete, apiGet, apiPost, apiPut } from './api.ts';

export const CHANNEL_KINDS = ['webhook', 'wecom', 'dingtalk', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const NOTIFIED_EVENTS = ['raised', 'escalated', 'cleared'] as const;
export type NotifiedEvent = (typeof NOTIFIED_EVENTS)[number];

export interface ChannelConfig {
  url?: string;
  secret?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string;
  password?: string;
  from?: string;
  to?: string[];
}

export interface ChannelInput {
  name: string;
  kind: ChannelKind;
  rate_per_minute?: number;
  config: ChannelConfig;
}

export interface Channel extends ChannelInput {
  id: string;
  owner: string;
  rate_per_minute: number;
}

export interface RuleInput {
  name: string;
  enabled: boolean;
  channels: string[];
  events: NotifiedEvent[];
  buildings: string[];
  clusters: string[];
  severities: Severity[];
  types: AlarmType[];
  quiet_hours: { from: string; to: string } | null;
}

export interface Rule extends RuleInput {
  id: string;
  owner: string;
}

export interface Outbox {
  waiting: number;
  pending: number;
  failed: number;
}

export interface ReportScheduleInput {
  name: string;
  period: ReportPeriod;
  channels: string[];
  enabled: boolean;
}

export interface ReportSchedule extends ReportScheduleInput {
  id: string;
  owner: string;
}

const BASE = '/api/notifications';

export const notificationsApi = {
  channels: (signal?: AbortSignal) => apiGet<Channel[]>(`${BASE}/channels`, undefined, signal),
  rules: (signal?: AbortSignal) => apiGet<Rule[]>(`${BASE}/rules`, undefined, signal),
  outbox: (signal?: AbortSignal) => apiGet<Outbox>(`${BASE}/outbox`, undefined, signal),
  saveChannel: (input: ChannelInput, id?: string) =>
    id === undefined
      ? apiPost<Channel>(`${BASE}/channels`, input)
      : apiPut<Channel>(`${BASE}/channels/${encodeURIComponent(id)}`, input),
  deleteChannel: (id: string) => apiDelete(`${BASE}/channels/${encodeURIComponent(id)}`),
  test: (id: string) =>
    apiPost<{ ok: boolean; detail: string }>(`${BASE}/channels/${encodeURIComponent(id)}/test`),
  saveRule: (input: RuleInput, id?: string) =>
    id === undefined
      ? apiPost<Rule>(`${BASE}/rules`, input)
      : apiPut<Rule>(`${BASE}/rules/${encodeURIComponent(id)}`, input),
  deleteRule: (id: string) => apiDelete(`${BASE}/rules/${encodeURIComponent(id)}`),
  reports: (signal?: AbortSignal) => apiGet<ReportSchedule[]>(`${BASE}/reports`, undefined, signal),
  saveReport: (input: ReportScheduleInput) => apiPost<ReportSchedule>(`${BASE}/reports`, input),
  deleteReport: (id: string) => apiDelete(`${BASE}/reports/${encodeURIComponent(id)}`),
  sendReport: (id: string) => apiPost<{ label: string }>(`${BASE}/reports/${encodeURIComponent(id)}/send`),
};

/** Where a channel sends, for the table: the robot or webhook host, or the mail recipients. */
export function channelTarget(channel: Channel): string {
  if (channel.kind === 'email') return (channel.config.to ?? []).join(', ');
  try {
    const url = new URL(channel.config.url ?? '');
    return `${url.host}${url.pathname}`;
  } catch {
    return channel.config.url ?? '';
  }
}
