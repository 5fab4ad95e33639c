// Suite 6, dashboard: what a district officer's browser pays for the overview. Debian's chromium (through
// playwright-core) opens the overview of a 1,000-building district served by Louyu's dashboard server; the
// page's own performance clock times the navigation until the building count is painted, and the main
// thread's busy share is measured over a window while the district's live readings flow (its real-time
// rate, pushed in-process into the server, reaching the page as coalesced socket.io deltas). Baselines in
// the same run: Heping's 89 buildings with their own real-time traffic, and each page with no updates.
import type { CDPSession, Page } from 'playwright-core';
import { ensureWebBuilt } from '@louyu/dashboard-web';
import { launchBrowser, type BrowserHandle } from '../../tests/harness/browser.ts';
import { forkChild, type BenchChild } from '../lib/child.ts';
import type { LiveResult, StartResult } from '../lib/children/dashboard-host.ts';
import { pageProbe, type ProbeState } from '../lib/page-probe.ts';
import { ProcSampler } from '../lib/proc.ts';
import { compared, type Figure, type Suite, type SuiteContext } from '../lib/result.ts';
import { median, sleep } from '../lib/stats.ts';

const LARGE = 1000;

interface WindowResult {
  /** Main-thread task time over the window, percent of the window (chromium's own accounting). */
  busyPct: number;
  /** Time in long tasks (over 50 ms) over the window, percent, from the page's PerformanceObserver. */
  longTaskPct: number;
  longTasks: number;
  longestMs: number;
  /** socket.io frames the page received, and their bytes. */
  frames: number;
  frameBytes: number;
  serverCpuPct: number;
  /** Live readings pushed into the server per second (0 when idle). */
  pushedPerS: number;
  windowMs: number;
}

interface PageResult {
  buildings: number;
  label: string;
  marks: NavigationMarks[];
  realTimeRate: number;
  idle: WindowResult;
  live: WindowResult;
  jsHeapMiB: number;
}

async function taskSeconds(cdp: CDPSession): Promise<{ task: number; heap: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { task: get('TaskDuration'), heap: get('JSHeapUsedSize') };
}

interface NavigationMarks {
  rendered: number;
  live: number;
  dcl: number;
  /**
   * When the directory the overview is drawn from (GET /api/registry/buildings; before it, the registry
   * and live list GET /api/buildings) finished, its body size, and the bytes that crossed the wire for it
   * (a few hundred when the browser's copy was current: 304).
   */
  listEnd: number;
  listBytes: number;
  listTransfer: number;
}

/**
 * Waits until `expression` holds in the page, checking every 100 ms. Not page.waitForFunction: it runs a
 * string predicate with eval inside the page, which the dashboard's Content-Security-Policy (script-src
 * 'self', no 'unsafe-eval') refuses; page.evaluate goes through the DevTools protocol, outside the policy.
 */
async function waitInPage(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`the page never had ${expression} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Loads the overview in a fresh document and waits for the probe's marks. */
async function navigate(page: Page, url: string): Promise<NavigationMarks> {
  await page.goto(`${url}/`);
  await waitInPage(page, 'window.__louyuBench?.rendered != null && window.__louyuBench?.live != null');
  return page.evaluate(`(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const paths = ['/api/registry/buildings', '/api/buildings'];
    const list = performance.getEntriesByType('resource').find((e) => paths.includes(new URL(e.name).pathname));
    return {
      rendered: window.__louyuBench.rendered,
      live: window.__louyuBench.live,
      dcl: nav ? nav.domContentLoadedEventEnd : NaN,
      listEnd: list ? list.responseEnd : NaN,
      listBytes: list ? list.decodedBodySize : NaN,
      listTransfer: list ? list.transferSize : NaN,
    };
  })()`);
}

/** Busy share of the page's main thread over `ms`, with `rate` live readings per second pushed meanwhile. */
async function busyWindow(
  page: Page,
  cdp: CDPSession,
  host: BenchChild,
  frames: { count: number; bytes: number },
  rate: number,
  ms: number,
): Promise<WindowResult> {
  const sampler = new ProcSampler({ server: host.pid });
  if (rate > 0) {
    await host.call('live', { rate });
    // Let the first coalesced deltas arrive before the window opens.
    await sleep(ms < 5000 ? 500 : 1000);
  }
  const t0 = await page.evaluate<number>('performance.now()');
  const before = await taskSeconds(cdp);
  const frames0 = { ...frames };
  sampler.start();
  await sleep(ms);
  const after = await taskSeconds(cdp);
  const t1 = await page.evaluate<number>('performance.now()');
  const usage = sampler.stop();
  const pushed = rate > 0 ? await host.call<LiveResult>('quiet') : { pushed: 0, elapsedMs: 1 };
  // Long tasks are reported after they end: give the observer a moment.
  await sleep(200);
  const tasks = await page.evaluate<ProbeState['longTasks']>('window.__louyuBench.longTasks');
  let inWindow = 0;
  let count = 0;
  let longest = 0;
  for (const [start, duration] of tasks) {
    const overlap = Math.min(t1, start + duration) - Math.max(t0, start);
    if (overlap <= 0) continue;
    inWindow += overlap;
    count++;
    longest = Math.max(longest, duration);
  }
  const windowMs = t1 - t0;
  return {
    busyPct: ((after.task - before.task) * 1000 * 100) / windowMs,
    longTaskPct: (inWindow * 100) / windowMs,
    longTasks: count,
    longestMs: longest,
    frames: frames.count - frames0.count,
    frameBytes: frames.bytes - frames0.bytes,
    serverCpuPct: usage.server?.cpuPct ?? Number.NaN,
    pushedPerS: (pushed.pushed * 1000) / pushed.elapsedMs,
    windowMs,
  };
}

/** Measures the overview of the district `host` was started with (`started`); stops the server at the end. */
async function measurePage(
  browser: BrowserHandle,
  host: BenchChild,
  started: StartResult,
  ctx: SuiteContext,
): Promise<PageResult> {
  const label = `${started.buildings.toLocaleString('en-US')} buildings`;
  ctx.log(`dashboard: ${label}, primed with ${started.primed} readings`);
  const page = await browser.newPage();
  try {
    await page.addInitScript({ content: pageProbe(started.buildings) });
    const frames = { count: 0, bytes: 0 };
    page.on('websocket', (ws) =>
      ws.on('framereceived', (frame) => {
        frames.count++;
        frames.bytes +=
          typeof frame.payload === 'string' ? Buffer.byteLength(frame.payload) : frame.payload.length;
      }),
    );
    // Sign in through the login form as district staff; the session stays in the page's storage.
    await page.goto(`${started.url}/login`);
    await page.fill('input[name=username]', started.username);
    await page.fill('input[name=password]', started.password);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await waitInPage(page, 'window.__louyuBench?.rendered != null');

    // Warm navigations (the app's files are cached from the sign-in, as for an officer who comes back).
    const marks: NavigationMarks[] = [];
    for (let i = 0; i < (ctx.quick ? 2 : 5); i++) marks.push(await navigate(page, started.url));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await sleep(500);
    const windowMs = ctx.quick ? 2500 : 8000;
    const rate = Math.round(started.realTimeRate);
    ctx.log(`dashboard: ${label}, idle window`);
    const idle = await busyWindow(page, cdp, host, frames, 0, windowMs);
    ctx.log(`dashboard: ${label}, live window at ${rate} readings/s`);
    const live = await busyWindow(page, cdp, host, frames, rate, windowMs);
    const { heap } = await taskSeconds(cdp);
    await cdp.detach();
    return {
      buildings: started.buildings,
      label,
      marks,
      realTimeRate: started.realTimeRate,
      idle,
      live,
      jsHeapMiB: heap / 1024 ** 2,
    };
  } finally {
    await page.close();
    await host.call('stop');
  }
}

function windowNote(w: WindowResult): string {
  const kib = w.frameBytes / 1024 / (w.windowMs / 1000);
  return (
    `long tasks ${w.longTasks} (longest ${Math.round(w.longestMs)} ms); ` +
    `socket.io ${w.frames} frames, ${kib.toFixed(1)} KiB/s; server CPU ${Math.round(w.serverCpuPct)}%`
  );
}

function figures(large: PageResult, small: PageResult): Figure[] {
  const out: Figure[] = [];
  const render = (r: PageResult): Figure => {
    const mid = (pick: (m: NavigationMarks) => number) => Math.round(median(r.marks.map(pick)));
    return {
      suite: 'dashboard',
      case: 'overview: time to first render',
      subject: r.label,
      metric: 'median',
      value: median(r.marks.map((m) => m.rendered)),
      unit: 'ms',
      note:
        `n=${r.marks.length} warm navigations; DOMContentLoaded ${mid((m) => m.dcl)} ms, ` +
        `building directory (${(mid((m) => m.listBytes) / 1024).toFixed(0)} KiB, ` +
        `${(mid((m) => m.listTransfer) / 1024).toFixed(1)} KiB transferred) done ${mid((m) => m.listEnd)} ms, ` +
        `live figures ${mid((m) => m.live)} ms; JS heap ${r.jsHeapMiB.toFixed(0)} MiB`,
    };
  };
  const smallRender = render(small);
  out.push(compared(render(large), smallRender), smallRender);

  const subject = (r: PageResult, live: boolean) =>
    live ? `${r.label}, live ${Math.round(r.realTimeRate).toLocaleString('en-US')}/s` : `${r.label}, idle`;
  for (const [metric, pick] of [
    ['main thread busy', (w: WindowResult) => w.busyPct],
    ['in long tasks', (w: WindowResult) => w.longTaskPct],
  ] as const) {
    const row = (r: PageResult, live: boolean): Figure => {
      const w = live ? r.live : r.idle;
      return {
        suite: 'dashboard',
        case: `overview: main thread over ${Math.round((w.windowMs / 1000) * 2) / 2} s`,
        subject: subject(r, live),
        metric,
        value: pick(w),
        unit: '%',
        ...(metric === 'main thread busy' ? { note: windowNote(w) } : {}),
      };
    };
    const largeIdle = row(large, false);
    const smallLive = row(small, true);
    const smallIdle = row(small, false);
    out.push(
      compared(row(large, true), largeIdle, smallLive),
      largeIdle,
      compared(smallLive, smallIdle),
      smallIdle,
    );
  }
  return out;
}

async function run(ctx: SuiteContext): Promise<Figure[]> {
  ctx.log('dashboard: building the web app if it is stale, starting the server and chromium');
  // The server (with its 1,000-building district primed) and chromium start together.
  const webDist = ensureWebBuilt();
  const host = forkChild('dashboard-host');
  const [server, browser] = await Promise.allSettled([
    (async () => {
      const child = await host;
      return child.call<StartResult>('start', { buildings: LARGE, webDist: await webDist });
    })(),
    launchBrowser(),
  ]);
  try {
    if (server.status === 'rejected') throw server.reason;
    if (browser.status === 'rejected') throw browser.reason;
    const large = await measurePage(browser.value, await host, server.value, ctx);
    const heping = await (
      await host
    ).call<StartResult>('start', { buildings: 'heping', webDist: await webDist });
    const small = await measurePage(browser.value, await host, heping, ctx);
    return figures(large, small);
  } finally {
    if (browser.status === 'fulfilled') await browser.value.close();
    await (await host.catch(() => undefined))?.close();
  }
}

export const dashboardSuite: Suite = {
  name: 'dashboard',
  description:
    "overview time to first render and the browser main thread's busy share under live updates: a 1,000-building district vs Heping's 89, live vs idle (chromium, performance API)",
  run,
};
