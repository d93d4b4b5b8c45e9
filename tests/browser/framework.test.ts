// Browser test of the Framework explorer in the built app: a fake OpenAI-compatible provider is
// set up through Settings as the default judge; the chronic-pain query is analysed (and fails
// readably, and is cancelled), edited by hand, the Table 1 matrix is walked with the keyboard,
// the figure downloads as SVG and PNG, and a stored run shows up as live examples.
// Screenshots go to test-results/screenshots/framework-*.png.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createSeededRun } from '../../src/lib/components/results/testing/seeded-run';
import { CONTEXT_TENSIONS, EXAMPLE_QUERY, getContext } from '../../src/lib/core/mmhs';
import { MemoryRunStore } from '../../src/lib/pipeline/testing/memory-store';
import { FAKE_API_KEY, startFakeProviders, type FakeProviders } from '../servers/fake-providers';
import { launchChromium } from './chromium';
import { importRun } from './stored-run';

const SCREENSHOTS = 'test-results/screenshots';
const MODEL = 'fake-openai-compatible/fake-model';

/** What the fake judge answers for the chronic-pain query: the paper's reading, in JSON. */
const ANALYSIS = {
  epistemic: {
    active: true,
    direction: 'homogeneity',
    aspect: 'facts',
    reason: 'Model: medical facts and drug interactions must be consistent.',
  },
  interactional: {
    active: true,
    direction: 'heterogeneity',
    aspect: 'option',
    reason: 'Model: the user gains from a range of treatments.',
  },
  societal: {
    active: false,
    direction: 'none',
    aspect: 'none',
    reason: 'Model: not about groups.',
  },
  safety: {
    active: true,
    direction: 'homogeneity',
    aspect: 'content',
    reason: 'Model: never suggest dangerous dosages.',
  },
};

describe('Framework explorer in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let server: FakeProviders;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startFakeProviders();
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    await page.goto(`${inject('baseUrl')}#/framework`);
    await page.getByRole('heading', { level: 1, name: 'Framework' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(() => {
    server.reset();
  });

  it('says no model is set up and still offers the hand-made analysis', async () => {
    const notice = page.getByTestId('analyser-no-model');
    await notice.waitFor();
    await expect(notice.getByRole('link', { name: /Settings/ }).getAttribute('href')).resolves.toBe(
      '#/settings',
    );
    await expect(page.getByRole('button', { name: 'Analyse' }).isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/framework-start.png` });
  });

  it('sets up the fake provider as the default judge through Settings', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('button', { name: 'Add a provider' }).click();
    const form = page.getByRole('form', { name: 'Add a provider' });
    await form.getByLabel('Provider type').selectOption('openai-compatible');
    await form.getByLabel('Server').selectOption('custom');
    await form.getByLabel('Name').fill('Fake OpenAI-compatible');
    await form.getByLabel('Base URL').fill(`${server.url}/openai/v1`);
    await form.getByLabel('API key').fill(FAKE_API_KEY);
    await form.getByLabel('Chat models').fill('fake-model');
    await form.getByRole('button', { name: 'Add provider' }).click();
    await page.getByTestId('provider-fake-openai-compatible').waitFor();
    await page.locator('#default-judge').selectOption(MODEL);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Framework' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Framework' }).waitFor();
    await expect(page.locator('#framework-model').inputValue()).resolves.toBe(MODEL);
    await expect(page.getByTestId('analyser-no-model').count()).resolves.toBe(0);
  });

  it('analyses the chronic-pain query with the default judge', async () => {
    server.script((input) =>
      input.lastUserText.includes('Magic, Madness, Heaven, Sin framework') &&
      input.lastUserText.includes(EXAMPLE_QUERY.query)
        ? JSON.stringify(ANALYSIS)
        : undefined,
    );
    await page.getByTestId('suggestion-0').click();
    await expect(page.locator('#framework-query').inputValue()).resolves.toBe(EXAMPLE_QUERY.query);
    await page.getByRole('button', { name: 'Analyse' }).click();
    const origin = page.getByTestId('analysis-origin');
    await origin.waitFor();
    await expect(origin.innerText()).resolves.toContain('Judged by fake-model');

    const rows = await page.locator('[data-testid^="analysis-"][data-active]').evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-testid'),
        active: el.getAttribute('data-active'),
        direction: el.getAttribute('data-direction'),
        text: (el as HTMLElement).innerText,
      })),
    );
    expect(rows.map((r) => [r.id, r.active, r.direction])).toEqual([
      ['analysis-epistemic', 'true', 'homogeneity'],
      ['analysis-interactional', 'true', 'heterogeneity'],
      ['analysis-societal', 'false', 'none'],
      ['analysis-safety', 'true', 'homogeneity'],
    ]);
    expect(rows[0]?.text).toContain('Model: medical facts and drug interactions');

    // The figure: one pull arrow per active context, one line per pair, conflicts solid.
    const pulls = await page
      .locator('[data-testid^="figure-pull-"]')
      .evaluateAll((els) =>
        els.map((el) => `${el.getAttribute('data-testid')}:${el.getAttribute('data-direction')}`),
      );
    expect(pulls.sort()).toEqual([
      'figure-pull-epistemic:homogeneity',
      'figure-pull-interactional:heterogeneity',
      'figure-pull-safety:homogeneity',
    ]);
    const lines = await page
      .locator('[data-testid^="figure-tension-"]')
      .evaluateAll((els) =>
        els.map((el) => `${el.getAttribute('data-testid')}:${el.getAttribute('data-opposed')}`),
      );
    expect(lines.sort()).toEqual([
      'figure-tension-epistemic-interactional:true',
      'figure-tension-epistemic-safety:false',
      'figure-tension-interactional-safety:true',
    ]);
    // The matching Table 1 rows.
    const tensions = await page
      .getByTestId('query-tension')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-pair')));
    expect(tensions).toEqual([
      'interactional-epistemic',
      'safety-epistemic',
      'safety-interactional',
    ]);
    await expect(page.getByTestId('ideal-response').innerText()).resolves.toContain(
      'Converge on the facts (epistemic) and safe content (safety) while diverging on the options presented (interactional)',
    );

    // One request, to the default judge, asking for the structured answer.
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]?.body)).toContain('query_analysis');
    await page.locator('.explorer').screenshot({ path: `${SCREENSHOTS}/framework-analysis.png` });
  });

  it('shows an unreadable reply plainly and keeps the analysis', async () => {
    server.script(() => 'The query is mostly about medicine, I would say.');
    await page.getByRole('button', { name: 'Analyse' }).click();
    const error = page.getByTestId('analyser-error');
    await error.waitFor();
    await expect(error.innerText()).resolves.toMatch(/could not be read as a query analysis/);
    await error.getByText("The model's reply").click();
    await expect(page.getByTestId('analyser-raw').innerText()).resolves.toBe(
      'The query is mostly about medicine, I would say.',
    );
    await expect(page.getByTestId('analysis-origin').innerText()).resolves.toContain(
      'Judged by fake-model',
    );
    await page.locator('.analyser-col').screenshot({ path: `${SCREENSHOTS}/framework-error.png` });
  });

  it('cancels a slow analysis', async () => {
    server.script(() => ({ text: JSON.stringify(ANALYSIS), delayMs: 20_000 }));
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.getByTestId('analyser-progress').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('analyser-notice').innerText()).resolves.toMatch(/cancelled/);
    await expect(page.getByRole('button', { name: 'Analyse' }).isEnabled()).resolves.toBe(true);
  });

  it('edits the analysis by hand', async () => {
    await page.getByTestId('analysis-societal').getByRole('checkbox').check();
    await page
      .getByTestId('analysis-interactional')
      .getByRole('radio', { name: 'homogeneity' })
      .check();
    await expect(
      page.getByTestId('analysis-societal').getAttribute('data-direction'),
    ).resolves.toBe('heterogeneity');
    await expect(page.getByTestId('analysis-origin').innerText()).resolves.toContain(
      'edited by hand',
    );
    await expect(page.getByTestId('query-tension').count()).resolves.toBe(6);
    await expect(
      page.getByTestId('figure-pull-interactional').getAttribute('data-direction'),
    ).resolves.toBe('homogeneity');
    await page.locator('.explorer').screenshot({ path: `${SCREENSHOTS}/framework-edited.png` });
    // Back to the model's reading for the rest of the test.
    await page.getByTestId('analysis-societal').getByRole('checkbox').uncheck();
    await page
      .getByTestId('analysis-interactional')
      .getByRole('radio', { name: 'heterogeneity' })
      .check();
  });

  it('walks the tension matrix with the keyboard', async () => {
    const detail = page.getByTestId('tension-detail');
    // From the analysis, open the safety x interactional row in the matrix (focus moves there).
    await page
      .locator('[data-testid="query-tension"][data-pair="safety-interactional"]')
      .getByRole('button', { name: 'Show in the tension matrix' })
      .click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('tension-cell-safety-interactional');
    const expectPair = async (a: string, b: string): Promise<void> => {
      const row = CONTEXT_TENSIONS.find(
        (t) => (t.a === a && t.b === b) || (t.a === b && t.b === a),
      )!;
      await expect.poll(() => detail.getAttribute('data-pair')).toBe(`${row.a}-${row.b}`);
      await expect(detail.innerText()).resolves.toContain(row.tension);
      await expect(detail.innerText()).resolves.toContain(row.example);
    };
    await expectPair('safety', 'interactional');
    // Safety row: right goes to societal, right again wraps past the diagonal to epistemic.
    for (const [key, a, b] of [
      ['ArrowRight', 'safety', 'societal'],
      ['ArrowRight', 'safety', 'epistemic'],
      ['ArrowUp', 'societal', 'epistemic'],
      ['ArrowLeft', 'societal', 'safety'],
      ['Home', 'societal', 'epistemic'],
      ['ArrowDown', 'safety', 'epistemic'],
      ['ArrowDown', 'interactional', 'epistemic'],
    ] as const) {
      await page.keyboard.press(key);
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.id))
        .toBe(`tension-cell-${a}-${b}`);
      await expectPair(a, b);
    }
    await expect(
      page.getByTestId('tension-cell-interactional-epistemic').getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    // The matrix keeps one tab stop; Shift+Tab leaves it.
    const tabbable = await page.locator('[data-testid^="tension-cell-"][tabindex="0"]').count();
    expect(tabbable).toBe(1);
    await expect(detail.getByTestId('no-runs-yet').isVisible()).resolves.toBe(true);
    await page
      .locator('section[aria-labelledby="tensions-title"]')
      .screenshot({ path: `${SCREENSHOTS}/framework-matrix.png` });
  });

  it('downloads the figure as SVG and PNG', async () => {
    const figure = page.locator('.figure-col');
    await figure.scrollIntoViewIfNeeded();
    const [svgDownload] = await Promise.all([
      page.waitForEvent('download'),
      figure.getByRole('button', { name: 'Download SVG' }).click(),
    ]);
    const svg = readFileSync((await svgDownload.path())!, 'utf8');
    expect(svgDownload.suggestedFilename()).toMatch(/^mmhs-framework-how-should-i-manage.*\.svg$/);
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('HEAVEN');
    expect(svg).toContain('data-testid="figure-tension-interactional-safety"');
    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      figure.getByRole('button', { name: 'Download PNG' }).click(),
    ]);
    const png = readFileSync((await pngDownload.path())!);
    writeFileSync(`${SCREENSHOTS}/framework-export.png`, png);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('opens a context card from the figure with the keyboard', async () => {
    const quadrant = page.getByTestId('figure-quadrant-Sin');
    await quadrant.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.id))
      .toBe('context-card-societal');
    const card = page.getByTestId('context-societal');
    await expect(card.innerText()).resolves.toContain(getContext('societal').failureModes[0]!);
  });

  it('links concepts to prompts of a stored run', async () => {
    const store = new MemoryRunStore();
    const { runId } = await createSeededRun(store, { name: 'Seeded run for the explorer' });
    await importRun(page, await store.load(runId));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Framework' }).waitFor();
    const card = page.getByTestId('context-epistemic');
    await card.getByText(/From your runs/).click();
    const examples = card.getByTestId('live-example');
    await examples.first().waitFor();
    const hrefs = await examples.evaluateAll((els) =>
      els.map((el) => el.querySelector('a')?.getAttribute('href')),
    );
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.every((h) => h?.startsWith('#/results?run=seeded-run&prompt='))).toBe(true);
    await expect(examples.first().innerText()).resolves.toMatch(/Heaven|Madness/);
    await card.screenshot({ path: `${SCREENSHOTS}/framework-live-context.png` });

    await page.getByTestId('tension-cell-interactional-epistemic').click();
    await page.getByTestId('tension-examples').getByTestId('live-example').first().waitFor();
    await expect(
      page
        .getByTestId('levels-surface-only')
        .or(page.getByTestId('levels-functional'))
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await page
      .locator('section[aria-labelledby="levels-title"]')
      .screenshot({ path: `${SCREENSHOTS}/framework-levels.png` });
    await page.screenshot({ path: `${SCREENSHOTS}/framework-page.png`, fullPage: true });

    await examples.first().getByRole('link').click();
    await page.getByTestId('prompt-view').waitFor();
    expect(new URL(page.url()).hash).toMatch(/^#\/results\?run=seeded-run&prompt=/);
  });

  it('has no console errors and no horizontal overflow', async () => {
    await page.goto(`${inject('baseUrl')}#/framework`);
    await page.getByRole('heading', { level: 1, name: 'Framework' }).waitFor();
    for (const width of [1280, 760]) {
      await page.setViewportSize({ width, height: 900 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth,
      );
      expect(overflow).toBe(false);
    }
    await page.screenshot({ path: `${SCREENSHOTS}/framework-narrow.png` });
    expect(consoleErrors).toEqual([]);
  });
});
