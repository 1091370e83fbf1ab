import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Quiet: no call home, no updates, no sync, nothing but loopback traffic. */
const QUIET = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The flags of @sparticuz/chromium that switch the same-origin and mixed-content rules off: the
 * page is tested under the rules every user's browser applies.
 */
const INSECURE = ['--disable-web-security', '--allow-running-insecure-content'];

interface Launch {
  executablePath: string;
  args: string[];
  env: Record<string, string | undefined>;
}

/**
 * The browser the tests drive: `CHROMIUM_PATH` when set (a Chromium of the machine's, such as
 * Debian's `/usr/bin/chromium`), otherwise the headless Chromium that the npm package
 * @sparticuz/chromium carries, so that `npm ci` is all a machine needs.
 */
function browserToLaunch(): Launch {
  const system = process.env.CHROMIUM_PATH;
  if (system) return { executablePath: system, args: ['--headless', '--no-sandbox', '--disable-gpu', ...QUIET], env: process.env };
  const dir = unpackedChromium();
  const packageArgs = JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as string[];
  return {
    executablePath: join(dir, 'chromium'),
    args: [...packageArgs.filter((arg) => !INSECURE.includes(arg)), ...QUIET],
    // The libraries it links beyond glibc (NSS, expat) and its fonts come with it, so that no
    // system package is needed.
    env: { ...process.env, LD_LIBRARY_PATH: join(dir, 'al2023', 'lib'), FONTCONFIG_PATH: join(dir, 'fonts') },
  };
}

/**
 * The package's Chromium, fonts and libraries (brotli archives) unpacked once per install, next
 * to the package in node_modules/.cache, and the flags it recommends. The package unpacks into
 * the temporary directory: a fresh one for each unpacking, renamed into place once complete, so
 * that an interrupted or concurrent run never leaves a half-written browser behind.
 */
function unpackedChromium(): string {
  const packageDir = join(dirname(require.resolve('@sparticuz/chromium')), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const cache = join(packageDir, '..', '..', '.cache');
  const dir = join(cache, `sparticuz-chromium-${version}`);
  if (existsSync(dir)) return dir;
  mkdirSync(cache, { recursive: true });
  const partial = mkdtempSync(join(cache, 'sparticuz-chromium-partial-'));
  // An ES module, which jest's CommonJS loader cannot require: unpacked by a Node process of its own.
  const unpack = `
    import chromium, { inflate } from '@sparticuz/chromium';
    import { writeFileSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    await chromium.executablePath();
    await inflate(fileURLToPath(new URL('../bin/al2023.tar.br', import.meta.resolve('@sparticuz/chromium'))));
    writeFileSync(process.env.TMPDIR + '/args.json', JSON.stringify(chromium.args));`;
  execFileSync(process.execPath, ['--input-type=module', '-e', unpack], { cwd: packageDir, env: { ...process.env, TMPDIR: partial } });
  // The package's fonts.conf names the directories of a serverless function; this one names its own.
  writeFileSync(join(partial, 'fonts', 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${join(dir, 'fonts', 'fonts')}</dir>` +
    `<cachedir>${join(dir, 'fonts', 'cache')}</cachedir></fontconfig>\n`);
  try {
    renameSync(partial, dir);
  } catch (err) {
    // Another run unpacked it first.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(dir)) throw err;
  }
  return dir;
}

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
    ...browserToLaunch(),
    headless: true,
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
