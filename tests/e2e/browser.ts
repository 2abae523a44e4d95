// Shared set-up of the browser tests: the whole system in-process on a free port with a fresh test
// database and the demo accounts, Debian's Chromium driven by playwright-core (never a downloaded browser),
// console errors collected per page, screenshots to tests/artifacts/.
import fs from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * Accessibility problems on the page as it is now: axe-core's WCAG 2.2 A/AA rules (a dev dependency;
 * AXE_CORE_PATH may name another axe.min.js), plus a few structural checks of our own: labels, names,
 * references, ids, headings, language.
 */
export async function a11yProblems(page: Page): Promise<string[]> {
  const problems = (await page.evaluate(STRUCTURE_CHECKS)) as string[];
  const axeSource = loadAxe();
  if (axeSource) {
    // Evaluated through the debugging protocol: the app's CSP (script-src 'self') would refuse a script tag.
    await page.evaluate(axeSource);
    const violations = (await page.evaluate(
      "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }).then((r) => r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))",
    )) as string[];
    problems.push(...violations.map((v) => `axe ${v}`));
  }
  return problems;
}

/** Runs in the page (a string: the test project has no DOM types). */
const STRUCTURE_CHECKS = `(() => {
  const out = [];
  const visible = (el) => el.getClientRects().length > 0;
  const byIds = (v) => (v || '').split(/\\s+/).filter(Boolean);
  const name = (el) =>
    (el.getAttribute('aria-label') || '').trim() ||
    byIds(el.getAttribute('aria-labelledby')).map((id) => document.getElementById(id)?.textContent || '').join('').trim() ||
    (el.textContent || '').trim();
  if (!document.documentElement.lang) out.push('html has no lang');
  for (const i of document.querySelectorAll('input, select, textarea')) {
    if (i.type === 'hidden' || i.hidden || !visible(i)) continue;
    if (!i.labels?.length && !i.getAttribute('aria-label') && !i.getAttribute('aria-labelledby')) out.push('unlabelled ' + i.tagName.toLowerCase() + ' ' + i.name);
  }
  for (const el of document.querySelectorAll('button, a[href], [role="button"]'))
    if (visible(el) && !name(el)) out.push(el.tagName.toLowerCase() + ' without a name: ' + el.outerHTML.slice(0, 80));
  for (const attr of ['aria-describedby', 'aria-labelledby', 'aria-controls', 'for'])
    for (const el of document.querySelectorAll('[' + attr + ']'))
      for (const id of byIds(el.getAttribute(attr))) if (!document.getElementById(id)) out.push(attr + ' points to missing #' + id);
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) out.push('id ' + id + ' used ' + n + ' times');
  const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible).map((h) => Number(h.tagName[1]));
  const h1 = levels.filter((l) => l === 1).length;
  if (h1 !== 1) out.push(h1 + ' h1 headings');
  levels.forEach((l, i) => { if (i > 0 && l > levels[i - 1] + 1) out.push('heading level jumps from h' + levels[i - 1] + ' to h' + l); });
  for (const img of document.querySelectorAll('img:not([alt])')) out.push('img without alt: ' + img.getAttribute('src'));
  return out;
})()`;

let axeCache: string | null | undefined;
function loadAxe(): string | null {
  if (axeCache !== undefined) return axeCache;
  let file = process.env.AXE_CORE_PATH;
  if (!file) {
    try {
      file = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    } catch {
      /* not installed: the structural checks above still run */
    }
  }
  axeCache = file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  return axeCache;
}
