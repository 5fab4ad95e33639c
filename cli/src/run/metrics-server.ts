import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What `/readyz` asks: why the part should not take traffic now, or null when it should. */
export interface Readiness {
  notReady(): string | null;
}

/**
 * A bare HTTP endpoint for a part that runs without the dashboard (`louyu broker --metrics-port`):
 * `/metrics` (Prometheus), `/healthz` (the process answers: 200 while it runs) and, with `readiness`,
 * `/readyz` (200 `{"ready":true}`, or 503 `{"ready":false,"reason":...}`), what a load balancer's health
 * check (HAProxy `option httpchk GET /readyz`, nginx `health_check uri=/readyz`) asks before it sends
 * clients to this node.
 */
export async function serveMetrics(
  registry: Registry,
  port: number,
  host: string,
  readiness?: Readiness,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      json(response, 200, { status: 'ok' });
      return;
    }
    if (path === '/readyz' && readiness) {
      let reason: string | null;
      try {
        reason = readiness.notReady();
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
      json(
        response,
        reason === null ? 200 : 503,
        reason === null ? { ready: true } : { ready: false, reason },
      );
      return;
    }
    if (path !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
