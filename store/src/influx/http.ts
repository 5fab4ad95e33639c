// The only module that talks to InfluxDB: `/write`, `/query` and `/ping` of the v1-compatible HTTP API,
// which InfluxDB 1.x, 2.x (through a DBRP mapping) and 3.x all serve. It goes through the public transport
// of @influxdata/influxdb-client (its WriteApi posts to /api/v2/write, which 1.x does not have), and turns
// every failure into a StoreError whose canRetry() tells ingest's writer whether to back off and retry.
import { HttpError, InfluxDB, RequestTimedOutError, type Transport } from '@influxdata/influxdb-client';
import { StoreError } from '../errors.ts';

/** How to reach InfluxDB. */
export interface InfluxConnection {
  url: string;
  /** 2.x / 3.x token (sent as `Authorization: Token ...`). */
  token?: string;
  /** 1.x user (sent as HTTP basic auth) when auth is enabled there. */
  username?: string;
  password?: string;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
}

/** One statement's result in the `/query` JSON answer. */
export interface QueryResult {
  statement_id?: number;
  error?: string;
  series?: {
    name: string;
    tags?: Record<string, string>;
    columns: string[];
    values: unknown[][];
  }[];
}

// Write failures that an operator fixes while ingest's spool keeps the data: retrying is right.
// 400 (bad data) and 413 (batch too large) will fail the same way again.
function retriableStatus(status: number): boolean {
  return (
    status >= 500 || status === 408 || status === 429 || status === 401 || status === 403 || status === 404
  );
}

function describe(body: string | undefined): string {
  if (!body) return '';
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    const text = parsed.error ?? parsed.message;
    return typeof text === 'string' ? text : body;
  } catch {
    return body;
  }
}

function toStoreError(what: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if (error instanceof HttpError) {
    const detail = describe(error.body) || error.statusMessage || '';
    return new StoreError(
      retriableStatus(error.statusCode) ? 'UNAVAILABLE' : 'REJECTED',
      `InfluxDB ${what} answered HTTP ${error.statusCode}: ${detail}`,
      { cause: error },
    );
  }
  if (error instanceof RequestTimedOutError) {
    return new StoreError('UNAVAILABLE', `InfluxDB ${what} timed out`, { cause: error });
  }
  // Connection refused or reset, DNS, socket errors: the server is away, not the data wrong.
  const message = error instanceof Error ? error.message : JSON.stringify(error);
  const code = (error as { code?: unknown } | null)?.code;
  const prefix = typeof code === 'string' && !message.includes(code) ? `${code} ` : '';
  return new StoreError('UNAVAILABLE', `InfluxDB ${what} failed: ${prefix}${message}`, { cause: error });
}

/** Writes and queries through the v1 HTTP API. */
export class InfluxHttp {
  private readonly transport: Transport;
  private readonly headers: Record<string, string>;

  constructor(connection: InfluxConnection) {
    this.transport = new InfluxDB({
      url: connection.url,
      token: connection.token,
      timeout: connection.timeoutMs ?? 10_000,
    }).transport;
    this.headers = {};
    if (connection.username !== undefined) {
      const credentials = Buffer.from(`${connection.username}:${connection.password ?? ''}`).toString(
        'base64',
      );
      this.headers.authorization = `Basic ${credentials}`;
    }
  }

  /** Posts line protocol (ms timestamps) to a database and retention policy. */
  async write(database: string, retentionPolicy: string | undefined, body: string): Promise<void> {
    const params = new URLSearchParams({ db: database, precision: 'ms' });
    if (retentionPolicy) params.set('rp', retentionPolicy);
    try {
      await this.transport.request(`/write?${params.toString()}`, body, {
        method: 'POST',
        headers: { ...this.headers, 'content-type': 'text/plain; charset=utf-8' },
      });
    } catch (error) {
      // InfluxDB drops points older than the retention policy and says so with a 400 for the batch, having
      // written the rest: the outcome retention would have produced anyway, so it is not an error here.
      if (
        error instanceof HttpError &&
        error.statusCode === 400 &&
        /points beyond retention policy/.test(error.body ?? '')
      ) {
        return;
      }
      throw toStoreError('write', error);
    }
  }

  /** Runs InfluxQL; every statement's error (InfluxDB sends them with HTTP 200) becomes a thrown StoreError. */
  async query(database: string | undefined, q: string): Promise<QueryResult[]> {
    const params = new URLSearchParams({ q, epoch: 'ms' });
    if (database) params.set('db', database);
    let answer: unknown;
    try {
      answer = await this.transport.request('/query', params.toString(), {
        method: 'POST',
        headers: {
          ...this.headers,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
      });
    } catch (error) {
      // A query InfluxDB cannot parse comes back as HTTP 400: REJECTED, never retried.
      throw toStoreError('query', error);
    }
    const body = answer as { results?: QueryResult[]; error?: string } | undefined;
    if (body?.error) throw new StoreError('REJECTED', `InfluxQL error: ${body.error} (query: ${q})`);
    const results = body?.results ?? [];
    for (const result of results) {
      if (result.error) throw new StoreError('REJECTED', `InfluxQL error: ${result.error} (query: ${q})`);
    }
    return results;
  }

  /** Resolves when /ping answers. */
  async ping(): Promise<void> {
    try {
      await this.transport.request('/ping', '', { method: 'GET', headers: this.headers });
    } catch (error) {
      throw toStoreError('ping', error);
    }
  }
}
