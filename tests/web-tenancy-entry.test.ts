// Issue 20, item 3, in a real browser (Debian's chromium): a property manager enters the building's tenancy
// in the web app, sees the API's own message by a field it refuses, and the saved entry appears in the
// building's history and on the district's pages; while the database cannot take it (a backup tool holds
// the SQLite file locked), the form says the entry was not saved.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TenancyHistory, TenancyLive } from '@louyu/core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { startWebStack, WEB_USERS, type WebStack, submitLogin } from './harness/web-stack.ts';

let stack: WebStack;
let managerBrowser: BrowserHandle;
let districtBrowser: BrowserHandle;
let manager: Page;
let district: Page;
/** The manager's building (the demo manager is given the registry's first building). */
let building: string;

const dir = mkdtempSync(join(tmpdir(), 'louyu-web-tenancy-'));
const storePath = join(dir, 'louyu.db');

beforeAll(async () => {
  stack = await startWebStack({ storePath });
  building = stack.gatewayBuilding;
  managerBrowser = await launchBrowser();
  districtBrowser = await launchBrowser();
  manager = await loginAs(managerBrowser, WEB_USERS.manager);
  district = await loginAs(districtBrowser, WEB_USERS.district);
});

afterAll(() =>
  stopAll(
    () => managerBrowser?.close(),
    () => districtBrowser?.close(),
    () => stack?.close(),
    () => rmSync(dir, { recursive: true, force: true }),
  ),
);

async function loginAs(on: BrowserHandle, username: string): Promise<Page> {
  const page = await on.newPage();
  await page.goto(`${stack.url}/login`);
  await page.evaluate(`localStorage.setItem('louyu.locale', 'zh')`);
  await page.goto(`${stack.url}/`);
  await page.waitForURL(/\/login/);
  await submitLogin(page, username);
  return page;
}

/** What the API answers the manager for this body (to compare the form's message with). */
async function apiMessage(body: object): Promise<string> {
  const user = stack.app.users.find(WEB_USERS.manager)!;
  const { token } = stack.app.issueToken(user);
  const reply = await stack.app.inject({
    method: 'POST',
    url: `/api/buildings/${building}/tenancy`,
    payload: body,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(reply.statusCode).toBe(400);
  return reply.json<{ message: string }>().message;
}

async function history(): Promise<TenancyHistory> {
  const user = stack.app.users.find(WEB_USERS.manager)!;
  const { token } = stack.app.issueToken(user);
  const reply = await stack.app.inject({
    url: `/api/buildings/${building}/tenancy`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(reply.statusCode).toBe(200);
  return reply.json<TenancyHistory>();
}

describe("a property manager's tenancy entry in the web app", () => {
  let leasable: number;
  it('offers the form on the building page, filled with the current figures', async () => {
    const detail = (await stack.get(`/api/buildings/${building}`)) as { live: { tenancy: TenancyLive } };
    leasable = detail.live.tenancy.leasable_m2;
    await manager.goto(`${stack.url}/buildings/${building}`);
    const form = manager.getByTestId('tenancy-form');
    await form.waitFor();
    expect(Number(await form.locator('input[name=leasable_m2]').inputValue())).toBe(leasable);
    await manager.getByTestId('tenancy-history').waitFor();
  });

  it("shows the API's message by the field it refuses, and stores nothing", async () => {
    const before = (await history()).entries.length;
    const form = manager.getByTestId('tenancy-form');
    const tooMuch = leasable + 1_000;
    await form.locator('input[name=leased_m2]').fill(String(tooMuch));
    await form.locator('button[type=submit]').click();
    const error = form.getByTestId('tenancy-error-leased_m2');
    await error.waitFor();
    const expected = await apiMessage({
      leasable_m2: leasable,
      leased_m2: tooMuch,
      tenants: 0,
      tenants_by_industry: { trade: 0, tech: 0, finance: 0, culture: 0, other: 0 },
      registered_local: 0,
    });
    expect(expected).toContain('leased_m2');
    expect(await error.innerText()).toBe(expected);
    expect(await form.locator('input[name=leased_m2]').getAttribute('aria-invalid')).toBe('true');

    // Industries that do not add up to the tenants: the API's words, by the industries.
    await form.locator('input[name=leased_m2]').fill(String(Math.round(leasable / 2)));
    await form.locator('input[name=tenants]').fill('50');
    for (const industry of ['trade', 'tech', 'finance', 'culture', 'other']) {
      await form.locator(`input[name=tenants_${industry}]`).fill('1');
    }
    await form.locator('button[type=submit]').click();
    const sum = form.getByTestId('tenancy-error-tenants_by_industry');
    await sum.waitFor();
    expect(await sum.innerText()).toContain('tenants_by_industry must add up to tenants');
    expect(await form.getByTestId('tenancy-error-leased_m2').count()).toBe(0);
    expect((await history()).entries.length).toBe(before);
  });

  it('says the entry was not saved while the database cannot take it, and stores nothing', async () => {
    const before = (await history()).entries.length;
    const form = manager.getByTestId('tenancy-form');
    await form.locator('input[name=tenants]').fill('5');
    await form.locator('input[name=leased_m2]').fill(String(Math.round(leasable / 3)));
    const locker = new Database(storePath);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      await form.locator('button[type=submit]').click();
      const error = form.getByTestId('tenancy-error-form');
      // The store waits out its busy timeout (5 s) before it gives up.
      await error.waitFor({ timeout: 30_000 });
      expect(await error.innerText()).toBe('数据库暂时无法写入，本次填报未保存，请稍后重试。');
    } finally {
      locker.exec('COMMIT');
      locker.close();
    }
    expect((await history()).entries.length).toBe(before);
  });

  it('saves a valid entry: it appears in the history, on the panel and on the district pages', async () => {
    const form = manager.getByTestId('tenancy-form');
    // 42 %: a rate no simulated building report would give by chance.
    const leased = Math.round(leasable * 0.42);
    await form.locator('input[name=leased_m2]').fill(String(leased));
    await form.locator('input[name=tenants]').fill('30');
    const industries = { trade: 12, tech: 8, finance: 5, culture: 3, other: 2 };
    for (const [industry, count] of Object.entries(industries)) {
      await form.locator(`input[name=tenants_${industry}]`).fill(String(count));
    }
    await form.locator('input[name=registered_local]').fill('21');
    await form.locator('input[name=tax_ytd_wan]').fill('1234.5');
    await form.locator('button[type=submit]').click();
    await form.getByTestId('tenancy-saved').waitFor();
    // As the page writes a rate in Chinese: up to one decimal, no trailing zero ("42 %").
    const rate = `${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format((leased / leasable) * 100)} %`;

    // Stored as entered, tax converted from 万元 to CNY.
    const [latest] = (await history()).entries;
    expect(latest).toMatchObject({
      source: 'form',
      leased_m2: leased,
      tenants: 30,
      registered_local: 21,
      tax_ytd_cny: 12_345_000,
    });
    expect(latest!.tenants_by_industry).toEqual(industries);

    // The history on the page shows it first, marked as a web entry.
    const first = manager.getByTestId('tenancy-entry').first();
    await expect.poll(async () => first.innerText(), POLL).toContain('网页填报');
    expect(await first.innerText()).toContain(rate);
    expect(await first.innerText()).toContain(`${leased.toLocaleString('zh-CN')} m²`);
    // The panel's own figure follows.
    await expect.poll(async () => manager.getByTestId('tenancy-rate').innerText(), POLL).toBe(rate);

    // District staff see it in the building list's occupancy column and on the building page.
    await district.goto(`${stack.url}/buildings`);
    const row = district.locator(`tr[data-building="${building}"]`);
    await expect.poll(async () => row.locator('td').nth(4).innerText(), POLL).toBe(rate);
    await district.goto(`${stack.url}/buildings/${building}`);
    await expect.poll(async () => district.getByTestId('tenancy-rate').innerText(), POLL).toBe(rate);
    // District staff may not enter tenancy (the API refuses them): no form for them.
    expect(await district.getByTestId('tenancy-form').count()).toBe(0);
  });
});
