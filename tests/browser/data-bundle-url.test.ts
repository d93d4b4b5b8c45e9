// Browser tests of shared bundles in the built app: `?bundle=<url>` opens a run read-only from a
// test server (plain and gzip), Save stores it, and blocked, missing, unreachable or newer
// bundles each give a clear message and store nothing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serializeBundle } from '../../src/lib/bundle/export';
import { workshopBundle } from './bundle-fixtures';
import { SCHEMA_VERSION } from '../../src/lib/storage/schema';
import { launchChromium, newWatchedPage } from './chromium';
import { countStores } from './data-helpers';

const SCREENSHOTS = 'test-results/screenshots';

/** The workshop run as plain and gzipped bytes, and as a bundle from a newer app. */
async function workshopFiles(): Promise<{ json: Uint8Array; gz: Uint8Array; newer: Uint8Array }> {
  const bundle = await workshopBundle();
  const newer = { ...bundle, schemaVersion: bundle.schemaVersion + 1, appVersion: '9.9.9' };
  return {
    json: serializeBundle(bundle),
    gz: serializeBundle(bundle, true),
    newer: new TextEncoder().encode(JSON.stringify(newer)),
  };
}

describe('shared bundles by URL', () => {
  let browser: Browser;
  let page: Page;
  let server: Server;
  let host = '';
  let closedPort = 0;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    const files = await workshopFiles();
    server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const cors = { 'Access-Control-Allow-Origin': '*' };
      if (path === '/bundle.json') {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(files.json);
      } else if (path === '/bundle.json.gz') {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/gzip' }).end(files.gz);
      } else if (path === '/newer.json') {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(files.newer);
      } else if (path === '/no-cors.json') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(files.json);
      } else {
        res.writeHead(404, { ...cors, 'Content-Type': 'text/plain' }).end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A port that was free a moment ago and has nothing listening now.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    browser = await launchChromium();
    ({ page, consoleErrors } = await newWatchedPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  async function openLink(url: string): Promise<void> {
    await page.goto(`${inject('baseUrl')}?bundle=${encodeURIComponent(url)}`);
    await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
    await page.locator('[role="tabpanel"][data-tab="bundle"]').waitFor();
  }

  it('opens ?bundle=<url> read-only, stores it only on Save', async () => {
    await openLink(`${host}/bundle.json`);
    const opened = page.getByTestId('bundle-opened');
    await opened.waitFor({ timeout: 20_000 });
    await expect(opened.getAttribute('data-run-id')).resolves.toBe('run-workshop-1');
    await expect(opened.getAttribute('data-saved')).resolves.toBe('false');
    await expect(opened.innerText()).resolves.toContain('Read-only: not saved');
    await expect(page.getByTestId('run-view').locator('h2').first().innerText()).resolves.toBe(
      'Workshop: colours',
    );
    const row = page.getByTestId('result-row').first();
    await expect(row.innerText()).resolves.toContain('3/4');
    await page.screenshot({ path: `${SCREENSHOTS}/data-bundle-url.png`, fullPage: true });
    expect(await countStores(page, ['runs', 'responses'])).toEqual([0, 0]);

    // One prompt of the unsaved run opens from memory too.
    await page.getByRole('link', { name: 'Name a colour.' }).first().click();
    await page.getByTestId('prompt-view').waitFor();
    await expect(page.getByTestId('group-classes').first().innerText()).resolves.toBe('3');
    await page.getByRole('link', { name: /Back to the whole run/ }).click();

    await page.getByTestId('bundle-save').click();
    await expect.poll(() => opened.getAttribute('data-saved')).toBe('true');
    expect(await countStores(page, ['runs', 'responses'])).toEqual([1, 4]);

    // Opening the link again says it is stored, and stores nothing twice.
    await openLink(`${host}/bundle.json.gz`);
    await expect
      .poll(() => page.getByTestId('bundle-opened').getAttribute('data-saved'), { timeout: 20_000 })
      .toBe('true');
    await expect(page.getByTestId('bundle-opened').innerText()).resolves.toContain(
      'Stored in this browser',
    );
    await page.getByRole('link', { name: 'Open in Results' }).click();
    await expect(page.getByTestId('result-row').first().innerText()).resolves.toContain('3/4');
    expect(await countStores(page, ['runs', 'responses'])).toEqual([1, 4]);
    expect(consoleErrors).toEqual([]);
  });

  it.each([
    [
      'a host that blocks CORS',
      '/no-cors.json',
      /does not allow other sites to read the file \(CORS\)/,
    ],
    ['a missing file', '/missing.json', /answered 404 Not Found for \/missing\.json/],
    [
      'a bundle from a newer app',
      '/newer.json',
      new RegExp(
        `newer\\.json, field "schemaVersion": The bundle was exported by a newer MMHS Playground \\(app 9\\.9\\.9, data schema version ${SCHEMA_VERSION + 1}\\)`,
      ),
    ],
  ])('explains %s and stores nothing', async (_, path, message) => {
    const before = await countStores(page, ['runs', 'responses']);
    await openLink(`${host}${path}`);
    const error = page.getByTestId('bundle-error');
    await error.waitFor({ timeout: 20_000 });
    await expect(error.innerText()).resolves.toMatch(message);
    await expect(page.getByTestId('bundle-opened').count()).resolves.toBe(0);
    if (path === '/no-cors.json') {
      await page.screenshot({ path: `${SCREENSHOTS}/data-bundle-cors.png`, fullPage: true });
    }
    expect(await countStores(page, ['runs', 'responses'])).toEqual(before);
  });

  it('explains an unreachable host', async () => {
    await openLink(`http://127.0.0.1:${closedPort}/bundle.json`);
    const error = page.getByTestId('bundle-error');
    await error.waitFor({ timeout: 20_000 });
    await expect(error.innerText()).resolves.toMatch(/could not be reached/);
  });

  it('refuses a link that is not https', async () => {
    await openLink('http://example.org/bundle.json');
    await expect(page.getByTestId('bundle-error').innerText()).resolves.toMatch(
      /only loaded over https/,
    );
  });
});
