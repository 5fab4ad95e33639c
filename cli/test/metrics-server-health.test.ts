// `louyu broker --metrics-port`: what a load balancer's health check sees (issue 17, item 4).
import { Registry } from 'prom-client';
import { afterAll, expect, it } from 'vitest';
import { serveMetrics } from '../src/run/metrics-server.ts';

let reason: string | null = 'starting';
const server = await serveMetrics(new Registry(), 0, '127.0.0.1', { notReady: () => reason });
afterAll(() => server.close());
const at = (path: string, method = 'GET') => fetch(`http://127.0.0.1:${server.port}${path}`, { method });

it('/healthz says 200 while the process runs; /readyz says 503 with the reason until ready, then 200', async () => {
  expect((await at('/healthz')).status).toBe(200);
  const notReady = await at('/readyz');
  expect(notReady.status).toBe(503);
  expect(await notReady.json()).toEqual({ ready: false, reason: 'starting' });
  reason = null;
  const ready = await at('/readyz');
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ ready: true });
  expect((await at('/readyz', 'HEAD')).status).toBe(200);
  reason = 'Redis connections not ready: db, pub, sub';
  expect((await at('/readyz?probe=1')).status).toBe(503);
  expect((await at('/healthz')).status).toBe(200);
});

it('still serves /metrics, and nothing else', async () => {
  expect((await at('/metrics')).status).toBe(200);
  expect((await at('/nope')).status).toBe(404);
  expect((await at('/readyz', 'POST')).status).toBe(405);
});
