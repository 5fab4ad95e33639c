import type { ApiError, LoginBody, LoginReply } from './contracts.ts';
import { session } from './state/session.svelte.ts';

/** A REST call that failed: the server's error code and sentence, and the HTTP status. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

async function failure(response: Response): Promise<ApiCallError> {
  let body: Partial<ApiError> = {};
  try {
    body = (await response.json()) as Partial<ApiError>;
  } catch {
    // Not JSON (a proxy's error page): fall back to the status line.
  }
  return new ApiCallError(
    response.status,
    body.code ?? `HTTP_${response.status}`,
    body.message ?? `${response.status} ${response.statusText}`,
  );
}

/** Every REST request goes through here: the bearer token, JSON, and a 401 ends the session. */
async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (response.status === 401 && session.token) session.clear();
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/**
 * GET a JSON resource under /api. `signal` aborts the request (a page's resources pass theirs, so leaving
 * the page cancels what it was still waiting for).
 */
export function apiGet<T>(
  path: string,
  query?: Record<string, string | number | undefined>,
  signal?: AbortSignal,
): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const search = params.size > 0 ? `?${params.toString()}` : '';
  return request<T>('GET', `${path}${search}`, undefined, signal);
}

/** POST JSON to /api. */
export function apiPost<T>(path: string, body: unknown = {}): Promise<T> {
  return request<T>('POST', path, body);
}

/** PUT JSON to /api (replace a resource). */
export function apiPut<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PUT', path, body);
}

/** PATCH JSON to /api (change some fields of a resource). */
export function apiPatch<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PATCH', path, body);
}

/** DELETE a resource under /api. */
export function apiDelete(path: string): Promise<unknown> {
  return request('DELETE', path);
}

/** Signs in and remembers the session; throws ApiCallError (401 for wrong credentials). */
export async function login(body: LoginBody): Promise<LoginReply> {
  const reply = await apiPost<LoginReply>('/api/auth/login', body);
  session.accept(reply);
  return reply;
}

/** Downloads a text resource (CSV) with the session's token and hands it to the browser as a file. */
export async function download(path: string, filename: string): Promise<void> {
  const headers: Record<string, string> = {};
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  const response = await fetch(path, { headers });
  if (!response.ok) throw await failure(response);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.click();
  URL.revokeObjectURL(url);
}
