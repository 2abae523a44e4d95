// Shared set-up of the browser tests: the whole system in-process on a free port with a fresh test
// database and the demo accounts, Debian's Chromium driven by playwright-core (never a downloaded browser),
// console errors collected per page, screenshots to tests/artifacts/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { silentLogger } from '../../app/logger';
import { startWerkroute, type RunningWerkroute } from '../../app/start';
import { loadConfig } from '../../config';
import { DEMO_PASSWORD } from '../../db/demo-seed';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM_PATH);

if (!hasChromium) {
  console.warn(
    `\n*** Browser tests (tests/e2e) did NOT run: no Chromium at ${CHROMIUM_PATH}.\n` +
      '*** Install it with: sudo apt-get update && sudo apt-get install -y chromium   (or set CHROMIUM_PATH)\n',
  );
}

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifactsDir = path.join(rootDir, 'tests', 'artifacts');
export const screenshotsDir = path.join(rootDir, 'docs', 'screenshots');

export { DEMO_PASSWORD };
export const DEMO = {
  team: 'team1@werkroute.example',
  regio: 'regio.am01@werkroute.example',
  wsp: 'wsp.am01@werkroute.example',
  manager: 'manager@werkroute.example',
  beheer: 'beheer@werkroute.example',
};

function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Stack {
  running: RunningWerkroute | undefined;
  url: string;
  browser: Browser;
  stop(): Promise<void>;
}

/** Launches Chromium against E2E_BASE_URL (a stack you started yourself, fresh demo data) or a new in-process stack. */
export async function startStack(name: string): Promise<Stack> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    const browser = await launchChromium();
    return { running: undefined, url: external.replace(/\/$/, ''), browser, stop: () => browser.close() };
  }
  const db: TestDatabase = await createTestDatabase(`e2e_${name}`);
  // Its own data dir: the embedded Temporal server keeps its journal there.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `werkroute-e2e-${name}-`));
  let running: RunningWerkroute | undefined;
  let browser: Browser | undefined;
  try {
    running = await startWerkroute({ ...loadConfig({}), port: 0, databaseUrl: db.url, dataDir }, { logger: silentLogger, demoData: true });
    browser = await launchChromium();
  } catch (err) {
    await running?.stop();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const r = running;
  const b = browser;
  return {
    running: r,
    url: r.url,
    browser: b,
    stop: async () => {
      await b.close().catch(() => undefined);
      await r.stop();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors so far. */
  errors: string[];
  /** Fails when the page logged errors other than the allowed ones (e.g. an intended 400). */
  expectNoConsoleErrors(allow?: RegExp[]): void;
  /** document.documentElement.scrollWidth, to check for horizontal scrolling. */
  scrollWidth(): Promise<number>;
  shot(name: string, opts?: { docs?: boolean; fullPage?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function openPage(stack: Stack, opts: { width?: number; height?: number } = {}): Promise<TestPage> {
  const context = await stack.browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    baseURL: stack.url,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return {
    page,
    context,
    errors,
    expectNoConsoleErrors(allow = []) {
      const left = errors.filter((e) => !allow.some((re) => re.test(e)));
      if (left.length) throw new Error(`console errors on the page:\n${left.join('\n')}`);
    },
    scrollWidth: () => page.evaluate('document.documentElement.scrollWidth') as Promise<number>,
    async shot(name, o = {}) {
      fs.mkdirSync(artifactsDir, { recursive: true });
      const file = path.join(artifactsDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: o.fullPage ?? true });
      // docs/screenshots/ is committed: refreshed only on request, so a test run leaves the work tree clean.
      if (o.docs && process.env.UPDATE_SCREENSHOTS === '1') {
        fs.mkdirSync(screenshotsDir, { recursive: true });
        fs.copyFileSync(file, path.join(screenshotsDir, `${name}.png`));
      }
    },
    close: () => context.close(),
  };
}

/** Signs in through the API (session cookie in the browser context), faster than the form; the form itself has its own test. */
export async function signInFast(tp: TestPage, email: string) {
  const res = await tp.context.request.post('/api/auth/login', { data: { email, wachtwoord: DEMO_PASSWORD } });
  if (!res.ok()) throw new Error(`sign-in as ${email} failed: ${res.status()}`);
  // The app only asks who is signed in when it signed someone in itself (see web/src/auth.tsx).
  await tp.context.addInitScript("localStorage.setItem('werkroute.ingelogd', '1')");
}

export async function signIn(tp: TestPage, email: string) {
  const { page } = tp;
  await page.goto('/inloggen');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/inloggen'));
}

/** Bounded wait for expect.poll (its default of 1 s is too short for a workflow step on a busy CI machine). */
export const WAIT = { timeout: 20_000, interval: 100 };

/** Network logs Chromium prints for an API answer the test expects (e.g. the 400 of the validation test). */
export const expectedStatus = (status: number) => new RegExp(`status of ${status}`);
