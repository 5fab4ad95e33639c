// Drives Debian's chromium (never a downloaded browser) through playwright-core for the browser tests.
// The flags are the ones STACK.md lists: headless without GPU or sandbox, and no background networking,
// which otherwise floods the closed network with refused connections. playwright refuses
// `--user-data-dir` in args, so the profile is a fresh temporary folder given to launchPersistentContext.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where the browser tests save their screenshots (relative to the repository root). */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

/** A running chromium with its own empty profile. */
export interface BrowserHandle {
  context: BrowserContext;
  /** Opens a new tab, sized like the district office's 1366x768 screen unless told otherwise. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** Saves a full-page screenshot as test-results/screenshots/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Closes the browser and removes its profile folder. Call it in afterAll. */
  close(): Promise<void>;
}

/** Options for {@link launchBrowser}. */
export interface LaunchOptions {
  /** The chromium binary; `LOUYU_CHROMIUM` or `/usr/bin/chromium` by default. */
  executablePath?: string;
  /** Browser locale, e.g. `zh-CN` (default). */
  locale?: string;
}

/** Launches headless chromium with a fresh profile in a temporary folder. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserHandle> {
  const profile = await mkdtemp(join(tmpdir(), 'louyu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.executablePath ?? process.env.LOUYU_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 768 },
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return {
    context,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async screenshot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
