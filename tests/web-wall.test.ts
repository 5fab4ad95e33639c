// Issue 20 item 5: the wall display (大屏) in a real browser (Debian's chromium): no header, a clock, and the
// overview, each cluster and the alarms in turn, at the interval the URL gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserHandle } from './harness/browser.ts';
import { stopAll } from './harness/stop-all.ts';
import { POLL } from './harness/until.ts';
import { startWebStack, WEB_USERS, type WebStack, submitLogin } from './harness/web-stack.ts';

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

describe('wall display (/wall)', () => {
  it('shows no header, a clock, and rotates through overview, clusters and alarms every ?every= seconds', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.url}/login`);
    await submitLogin(page, WEB_USERS.district);

    await page.goto(`${stack.url}/wall?every=2`);
    const wall = page.getByTestId('wall');
    await expect.poll(() => wall.getAttribute('data-slide'), POLL).toBe('overview');
    expect(await page.locator('header.top').count()).toBe(0);
    const clock = await page.getByTestId('wall-clock').getAttribute('datetime');
    await expect.poll(() => page.getByTestId('wall-clock').getAttribute('datetime'), POLL).not.toBe(clock);

    // Every slide of the rotation comes up in turn: the district, each cluster (the overview filtered by
    // ?cluster=, so its heading names the cluster), then the alarms.
    const seen = new Set<string>();
    const clusters = stack.registry.clusters.map((c) => `cluster:${c.id}`);
    await expect
      .poll(
        async () => {
          const slide = await wall.getAttribute('data-slide');
          if (slide) seen.add(slide);
          if (slide?.startsWith('cluster:')) {
            expect(new URL(page.url()).searchParams.get('cluster')).toBe(slide.slice('cluster:'.length));
          }
          return [...seen].sort();
        },
        { ...POLL, interval: 250, timeout: 90_000 },
      )
      .toEqual(['alarms', 'overview', ...clusters].sort());
    await page.close();
  });
});
