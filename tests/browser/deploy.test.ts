// Browser test of a static deploy under a sub-path (a project page such as /mmhs/): the same
// build, served by a plain static server mounting it at /mmhs/, loads, keeps every request under
// the sub-path, registers its service worker there, offers a new version without forcing it (and
// waits for a running run before reloading), and works offline after the visit.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { launchChromium } from './chromium';

const BASE = '/mmhs/';

describe('static deploy under a sub-path', () => {
  let dir: string;
  let server: PreviewServer;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // A copy of the build: the update test changes it on disk like a new deploy would.
    dir = mkdtempSync(join(tmpdir(), 'mmhs-subpath-'));
    cpSync(inject('distDir'), dir, { recursive: true });
    server = await preview({
      configFile: false,
      logLevel: 'warn',
      base: BASE,
      build: { outDir: dir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const address = server.httpServer.address();
    if (!address || typeof address === 'string') throw new Error('Preview server has no port.');
    origin = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      serviceWorkers: 'allow',
    });
    context.on('request', (request) => {
      if (request.url().startsWith(origin)) requested.push(new URL(request.url()).pathname);
    });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads at the sub-path and registers its service worker there', async () => {
    await page.goto(`${origin}${BASE}`);
    await page.getByRole('heading', { level: 1, name: 'Experiments' }).waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
    });
    const registration = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return { scope: r?.scope, script: r?.active?.scriptURL };
    });
    expect(registration).toEqual({ scope: `${origin}${BASE}`, script: `${origin}${BASE}sw.js` });
    const manifest = await page.evaluate(
      () => document.querySelector<HTMLLinkElement>('link[rel="manifest"]')?.href,
    );
    expect(manifest).toBe(`${origin}${BASE}manifest.webmanifest`);
    // Workers start from the sub-path too (Settings starts the WebLLM worker).
    await page.goto(`${origin}${BASE}#/settings`);
    await page.getByTestId('webllm-section').waitFor();
    await expect
      .poll(() => requested.some((p) => /^\/mmhs\/assets\/webllm\.worker-[\w-]+\.js$/.test(p)), {
        timeout: 30_000,
      })
      .toBe(true);
    expect(requested.filter((p) => !p.startsWith(BASE))).toEqual([]);
  });

  it('offers a new version, and waits for a running run before reloading into it', async () => {
    // A new deploy: the service worker script changed on the server.
    const sw = join(dir, 'sw.js');
    writeFileSync(sw, `${readFileSync(sw, 'utf8')}\n// next deploy\n`);
    await page.evaluate(() => {
      (window as unknown as { beforeUpdate: boolean }).beforeUpdate = true;
    });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.getByTestId('update-prompt');
    await prompt.waitFor({ timeout: 60_000 });
    await expect(prompt.getAttribute('data-state')).resolves.toBe('available');
    await expect(prompt.innerText()).resolves.toMatch(/new version .* is available/i);
    // Offered, not forced: nothing reloads on its own.
    await page.waitForTimeout(1_000);
    const marker = (): Promise<boolean> =>
      page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate === true);
    await expect(marker()).resolves.toBe(true);

    // A run holds its lock (as the run controller does while it runs): Reload waits for it.
    await page.evaluate(() => {
      void navigator.locks.request(
        'mmhs-run:deploy-test',
        () =>
          new Promise<void>((resolve) => {
            (window as unknown as { endRun: () => void }).endRun = resolve;
          }),
      );
    });
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => prompt.getAttribute('data-state')).toBe('waiting-for-run');
    await expect(prompt.innerText()).resolves.toMatch(/run is in progress/);
    await page.waitForTimeout(1_500);
    await expect(marker()).resolves.toBe(true);

    // The run ends: the new version takes over and the page reloads into it.
    await page.evaluate(() => (window as unknown as { endRun: () => void }).endRun());
    await expect.poll(() => marker().catch(() => true), { timeout: 30_000 }).toBe(false);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const after = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return {
        waiting: r?.waiting ?? null,
        controlled: navigator.serviceWorker.controller !== null,
      };
    });
    expect(after).toEqual({ waiting: null, controlled: true });
    await expect(page.getByTestId('update-prompt').count()).resolves.toBe(0);
  });

  it('works offline at the sub-path after the visit', async () => {
    await context.setOffline(true);
    await page.goto(`${origin}${BASE}`);
    await page.getByRole('heading', { level: 1, name: 'Experiments' }).waitFor();
    // An area not opened before loads its lazy chunk from the cache.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Framework' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Framework' }).waitFor();
    await context.setOffline(false);
    expect(pageErrors).toEqual([]);
  });
});
