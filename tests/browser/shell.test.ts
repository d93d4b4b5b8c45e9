// Browser test: the built app's shell renders in headless Chromium with no console errors,
// every area is reachable, and the WebGPU probe finds the SwiftShader adapter.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';

const SCREENSHOTS = 'test-results/screenshots';

describe('app shell in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    await page.goto(inject('baseUrl'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders the header and the five areas', async () => {
    await expect(page.title()).resolves.toBe('MMHS Playground');
    const links = await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link')
      .allInnerTexts();
    expect(links).toEqual(['Experiments', 'Results', 'Framework', 'Data', 'Settings']);
  });

  it.each([
    ['Experiments', 'experiments'],
    ['Results', 'results'],
    ['Data', 'data'],
    ['Settings', 'settings'],
    ['Framework', 'framework'],
  ])('navigates to %s', async (label, hash) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label }).click();
    await expect(page.locator('h1').first().innerText()).resolves.toBe(label);
    expect(new URL(page.url()).hash).toBe(`#/${hash}`);
  });

  it('reports the SwiftShader WebGPU adapter', async () => {
    const badge = page.getByTestId('gpu-status');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="gpu-status"]')?.getAttribute('data-available') !==
        'pending',
    );
    const available = await badge.getAttribute('data-available');
    const label = await badge.innerText();
    console.info(`WebGPU available: ${available} (${label})`);
    expect(available).toBe('true');
    expect(label.toLowerCase()).toContain('swiftshader');
  });

  it('has a clean layout and no console errors', async () => {
    await page.getByRole('link', { name: 'Experiments' }).click();
    await page.screenshot({ path: `${SCREENSHOTS}/shell-experiments.png`, fullPage: true });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Framework' })
      .click();
    await page.screenshot({ path: `${SCREENSHOTS}/shell-framework.png`, fullPage: true });
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth,
    );
    expect(overflow).toBe(false);
    expect(consoleErrors).toEqual([]);
  });
});
