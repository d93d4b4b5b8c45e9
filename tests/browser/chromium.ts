// Finds and launches the system Chromium for browser tests through playwright-core.
// Browser downloads are impossible here, so the tests drive whatever Chromium the machine has.
import { existsSync } from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

/** Paths tried in order after the CHROMIUM_PATH environment variable. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Raised when no Chromium binary can be found; the message says how to install one. */
export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
  constructor(tried: readonly string[]) {
    super(
      `No Chromium found for the browser tests (tried: ${tried.join(', ')}). ` +
        'Install one with `sudo apt-get update && sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
}

/** Returns the Chromium executable to use, honouring CHROMIUM_PATH first. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const tried: string[] = [];
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    tried.push(`CHROMIUM_PATH=${fromEnv}`);
  }
  for (const candidate of CHROMIUM_CANDIDATES) {
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
  }
  throw new ChromiumNotFoundError(tried);
}

/** Chromium flags: WebGPU on SwiftShader, and no background traffic on the closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Launches headless Chromium with the project's flags. Its contexts block the app's service
 * worker unless a test passes `serviceWorkers: 'allow'`: requests a worker answers from its
 * cache never reach `route()` handlers, and precaching the whole build (~35 MB) in every test
 * would only cost time and storage quota. Only the offline tests opt in.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ serviceWorkers: 'block', ...options });
  browser.newPage = (options = {}) => newPage({ serviceWorkers: 'block', ...options });
  return browser;
}

/** A page of a new 1280x900 context, and the errors it logs (console errors and page errors). */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
}

/** Opens a page in a new context (with `options` added) and collects what it logs as errors. */
export async function newWatchedPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  return { context, page, consoleErrors };
}
