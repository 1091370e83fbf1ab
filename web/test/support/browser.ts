import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); playwright-core drives it and downloads no browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Headless, and quiet: no call home, no updates, no sync, nothing but loopback traffic. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Chromium with a fresh profile, in a fixed language and time zone (Berlin, an hour ahead of UTC
 * in winter), so what the page shows is known in advance.
 */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'remind-me-web-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
    viewport: { width: 760, height: 560 },
  });
  return {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Bytes on the wire (headers and encoded bodies) of everything the page loads when opened at `url`. */
export async function firstLoadBytes(page: Page, url: string): Promise<{ bytes: number; requests: string[] }> {
  const responses: Promise<{ url: string; size: number }>[] = [];
  const onResponse = (response: import('playwright-core').Response) =>
    responses.push(
      response.request().sizes().then((sizes) => ({ url: response.url(), size: sizes.responseHeadersSize + sizes.responseBodySize })),
    );
  page.on('response', onResponse);
  await page.goto(url, { waitUntil: 'networkidle' });
  page.off('response', onResponse);
  const loaded = await Promise.all(responses);
  return { bytes: loaded.reduce((sum, { size }) => sum + size, 0), requests: loaded.map((r) => new URL(r.url).pathname) };
}

/** Presses Tab until `target` has the focus, as a keyboard user would (at most 30 times). */
export async function tabTo(page: Page, target: import('playwright-core').Locator): Promise<void> {
  for (let presses = 0; presses < 30; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`30 presses of Tab never reached ${target}`);
}

/** Types a due date into the focused date-time input of an en-US browser: month, day, year, then the time. */
export async function typeDue(page: Page, date: { month: string; day: string; year: string; time: string }): Promise<void> {
  await page.keyboard.type(`${date.month}${date.day}${date.year}`);
  await page.keyboard.press('ArrowRight');
  // `0930A`: 09:30 AM.
  await page.keyboard.type(date.time);
}
