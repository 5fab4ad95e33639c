// Issue 20 item 6: the dashboard to WCAG 2.1 AA, checked in a real browser (Debian's chromium) with axe-core.
// Every page, for district staff and a property manager, in Chinese and in English: axe reports no serious
// or critical violation. Beside it, what axe cannot see: the page title and focus move on navigation, the
// connection badge is not re-announced every second, the search box and the map can be used without a mouse.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { startWebStack, WEB_USERS, type WebStack, submitLogin } from './harness/web-stack.ts';

let stack: WebStack;
let browser: BrowserHandle;
let axeSource: string;

beforeAll(async () => {
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  stack = await startWebStack();
  browser = await launchBrowser();
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => stack?.close(),
  ),
);

interface Finding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page as it is now; the serious and critical findings for WCAG 2.1 A and AA. */
async function axe(page: Page): Promise<Finding[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy (no inline scripts)
  // does not govern; a <script> tag would be refused, as it should be.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource);
  // A string, not a function: the tests are compiled without the DOM library.
  const findings = await page.evaluate<Finding[]>(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1, 2).join('')),
    }));
  })()`);
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

async function signIn(page: Page, username: string): Promise<void> {
  // The tabs share one browser profile: forget an earlier test's session first.
  await page.goto(`${stack.url}/login`);
  await page.evaluate(`localStorage.removeItem('louyu.session')`);
  await page.reload();
  await submitLogin(page, username);
  await expect.poll(() => page.getByTestId('connection').getAttribute('data-status'), POLL).toBe('connected');
}

async function setLocale(page: Page, locale: 'zh' | 'en'): Promise<void> {
  await page.evaluate(`localStorage.setItem('louyu.locale', '${locale}')`);
  await page.reload();
  await expect.poll(() => page.getByTestId('connection').getAttribute('data-status'), POLL).toBe('connected');
}

/** Opens `path` and waits until its data has arrived (no request in flight, the live socket connected). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${stack.url}${path}`);
  await page.waitForLoadState('networkidle');
  await expect
    .poll(() => page.getByTestId('connection').getAttribute('data-status'), {
      ...POLL,
      message: `${path} live`,
    })
    .toBe('connected');
}

describe('accessibility of every page (axe-core, WCAG 2.1 AA)', () => {
  it('the sign-in page has no serious or critical violation in either language', async () => {
    const page = await browser.newPage();
    for (const locale of ['zh', 'en'] as const) {
      await page.goto(`${stack.url}/login`);
      await page.evaluate(`localStorage.setItem('louyu.locale', '${locale}')`);
      await page.reload();
      await page.waitForLoadState('networkidle');
      expect(await axe(page), `/login (${locale})`).toEqual([]);
    }
    await page.close();
  });

  // One test per user and language, so each stays well inside the test timeout on a busy machine.
  for (const user of [WEB_USERS.district, WEB_USERS.manager, WEB_USERS.admin]) {
    for (const locale of ['zh', 'en'] as const) {
      it(`every page ${user} can open has no serious or critical violation (${locale})`, async () => {
        const page = await browser.newPage();
        await signIn(page, user);
        await setLocale(page, locale);
        const building = user === WEB_USERS.manager ? 'new-world-commercial-tower' : stack.gatewayBuilding;
        const paths = {
          [WEB_USERS.district]: [
            '/',
            '/buildings',
            `/buildings/${building}`,
            '/trends',
            '/shortfalls',
            '/alarms',
            '/reports',
            '/plan',
            '/nowhere',
          ],
          [WEB_USERS.manager]: [`/buildings/${building}`, '/shortfalls', '/alarms', '/reports'],
          // The admins' own pages (issue 20 item 4); the others are the district's, checked above.
          [WEB_USERS.admin]: ['/users', '/audit'],
        }[user];
        const found: Record<string, Finding[]> = {};
        for (const path of paths) {
          await open(page, path);
          const findings = await axe(page);
          if (findings.length > 0) found[path] = findings;
        }
        expect(found).toEqual({});
        await page.close();
      });
    }
  }

  it('in the dark theme (prefers-color-scheme: dark) the district pages have no serious or critical violation', async () => {
    const page = await browser.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn(page, WEB_USERS.district);
    // No theme chosen in the header: the dashboard follows the system's dark preference, charts included.
    await page.evaluate(`localStorage.removeItem('louyu.theme')`);
    const found: Record<string, Finding[]> = {};
    for (const locale of ['zh', 'en'] as const) {
      await setLocale(page, locale);
      // Every district page in Chinese; in English the two that draw charts (the texts' colours are the same).
      const paths =
        locale === 'zh'
          ? [
              '/',
              '/buildings',
              `/buildings/${stack.gatewayBuilding}`,
              '/shortfalls',
              '/alarms',
              '/reports',
              '/plan',
            ]
          : ['/', `/buildings/${stack.gatewayBuilding}`];
      for (const path of paths) {
        await open(page, path);
        expect(await page.evaluate(`document.documentElement.dataset.theme`), path).toBe('dark');
        const findings = await axe(page);
        if (findings.length > 0) found[`${path} (${locale})`] = findings;
      }
    }
    await open(page, '/');
    await expect.poll(() => page.locator('[data-chart-theme=dark]').count(), POLL).toBeGreaterThan(0);
    // The header switch overrides the system and is remembered.
    await page.getByTestId('theme-switch').click();
    await expect.poll(() => page.evaluate(`document.documentElement.dataset.theme`), POLL).toBe('light');
    expect(await page.evaluate(`localStorage.getItem('louyu.theme')`)).toBe('light');
    expect(found).toEqual({});
    await page.close();
  });
});

describe('what axe cannot see', () => {
  it('navigating moves focus to the new page and names it in the document title', async () => {
    const page = await browser.newPage();
    await signIn(page, WEB_USERS.district);
    await setLocale(page, 'zh');
    const titleBefore = await page.title();
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /短板|Shortfalls/ })
      .click();
    await page.waitForURL((url) => url.pathname === '/shortfalls');
    await expect.poll(() => page.title(), POLL).not.toBe(titleBefore);
    expect(await page.title()).toContain('短板');
    // Focus is on the new page's heading (or its main region), not left on the link that was clicked.
    await expect
      .poll(
        () => page.evaluate(`document.activeElement && document.activeElement.closest('main') !== null`),
        POLL,
      )
      .toBe(true);
    await page.close();
  });

  it('the connection badge is not re-announced while nothing changes', async () => {
    const page = await browser.newPage();
    await signIn(page, WEB_USERS.district);
    // A live region (role=status or aria-live) must not contain text that changes every second.
    const liveText = `Array.from(document.querySelectorAll('[role=status],[aria-live]:not([aria-live=off])'))
      .map((e) => e.textContent.trim()).join(' | ')`;
    const first = await page.evaluate(liveText);
    await page.waitForTimeout(2500);
    expect(await page.evaluate(liveText)).toBe(first);
    await page.close();
  });

  it('the building search box has a label, and the map has a keyboard path to each building', async () => {
    const page = await browser.newPage();
    await signIn(page, WEB_USERS.district);
    await setLocale(page, 'en');
    await open(page, '/buildings');
    const search = page.getByRole('searchbox').or(page.getByRole('textbox')).first();
    expect(await search.getAttribute('placeholder')).not.toBeNull();
    // getByLabel finds it only through a <label> or aria-label / aria-labelledby, not a placeholder.
    await expect.poll(() => page.getByLabel(/search/i).count(), POLL).toBeGreaterThan(0);
    await open(page, '/');
    // Beside the map, a list of the buildings with links a keyboard reaches.
    const mapList = page.getByTestId('map-list');
    await expect.poll(() => mapList.getByRole('link').count(), POLL).toBe(stack.registry.buildings.length);
    await page.close();
  });
});
