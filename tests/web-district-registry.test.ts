// Any district, not only Heping (issue 16, item 10), in chromium: the dashboard served over a fictional
// district's registry (tests/fixtures/yunhu-registry.json) names that district in the page title, the
// sign-in page and the header, and shows its own cluster names (filter, building list) and plan targets.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { parseRegistry } from '@louyu/core';
import { buildApp, demoUsers, DEMO_PASSWORD, UserDirectory } from '@louyu/dashboard-server';
import { SqliteStore } from '@louyu/store';
import { ensureWebBuilt } from '@louyu/dashboard-web';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';

const FILE = new URL('./fixtures/yunhu-registry.json', import.meta.url);

let app: FastifyInstance;
let store: SqliteStore;
let browser: BrowserHandle;
let url: string;

beforeAll(async () => {
  const webDist = await ensureWebBuilt();
  const registry = parseRegistry(await readFile(FILE, 'utf8'), 'yunhu-registry.json');
  store = new SqliteStore({ path: ':memory:', retentionIntervalMs: 0 });
  app = await buildApp({
    registry,
    store,
    users: new UserDirectory(await demoUsers(registry)),
    jwtSecret: 'louyu-browser-tests-jwt-secret-0123456789',
    options: { webDist, logger: false },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('dashboard did not report its port');
  url = `http://127.0.0.1:${address.port}`;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

async function signIn(page: Page): Promise<void> {
  await page.fill('input[name=username]', 'district');
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

describe('the web app over another district registry', () => {
  it('names the district, not Heping, from the sign-in page on, and shows its clusters and targets', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/login`);
    await expect.poll(() => page.getByTestId('district-title').innerText()).toContain('云湖新区商务楼宇运行');
    // The page's own name first (issue 20, item 6: announced on navigation), then Louyu and the district.
    await expect.poll(() => page.title()).toBe('登录 · 楼宇 · 云湖新区商务楼宇运行');

    await signIn(page);
    await expect
      .poll(() => page.locator('header').getByTestId('district-title').innerText())
      .toBe('云湖新区商务楼宇运行');
    // The overview is a chunk of its own, loaded after the header: its cluster filter comes a moment later.
    await expect
      .poll(async () => (await page.getByTestId('cluster-filter').locator('option').allInnerTexts()).slice(1))
      .toEqual(['湖滨商务区', '高新科创园']);
    // The district's own plan: 亿元楼宇 base 0 -> target 2 (not Heping's 11 -> 15).
    await expect.poll(() => page.getByTestId('kpi-tax').innerText()).toContain('2');
    expect(await page.getByTestId('kpi-tax').innerText()).not.toContain('15');
    expect(await page.content()).not.toContain('和平区');

    await page.goto(`${url}/buildings`);
    await expect
      .poll(() => page.locator('td.cluster').allInnerTexts())
      .toEqual(expect.arrayContaining(['湖滨商务区', '高新科创园']));
    await browser.screenshot(page, 'district-registry-yunhu');
  });
});
