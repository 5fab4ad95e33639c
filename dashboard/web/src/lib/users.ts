import type { AuditEntry, AuditQuery, NewUserBody, UserPatchBody, UserView } from './contracts.ts';
import { apiGet, apiPatch, apiPost, download } from './api.ts';

/** The admins' users page and audit log (GET/POST/PATCH /api/users, GET /api/audit[.csv]). */
export const usersApi = {
  list: (signal?: AbortSignal) => apiGet<UserView[]>('/api/users', undefined, signal),
  create: (input: NewUserBody) => apiPost<UserView>('/api/users', input),
  change: (username: string, patch: UserPatchBody) =>
    apiPatch<UserView>(`/api/users/${encodeURIComponent(username)}`, patch),
  audit: (query: AuditQuery, signal?: AbortSignal) =>
    apiGet<AuditEntry[]>('/api/audit', { ...query }, signal),
  exportAudit: (query: AuditQuery) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(key, String(value));
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return download(`/api/audit.csv${search}`, 'louyu-audit.csv');
  },
};
