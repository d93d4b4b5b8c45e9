// Browser test of the Settings page in the built app: add the fake OpenAI-compatible, Anthropic
// and Gemini providers, test them, stream replies, survive every injected fault, and keep keys
// out of URLs, console output, the DOM, IndexedDB and (unless remembered) local storage.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FAKE_API_KEY, startFakeProviders, type FakeProviders } from '../servers/fake-providers';
import { launchChromium } from './chromium';

const SCREENSHOTS = 'test-results/screenshots';

interface ProviderSpec {
  type: 'openai' | 'anthropic' | 'gemini' | 'openai-compatible';
  label: string;
  id: string;
  path: string;
  model: string;
}

const OPENAI_COMPATIBLE: ProviderSpec = {
  type: 'openai-compatible',
  label: 'Fake OpenAI-compatible',
  id: 'fake-openai-compatible',
  path: '/openai/v1',
  model: 'fake-model',
};
const ANTHROPIC: ProviderSpec = {
  type: 'anthropic',
  label: 'Fake Anthropic',
  id: 'fake-anthropic',
  path: '/anthropic',
  model: 'claude-haiku-4-5',
};
const GEMINI: ProviderSpec = {
  type: 'gemini',
  label: 'Fake Gemini',
  id: 'fake-gemini',
  path: '/gemini',
  model: 'gemini-2.5-flash',
};

interface Watched {
  /** Every distinct text the reply box showed while the call ran. */
  texts: string[];
  final: string;
  status: string;
  error: string | null;
}

describe('Settings: cloud providers in the running app', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let server: FakeProviders;
  const consoleTexts: string[] = [];
  const requestUrls: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startFakeProviders();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (msg) => consoleTexts.push(`${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => consoleTexts.push(`pageerror: ${err.message}`));
    page.on('request', (req) => requestUrls.push(req.url()));
    await page.goto(`${inject('baseUrl')}#/settings`);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(() => {
    server.reset();
    server.settings.chunkDelayMs = 0;
  });

  /** Fills the add-provider form and saves it. */
  async function addProvider(
    spec: ProviderSpec,
    options: { timeout?: string } = {},
  ): Promise<void> {
    await page.getByRole('button', { name: 'Add a provider' }).click();
    const form = page.getByRole('form', { name: 'Add a provider' });
    await form.getByLabel('Provider type').selectOption(spec.type);
    if (spec.type === 'openai-compatible') await form.getByLabel('Server').selectOption('custom');
    await form.getByLabel('Name').fill(spec.label);
    await form.getByLabel('Base URL').fill(`${server.url}${spec.path}`);
    await form.getByLabel('API key').fill(FAKE_API_KEY);
    await form.getByLabel('Chat models').fill(spec.model);
    if (options.timeout) {
      await form.getByText('Limits').click();
      await form.getByLabel('Timeout (seconds)').fill(options.timeout);
    }
    await form.getByRole('button', { name: 'Add provider' }).click();
    await page.getByTestId(`provider-${spec.id}`).waitFor();
  }

  /** Clicks Test on a provider and returns the result once it is in. */
  async function runTest(spec: ProviderSpec): Promise<{ status: string; text: string }> {
    await page.getByRole('button', { name: `Test ${spec.label}` }).click();
    const result = page.getByTestId(`check-${spec.id}`);
    await page.waitForFunction(
      (id) => {
        const status = document
          .querySelector(`[data-testid="check-${id}"]`)
          ?.getAttribute('data-status');
        return status === 'ok' || status === 'error';
      },
      spec.id,
      { timeout: 30_000 },
    );
    return {
      status: (await result.getAttribute('data-status')) ?? '',
      text: (await result.innerText()).trim(),
    };
  }

  /** Sends the Try-it prompt to a model and records every text the reply box shows. */
  async function tryIt(spec: ProviderSpec, prompt: string, screenshot?: string): Promise<Watched> {
    await page.locator('#try-engine').selectOption(`${spec.id}/${spec.model}`);
    await page.getByLabel('Prompt').fill(prompt);
    const watching = page.evaluate(
      () =>
        new Promise<Watched>((resolve) => {
          const box = document.querySelector('[data-testid="try-output"]')!;
          const texts: string[] = [];
          let started = false;
          const check = (): void => {
            const text = box.textContent ?? '';
            if (texts[texts.length - 1] !== text) texts.push(text);
            const status = box.getAttribute('data-status');
            if (status === 'running') started = true;
            else if (started) {
              observer.disconnect();
              resolve({
                texts,
                final: text,
                status: status ?? '',
                error: document.querySelector('[data-testid="try-error"]')?.textContent ?? null,
              });
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(box, {
            subtree: true,
            childList: true,
            characterData: true,
            attributes: true,
          });
        }),
    );
    await page.getByRole('button', { name: 'Send' }).click();
    if (screenshot) {
      // Mid-stream: some text is in, the call is still running.
      await page.waitForFunction(() => {
        const box = document.querySelector('[data-testid="try-output"]');
        return (
          box?.getAttribute('data-status') === 'running' &&
          /^Reply #\d+ to:/.test(box.textContent ?? '')
        );
      });
      await page.getByRole('form', { name: 'Try a model' }).screenshot({ path: screenshot });
    }
    return watching;
  }

  it.each([OPENAI_COMPATIBLE, ANTHROPIC, GEMINI])(
    '$label: add it, Test it, and get a streamed reply',
    async (spec) => {
      await addProvider(spec, spec === OPENAI_COMPATIBLE ? { timeout: '2' } : {});
      const card = page.getByTestId(`provider-${spec.id}`);
      await expect(card.getByTestId('key-status').getAttribute('data-status')).resolves.toBe(
        'session',
      );

      const test = await runTest(spec);
      expect(test.status).toBe('ok');
      expect(test.text).toMatch(new RegExp(`^Connected\\. ${spec.model} replied “Reply #1 to: `));
      const posts = server.requests.filter((r) => r.method === 'POST');
      expect(posts).toHaveLength(1);
      expect(posts.every((r) => r.keyMatched)).toBe(true);

      server.settings.chunkDelayMs = 120;
      const watched = await tryIt(
        spec,
        'tell me about the sea',
        spec === ANTHROPIC ? `${SCREENSHOTS}/settings-try-it-streaming.png` : undefined,
      );
      expect(watched.status).toBe('done');
      expect(watched.final).toBe('Reply #2 to: tell me about the sea');
      const partials = watched.texts.filter(
        (t) => t.length > 0 && t !== watched.final && watched.final.startsWith(t),
      );
      // Several growing prefixes appeared before the whole reply: it streamed token by token.
      expect(partials.length).toBeGreaterThanOrEqual(3);
      expect(partials).toEqual([...partials].sort((a, b) => a.length - b.length));
      await expect(page.getByTestId('try-summary').innerText()).resolves.toMatch(
        spec === OPENAI_COMPATIBLE ? /tokens · \$0 · \d+ ms/ : /tokens · \$0\.0000\d+ · \d+ ms/,
      );
    },
  );

  it('totals usage per provider and model, with cost for cloud models', async () => {
    const usage = page.getByTestId('usage');
    await expect(
      usage.getByTestId(`usage-${ANTHROPIC.id}/${ANTHROPIC.model}`).innerText(),
    ).resolves.toMatch(/Fake Anthropic\s+claude-haiku-4-5\s+2\s+\d+\s+\d+\s+\$0\.0000\d+/);
    await expect(
      usage.getByTestId(`usage-${OPENAI_COMPATIBLE.id}/${OPENAI_COMPATIBLE.model}`).innerText(),
    ).resolves.toMatch(/free \(local\)/);
    await page.getByTestId('usage').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/settings-providers.png`, fullPage: true });
  });

  it.each<[string, () => void, RegExp]>([
    [
      '401 bad key',
      () => server.setFault('openai.chat', 'bad-key'),
      /rejected the API key\. Check the key in Settings/,
    ],
    [
      '404 unknown model',
      () => server.setFault('openai.chat', 'model-not-found'),
      /has no model "fake-model".*Pick a model/,
    ],
    [
      '500 after every retry',
      () => server.setFault('openai.chat', 'server-error', { times: 10 }),
      /had an internal error \(HTTP 500, tried 4 times\)\. This is on the provider's side/,
    ],
    [
      'malformed body',
      () => server.setFault('openai.chat', 'malformed'),
      /sent a reply that is not valid JSON|sent a reply the client library could not handle/,
    ],
    [
      'hang past the timeout',
      () => server.setFault('openai.chat', 'hang'),
      /did not answer within 2\.0 s\. .*raise the timeout in Settings/,
    ],
    [
      'CORS blocked',
      () => server.setCors('openai', false),
      /The browser blocked the reply .* \(CORS\)\. Enable CORS on that server for this page's origin \(http:\/\/127\.0\.0\.1:\d+\)/,
    ],
  ])('%s: a clear message, and the app stays usable', async (name, injectFault, message) => {
    injectFault();
    const started = Date.now();
    const failed = await runTest(OPENAI_COMPATIBLE);
    expect(failed.status).toBe('error');
    expect(failed.text).toMatch(message);
    expect(failed.text).not.toContain(FAKE_API_KEY);
    expect(Date.now() - started).toBeLessThan(15_000);
    if (name === 'CORS blocked') {
      await page.getByTestId(`check-${OPENAI_COMPATIBLE.id}`).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOTS}/settings-fault-cors.png` });
    }

    server.reset();
    const next = await tryIt(OPENAI_COMPATIBLE, 'are you back?');
    expect(next.status).toBe('done');
    expect(next.final).toMatch(/^Reply #\d+ to: are you back\?$/);
    const again = await runTest(OPENAI_COMPATIBLE);
    expect(again.status).toBe('ok');
  });

  it('retries a 429 with Retry-After and then succeeds', async () => {
    server.setFault('openai.chat', 'rate-limit', { retryAfter: '1' });
    const started = Date.now();
    const result = await runTest(OPENAI_COMPATIBLE);
    expect(result.status).toBe('ok');
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('keeps keys out of URLs, console output, the DOM and IndexedDB', async () => {
    expect(page.url()).not.toContain(FAKE_API_KEY);
    expect(requestUrls.filter((u) => u.includes(FAKE_API_KEY))).toEqual([]);
    expect(server.requests.filter((r) => 'key' in r.query)).toEqual([]);
    expect(consoleTexts.filter((t) => t.includes(FAKE_API_KEY))).toEqual([]);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(html).not.toContain(FAKE_API_KEY);
    // The only place the key may show up in the page is a password field's value.
    const inputsWithKey = await page.evaluate(
      (key) =>
        [...document.querySelectorAll('input, textarea')]
          .filter((el) => (el as HTMLInputElement).value.includes(key))
          .map((el) => (el as HTMLInputElement).type),
      FAKE_API_KEY,
    );
    expect(inputsWithKey.every((type) => type === 'password')).toBe(true);
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('mmhs-playground');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const values = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction('settings').objectStore('settings').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      return JSON.stringify(values);
    });
    expect(stored).toContain('fake-openai-compatible');
    expect(stored).not.toContain(FAKE_API_KEY);
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(
      FAKE_API_KEY,
    );
  });

  it('a wrong key is named without being shown', async () => {
    const wrong = 'AIzaWrongKeyForTesting0123456789';
    const card = page.getByTestId(`provider-${GEMINI.id}`);
    await card.getByRole('button', { name: `Edit ${GEMINI.label}` }).click();
    const form = page.getByRole('form', { name: `Edit ${GEMINI.label}` });
    await form.getByLabel('API key').fill(wrong);
    await form.getByRole('button', { name: 'Save changes' }).click();
    const failed = await runTest(GEMINI);
    expect(failed.status).toBe('error');
    expect(failed.text).toMatch(/rejected the API key/);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    expect(html).not.toContain(wrong);
    expect(consoleTexts.filter((t) => t.includes(wrong))).toEqual([]);

    await card.getByRole('button', { name: `Edit ${GEMINI.label}` }).click();
    await form.getByLabel('API key').fill(FAKE_API_KEY);
    await form.getByRole('button', { name: 'Save changes' }).click();
    await expect(runTest(GEMINI)).resolves.toMatchObject({ status: 'ok' });
  });

  it('keeps keys for the session across a reload; "remember" puts one in local storage and unticking removes it', async () => {
    await page.reload();
    const card = page.getByTestId(`provider-${ANTHROPIC.id}`);
    await card.waitFor();
    await expect(card.getByTestId('key-status').getAttribute('data-status')).resolves.toBe(
      'session',
    );
    await expect(runTest(ANTHROPIC)).resolves.toMatchObject({ status: 'ok' });
    const localHasKey = (): Promise<boolean> =>
      page.evaluate((key) => Object.values({ ...localStorage }).includes(key), FAKE_API_KEY);
    expect(await localHasKey()).toBe(false);

    const setRemember = async (on: boolean): Promise<void> => {
      await card.getByRole('button', { name: `Edit ${ANTHROPIC.label}` }).click();
      const form = page.getByRole('form', { name: `Edit ${ANTHROPIC.label}` });
      await form.getByLabel('Remember this key on this device').setChecked(on);
      await form.getByRole('button', { name: 'Save changes' }).click();
      await card.waitFor();
    };
    await setRemember(true);
    expect(await localHasKey()).toBe(true);
    await expect(card.getByTestId('key-status').getAttribute('data-status')).resolves.toBe(
      'device',
    );
    await setRemember(false);
    expect(await localHasKey()).toBe(false);
    await expect(card.getByTestId('key-status').getAttribute('data-status')).resolves.toBe(
      'session',
    );
    // Still usable for this session.
    await expect(runTest(ANTHROPIC)).resolves.toMatchObject({ status: 'ok' });

    // A new tab (new session) of the same browser has the providers but not the keys.
    const other = await context.newPage();
    await other.goto(`${inject('baseUrl')}#/settings`);
    const otherCard = other.getByTestId(`provider-${ANTHROPIC.id}`);
    await otherCard.waitFor();
    await expect(otherCard.getByTestId('key-status').getAttribute('data-status')).resolves.toBe(
      'none',
    );
    await other.close();
  });

  it('validates the form in words and removes a provider with its key', async () => {
    await page.getByRole('button', { name: 'Add a provider' }).click();
    const form = page.getByRole('form', { name: 'Add a provider' });
    await form.getByLabel('Provider type').selectOption('openai');
    await form.getByLabel('Base URL').fill('https://example.test/v1?key=abc');
    await form.getByRole('button', { name: 'Add provider' }).click();
    await expect(form.innerText()).resolves.toMatch(
      /Put the API key in the key field, not in the URL\.[\s\S]*Enter at least one model id\.[\s\S]*OpenAI needs an API key/,
    );
    await form.screenshot({ path: `${SCREENSHOTS}/settings-form-errors.png` });
    await form.getByRole('button', { name: 'Cancel' }).click();

    const card = page.getByTestId(`provider-${GEMINI.id}`);
    await card.getByRole('button', { name: `Remove ${GEMINI.label}` }).click();
    await card.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByTestId(`provider-${GEMINI.id}`).waitFor({ state: 'detached' });
    const sessionKeys = await page.evaluate(() => Object.keys({ ...sessionStorage }));
    expect(sessionKeys.some((k) => k.endsWith('fake-gemini'))).toBe(false);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth,
    );
    expect(overflow).toBe(false);
    await page.screenshot({ path: `${SCREENSHOTS}/settings-full.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/settings-narrow.png`, fullPage: true });
    const narrowOverflow = await page.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth,
    );
    expect(narrowOverflow).toBe(false);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(consoleTexts.filter((t) => t.startsWith('pageerror'))).toEqual([]);
  });
});
