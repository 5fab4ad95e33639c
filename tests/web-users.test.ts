// Issue 20 item 4, in a real browser (Debian's chromium): an admin adds a property manager in the web app,
// the manager signs in and sees only their building; the admin disables them and their open session is
// refused; the audit log lists the sign-ins, the failed sign-in and the user's creation. Two browsers,
// since one profile keeps one session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { startWebStack, submitLogin, WEB_USERS, type WebStack } from './harness/web-stack.ts';

let stack: WebStack;
let adminBrowser: BrowserHandle;
let userBrowser: BrowserHandle;

beforeAll(async () => {
  stack = await startWebStack();
  adminBrowser = await launchBrowser();
  userBrowser = await launchBrowser();
});

afterAll(() =>
  stopAll(
    () => adminBrowser?.close(),
    () => userBrowser?.close(),
    () => stack?.close(),
  ),
);

const NEW_USER = 'zhang.wei';
const NEW_PASSWORD = 'tower-two-2025';

async function signIn(page: Page, username: string, password?: string): Promise<void> {
  await page.goto(`${stack.url}/login`);
  await page.evaluate(`localStorage.setItem('louyu.locale', 'zh')`);
  await page.reload();
  await submitLogin(page, username, password);
}

describe('users and the audit log in the web app', () => {
  let admin: Page;
  let manager: Page;
  let building: { id: string; name: string };

  it('an admin adds a property manager for one building', async () => {
    // Not the demo manager's building, so what the new user sees is theirs alone.
    const second = stack.registry.buildings[1]!;
    building = { id: second.id, name: second.name.zh };
    admin = await adminBrowser.newPage();
    await signIn(admin, WEB_USERS.admin);
    await admin.getByRole('navigation').getByRole('link', { name: '用户' }).click();
    await admin.waitForURL((url) => url.pathname === '/users');
    await admin.getByTestId('users-add').click();
    await admin.getByLabel('用户名').fill(NEW_USER);
    await admin.getByLabel('姓名').fill('张伟');
    await admin.getByLabel('角色').selectOption('manager');
    await admin.getByLabel('负责楼宇').selectOption(building.id);
    await admin.getByLabel('密码').fill(NEW_PASSWORD);
    await admin.getByTestId('users-save').click();
    const row = admin.locator(`[data-testid=users-row][data-username="${NEW_USER}"]`);
    await expect.poll(() => row.count(), POLL).toBe(1);
    expect(await row.textContent()).toContain(building.name);
  });

  it('the new manager signs in (after one wrong password) and sees only their building', async () => {
    manager = await userBrowser.newPage();
    await manager.goto(`${stack.url}/login`);
    await manager.fill('input[name=username]', NEW_USER);
    await manager.fill('input[name=password]', 'not-the-password');
    await manager.click('button[type=submit]');
    await expect.poll(() => manager.getByRole('alert').count(), POLL).toBeGreaterThan(0);
    await submitLogin(manager, NEW_USER, NEW_PASSWORD);
    // One building: they land on it, and their list holds only it.
    await manager.waitForURL((url) => url.pathname === `/buildings/${building.id}`);
    await manager.goto(`${stack.url}/buildings`);
    await expect.poll(() => manager.locator('[data-testid=building-table] tbody tr').count(), POLL).toBe(1);
    expect(await manager.locator('[data-testid=building-table] tbody').textContent()).toContain(
      building.name,
    );
    // Managing users is for admins: no link to it.
    expect(await manager.getByRole('navigation').getByRole('link', { name: '用户' }).count()).toBe(0);
  });

  it('the admin disables the manager, and their open session is refused', async () => {
    admin.once('dialog', (dialog) => void dialog.accept());
    await admin
      .locator(`[data-testid=users-row][data-username="${NEW_USER}"]`)
      .getByTestId('users-toggle')
      .click();
    await expect
      .poll(() => admin.locator(`[data-testid=users-row][data-username="${NEW_USER}"]`).textContent(), POLL)
      .toContain('已停用');
    // Their next request is refused: the app drops the session and shows the sign-in page.
    await manager.reload();
    await manager.waitForURL((url) => url.pathname.startsWith('/login'));
  });

  it('the audit log lists the sign-ins, the failed sign-in and the creation', async () => {
    await admin.getByRole('navigation').getByRole('link', { name: '审计日志' }).click();
    await admin.waitForURL((url) => url.pathname === '/audit');
    const rows = admin.getByTestId('audit-row');
    await expect.poll(() => rows.count(), POLL).toBeGreaterThan(0);
    const lines = async (): Promise<string[]> =>
      (await rows.allTextContents()).map((text) => text.replace(/\s+/g, ' '));
    const has = (all: string[], action: string, actor: string) =>
      all.some((line) => line.includes(action) && line.includes(actor));
    const all = await lines();
    expect(has(all, '登录', WEB_USERS.admin), all.join('\n')).toBe(true);
    expect(has(all, '登录失败', NEW_USER), all.join('\n')).toBe(true);
    expect(has(all, '添加用户', NEW_USER), all.join('\n')).toBe(true);
    expect(has(all, '停用用户', NEW_USER), all.join('\n')).toBe(true);
    // Filtered to failed sign-ins only.
    await admin.getByLabel('操作').selectOption('login.failed');
    await admin.getByRole('button', { name: '查询' }).click();
    const actions = async (): Promise<Set<string | null>> =>
      new Set(
        await Promise.all(
          (await admin.getByTestId('audit-row').all()).map((r) => r.getAttribute('data-action')),
        ),
      );
    await expect.poll(actions, POLL).toEqual(new Set(['login.failed']));
  });
});
