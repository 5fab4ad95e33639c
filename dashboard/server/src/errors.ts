import { canRetry } from '@louyu/store';

/**
 * The dashboard's error catalogue: every refusal has a stable code, a status and a sentence. fastify's
 * error handler turns these into `{ statusCode, code, error, message }` replies.
 */
export class ApiFailure extends Error {
  readonly statusCode: number;
  readonly code: string;

  constructor(statusCode: number, code: string, message: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export const failures = {
  unauthorized: (why = 'sign in first: send "Authorization: Bearer <token>" from POST /api/auth/login') =>
    new ApiFailure(401, 'LOUYU_UNAUTHORIZED', why),
  badLogin: () => new ApiFailure(401, 'LOUYU_BAD_LOGIN', 'username or password is wrong'),
  forbiddenBuilding: (id: string) =>
    new ApiFailure(403, 'LOUYU_FORBIDDEN_BUILDING', `you are not assigned to building "${id}"`),
  forbiddenRole: (need: string) => new ApiFailure(403, 'LOUYU_FORBIDDEN_ROLE', `this needs the ${need} role`),
  unknownBuilding: (id: string) =>
    new ApiFailure(404, 'LOUYU_UNKNOWN_BUILDING', `building "${id}" is not in the registry`),
  unknownAlarm: (id: string) => new ApiFailure(404, 'LOUYU_UNKNOWN_ALARM', `alarm "${id}" is not active`),
  badRange: (why: string) => new ApiFailure(400, 'LOUYU_BAD_RANGE', why),
  unknownCluster: (cluster: string, allowed: readonly string[]) =>
    new ApiFailure(
      400,
      'LOUYU_UNKNOWN_CLUSTER',
      `cluster "${cluster}" is not a cluster of this district; one of: ${allowed.join(', ')}`,
    ),
  badReading: (why: string) => new ApiFailure(400, 'LOUYU_BAD_READING', why),
  notReady: (why: string) => new ApiFailure(503, 'LOUYU_NOT_READY', why),
};

/** Seconds a client is told to wait before asking again when the store could not answer. */
export const STORE_RETRY_AFTER_S = 5;

/**
 * A store failure that may pass (InfluxDB down, SQLite locked past its busy timeout) as the user should
 * read it: 503 with a sentence saying whether anything was saved, not 500 "internal error" as for a bug.
 * Undefined for anything else.
 */
export function storeUnavailable(error: unknown, method: string): ApiFailure | undefined {
  if (!canRetry(error)) return undefined;
  const saving = method !== 'GET' && method !== 'HEAD';
  return new ApiFailure(
    503,
    'LOUYU_STORE_UNAVAILABLE',
    saving
      ? `the database cannot take this now, so it was not saved: try again in a moment`
      : `the database cannot answer now: try again in a moment`,
  );
}
