// Live alarm lists that are true (issue 19, item 3), in real browsers (two chromium profiles, two users at
// once): an elevator fault appears in district staff's and the building manager's alarm lists without a
// reload, one user's acknowledgement appears in the other's list within seconds (the manager has no
// district room, so it reaches them by the alarm push alone), and the overview's alarm count, the nav
// badge and the list agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmList, BuildingReply } from '@louyu/core';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { startWebStack, WEB_USERS, type WebStack, submitLogin } from './harness/web-stack.ts';

let stack: WebStack;
const browsers: BrowserHandle[] = [];

beforeAll(async () => {
  stack = await startWebStack();
  browsers.push(await launchBrowser(), await launchBrowser());
});
afterAll(() => stopAll(...browsers.map((b) => () => b.close()), () => stack?.close()));

async function loginAs(browser: BrowserHandle, username: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${stack.url}/login`);
  await submitLogin(page, username);
  return page;
}

describe('alarm lists pushed live to every user who may see them', () => {
  it("shows a new alarm and another user's acknowledgement without a reload, manager included", async () => {
    const staff = await loginAs(browsers[0]!, WEB_USERS.district);
    const manager = await loginAs(browsers[1]!, WEB_USERS.manager);
    // Both on the alarm list, loaded once: from here on only pushes can change it.
    await staff.goto(`${stack.url}/alarms`);
    await manager.goto(`${stack.url}/alarms`);
    for (const page of [staff, manager])
      await expect
        .poll(() => page.getByTestId('connection').getAttribute('data-status'), POLL)
        .toBe('connected');
    const navigations: string[] = [];
    for (const page of [staff, manager]) page.on('framenavigated', (frame) => navigations.push(frame.url()));

    await stack.publish('elevator', 'car-push', {
      ts: Date.now(),
      state: 'fault',
      floor: 4,
      load_pct: 0,
      trips: 0,
      door_cycles: 0,
      wait_s: 0,
      fault: 'E17',
    });
    const carPush = async (): Promise<string | undefined> => {
      const reply = (await stack.get(`/api/buildings/${stack.gatewayBuilding}`)) as BuildingReply;
      return reply.live.elevators.find((e) => e.device === 'car-push')?.state;
    };
    await expect
      .poll(carPush, { ...POLL, message: 'the fault reading to reach the dashboard' })
      .toBe('fault');
    stack.advanceClock(31_000); // past the elevator_fault debounce: raised at the next tick

    const rowOf = (page: Page) => page.locator('tr[data-alarm*="car-push"]').first();
    for (const page of [staff, manager])
      await expect.poll(() => rowOf(page).getAttribute('data-state'), POLL).toBe('active');

    await rowOf(staff).getByTestId('ack').click();
    await expect.poll(() => rowOf(manager).getAttribute('data-state'), POLL).toBe('acknowledged');
    expect(await rowOf(manager).innerText()).toContain(WEB_USERS.district);
    expect(navigations).toEqual([]); // no reload on either page
    await browsers[1]!.screenshot(manager, 'alarm-push-manager');
  });

  it('shelves an alarm from the list: shown shelved to both users, and in its history with who', async () => {
    const staff = await loginAs(browsers[0]!, WEB_USERS.district);
    const manager = await loginAs(browsers[1]!, WEB_USERS.manager);
    await staff.goto(`${stack.url}/alarms`);
    await manager.goto(`${stack.url}/alarms`);
    const rowOf = (page: Page) => page.locator('tr[data-alarm*="car-push"]').first();
    await rowOf(manager).waitFor({ timeout: 20_000 });

    // The manager shelves the car for 2 hours (the default), giving a reason.
    await rowOf(manager).getByTestId('more').click();
    const drawer = manager.getByTestId('alarm-drawer');
    await drawer.getByTestId('shelve-reason').fill('更换门机 door motor');
    await drawer.getByTestId('shelve').click();
    for (const page of [manager, staff]) {
      await expect.poll(() => rowOf(page).getAttribute('data-shelved'), POLL).toBe('true');
      expect(await rowOf(page).getByTestId('shelved').innerText()).toContain('已搁置至');
    }
    await expect
      .poll(() => drawer.locator('[data-testid=alarm-history-of] li[data-event=shelved]').innerText(), POLL)
      .toContain('manager');
    await browsers[1]!.screenshot(manager, 'alarm-shelved-manager');
  });

  it('shows a read-only viewer (a wall display account) the alarms, with nothing to press', async () => {
    // The admin adds the account, as on the 用户 Users page.
    const inject = (method: 'POST', url: string, payload: object, token?: string) =>
      stack.app.inject({
        method,
        url,
        payload,
        ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      });
    const admin = await inject('POST', '/api/auth/login', {
      username: WEB_USERS.admin,
      password: WEB_USERS.password,
    });
    const created = await inject(
      'POST',
      '/api/users',
      { username: 'wall', role: 'viewer', password: 'wall-display-1' },
      admin.json<{ token: string }>().token,
    );
    expect(created.statusCode, created.body).toBe(200);

    await stack.publish('elevator', 'car-viewer', {
      ts: Date.now(),
      state: 'fault',
      floor: 2,
      load_pct: 0,
      trips: 0,
      door_cycles: 0,
      wait_s: 0,
      fault: 'E21',
    });
    stack.advanceClock(31_000);
    const staff = await loginAs(browsers[0]!, WEB_USERS.district);
    const viewer = await browsers[1]!.newPage();
    await viewer.goto(`${stack.url}/login`);
    await submitLogin(viewer, 'wall', 'wall-display-1');
    const rowOf = (page: Page) => page.locator('tr[data-alarm*="car-viewer"]').first();
    for (const page of [staff, viewer]) {
      await page.goto(`${stack.url}/alarms`);
      await expect.poll(() => rowOf(page).getAttribute('data-state'), POLL).toBe('active');
    }
    // District staff may acknowledge; the viewer sees the same alarm without the button or the workflow.
    expect(await rowOf(staff).getByTestId('ack').count()).toBe(1);
    expect(await rowOf(viewer).getByTestId('ack').count()).toBe(0);
    await rowOf(viewer).getByTestId('more').click();
    expect(await viewer.getByTestId('alarm-drawer').getByTestId('assign').count()).toBe(0);
    expect(await viewer.getByTestId('alarm-drawer').getByTestId('shelve').count()).toBe(0);
  });

  it('counts the same alarms on the overview, in the nav badge and in the list', async () => {
    const page = await loginAs(browsers[0]!, WEB_USERS.district);
    const list = async () => (await stack.get('/api/alarms')) as AlarmList;
    await page.goto(`${stack.url}/`);
    // The overview's figure is the list's own count, and its note the unacknowledged ones.
    await expect
      .poll(async () => Number(await page.getByTestId('kpi-alarms-count').innerText()), POLL)
      .toBe((await list()).active.length);
    const unacknowledged = (await list()).active.filter((a) => a.state === 'active').length;
    const badge = page.getByTestId('nav-alarm-count');
    if (unacknowledged === 0) expect(await badge.count()).toBe(0);
    else await expect.poll(async () => Number(await badge.innerText()), POLL).toBe(unacknowledged);

    await page.click('a[href="/alarms"]');
    await expect
      .poll(() => page.locator('[data-testid=alarm-table] tbody tr').count(), POLL)
      .toBe((await list()).active.length);
    await expect
      .poll(() => page.locator('[data-testid=alarm-table] tbody tr[data-state=active]').count(), POLL)
      .toBe(unacknowledged);
  });
});
