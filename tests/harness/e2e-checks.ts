// What the end-to-end tests check through Louyu's own REST API, its browser dashboard and the store.
import { expect, vi } from 'vitest';
import mqtt from 'mqtt';
import { hepingRegistry, parseTopic } from '@louyu/core';
import type { TelemetryStore } from '@louyu/store';
import type { BrowserHandle } from './browser.ts';

export const DEMO = { username: 'district', password: 'louyu-demo' };

export async function login(httpUrl: string): Promise<string> {
  const response = await fetch(`${httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/** Polls GET /api/buildings until every building of the Heping registry has live data; returns how many. */
export function waitForEveryBuildingLive(
  httpUrl: string,
  token: string,
  timeoutMs = 120_000,
): Promise<number> {
  const expected = hepingRegistry().buildings.length;
  // On a timeout vi.waitFor rejects with the last error thrown here, which says how far it got.
  return vi.waitFor(
    async () => {
      const response = await fetch(`${httpUrl}/api/buildings`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const list = (await response.json()) as {
        building: { id: string };
        live: { updated: number | null; people: number | null };
      }[];
      const live = list.filter((b) => b.live.updated !== null).length;
      if (list.length !== expected || live !== list.length)
        throw new Error(`only ${live} of ${expected} buildings had live data (waited up to ${timeoutMs} ms)`);
      return live;
    },
    { timeout: timeoutMs, interval: 1000 },
  );
}

/** Logs in as district staff in the browser and waits for the overview to show the district live. */
export async function checkOverviewInBrowser(
  browser: BrowserHandle,
  httpUrl: string,
  name: string,
): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`${httpUrl}/`);
  await page.waitForURL(/\/login/);
  await page.fill('input[name=username]', DEMO.username);
  await page.fill('input[name=password]', DEMO.password);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await expect.poll(() => page.getByTestId('kpi-buildings').innerText(), { timeout: 30_000 }).toContain('89');
  await expect
    .poll(() => page.getByTestId('connection').getAttribute('data-status'), { timeout: 30_000 })
    .toBe('connected');
  await expect
    .poll(async () => Number((await page.getByTestId('kpi-people').innerText()).replace(/\D/g, '')), {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  await browser.screenshot(page, name);
  await page.close();
}

/** A telemetry message seen on the broker: where it should be in the store. */
export interface SeenMessage {
  measurement: string;
  building: string;
  device: string;
  ts: number;
}

/** Watches the broker as the demo's anonymous reader does, and records the telemetry that passes. */
export async function watchTelemetry(
  mqttPort: number,
): Promise<{ seen: SeenMessage[]; close(): Promise<void> }> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
    protocolVersion: 4,
    reconnectPeriod: 0,
  });
  const seen: SeenMessage[] = [];
  client.on('message', (topic, payload) => {
    const parsed = parseTopic(topic);
    if (!parsed.ok || parsed.topic.type !== 'telemetry') return;
    const ts = (JSON.parse(payload.toString('utf8')) as { ts?: number }).ts;
    if (typeof ts === 'number')
      seen.push({
        measurement: parsed.topic.kind,
        building: parsed.topic.building,
        device: parsed.topic.device,
        ts,
      });
  });
  await client.subscribeAsync('louyu/v1/#', { qos: 0 });
  return { seen, close: () => client.endAsync() };
}

/** A numeric field every point of a kind carries, to count and look points up by. */
export const COUNT_FIELD: Record<string, string> = {
  occupancy: 'people',
  parking: 'occupied',
  elevator: 'floor',
  energy: 'power_kw',
  ba: 'devices_total',
  ca: 'devices_total',
  oa: 'devices_total',
  fa: 'devices_total',
  sa: 'devices_total',
  tenancy: 'leasable_m2',
};

/** Checks that each of `sample` is in the store: one point at exactly its series and ts. */
export async function expectStored(store: TelemetryStore, sample: readonly SeenMessage[]): Promise<void> {
  const missing: SeenMessage[] = [];
  for (const m of sample) {
    const field = COUNT_FIELD[m.measurement] ?? 'value';
    const points = await store.series(
      { measurement: m.measurement, building: m.building, device: m.device },
      m.ts,
      m.ts + 1,
      1,
      'count',
      field,
    );
    if ((points[0]?.value ?? 0) !== 1) missing.push(m);
  }
  expect(missing).toEqual([]);
}

/** `received N valid messages (R refused), stored S points`, as louyu start prints it when it stops. */
export function parseSummary(output: string): { spooled: number; stored: number } {
  const match = /received (\d+) valid messages \((\d+) refused\), stored (\d+) points/.exec(output);
  if (!match) throw new Error(`louyu start printed no summary:\n${output.slice(-2000)}`);
  return { spooled: Number(match[1]), stored: Number(match[3]) };
}

/** Every n-th message, so a check covers the whole run without a query per message. */
export function sampleOf<T>(items: readonly T[], size: number): T[] {
  const every = Math.max(1, Math.floor(items.length / size));
  return items.filter((_, i) => i % every === 0).slice(0, size);
}
