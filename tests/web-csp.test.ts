// Issue 15 item 7: the dashboard's Content-Security-Policy, in a real browser (Debian's chromium). Every
// page of the web app, its charts and its live socket (a WebSocket), and the OpenAPI UI at /docs load with
// no CSP violation: the browser reports each one as a `securitypolicyviolation` event and a console error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { startWebStack, WEB_USERS, type WebStack } from './harness/web-stack.ts';

let stack: WebStack;
let browser: BrowserHandle;

beforeAll(async () => {
  stack = await startWebStack();
  browser = await launchBrowser();
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => stack?.close(),
  ),
);

interface Watched {
  page: Page;
  /** CSP violations the page reported (directive and blocked URI), and console errors mentioning CSP. */
  violations: string[];
  /** URLs of the WebSockets the page opened. */
  websockets: string[];
}

async function watchedPage(): Promise<Watched> {
  const page = await browser.newPage();
  const violations: string[] = [];
  const websockets: string[] = [];
  await page.exposeFunction('__louyuViolation', (text: string) => violations.push(text));
  // A string, not a function: the tests are compiled without the DOM library.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      window.__louyuViolation(e.violatedDirective + ' blocked ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')'));`,
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      violations.push(`console: ${message.text()}`);
  });
  page.on('websocket', (ws) => websockets.push(ws.url()));
  return { page, violations, websockets };
}

describe('Content-Security-Policy in the browser', () => {
  it('is sent with the web app', async () => {
    const { page } = await watchedPage();
    const response = await page.goto(`${stack.url}/login`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.close();
  });

  it('lets every page of the web app, its charts and its live WebSocket work', async () => {
    const { page, violations, websockets } = await watchedPage();
    await page.goto(`${stack.url}/login`);
    await page.fill('input[name=username]', WEB_USERS.district);
    await page.fill('input[name=password]', WEB_USERS.password);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await expect
      .poll(() => page.getByTestId('connection').getAttribute('data-status'), POLL)
      .toBe('connected');
    await expect.poll(() => page.getByTestId('kpi-buildings').innerText(), POLL).toContain('89');
    for (const path of ['/buildings', '/shortfalls', '/alarms', '/reports']) {
      await page.goto(`${stack.url}${path}`);
      await page.waitForLoadState('networkidle');
    }
    // The building page draws its energy chart (echarts styles its tooltip and canvas inline).
    await page.goto(`${stack.url}/buildings/${stack.gatewayBuilding}`);
    await page.getByTestId('energy').waitFor();
    await expect.poll(() => page.locator('canvas').count(), POLL).toBeGreaterThan(0);
    const canvas = page.locator('canvas').first();
    await canvas.hover();
    await expect
      .poll(() => page.getByTestId('connection').getAttribute('data-status'), POLL)
      .toBe('connected');
    expect(websockets.some((url) => url.includes('/socket.io/') && url.includes('transport=websocket'))).toBe(
      true,
    );
    expect(violations).toEqual([]);
    await page.close();
  });

  it('lets the OpenAPI UI at /docs work', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${stack.url}/docs`);
    await expect.poll(() => page.locator('.opblock').count(), POLL).toBeGreaterThan(5);
    expect(violations).toEqual([]);
    await page.close();
  });
});
