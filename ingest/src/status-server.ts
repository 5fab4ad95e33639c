import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ingest } from './ingest.ts';

/**
 * A small HTTP server for a standalone ingest: `/metrics` (Prometheus), `/status` (spool figures, JSON),
 * `/dead-letters` (the newest refused messages, JSON), `/healthz` (503 while not subscribed) and `/readyz`
 * (503 while not taking messages: unsubscribed, the spool full, or the disk refusing its writes). The
 * all-in-one mode serves the same figures from the dashboard instead.
 */
export async function startStatusServer(
  ingest: Ingest,
  port: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (path === '/metrics') {
      ingest.metricsRegistry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': ingest.metricsRegistry.contentType });
          res.end(text);
        },
        () => res.writeHead(500).end(),
      );
    } else if (path === '/status') {
      json(ingest.status());
    } else if (path === '/dead-letters') {
      json(ingest.deadLetters(100));
    } else if (path === '/healthz') {
      // Healthy while subscribed: a worker the broker does not serve stores nothing, whatever it says.
      const mqtt = ingest.status().mqtt;
      const ok = !mqtt || mqtt.subscribed;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { ok } : { ok, mqtt }));
    } else if (path === '/readyz') {
      const status = ingest.status();
      res.writeHead(status.ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ready: status.ready, spool: status.spool, mqtt: status.mqtt }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
