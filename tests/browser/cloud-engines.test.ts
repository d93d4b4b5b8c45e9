// Browser test: the fake providers' CORS works for a real Chromium page on another origin, and
// the cloud engines (bundled by Vite for the browser) stream, retry and explain CORS failures.
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import type * as CloudModule from '../../src/lib/engines/cloud/index';
import { FAKE_API_KEY, startFakeProviders, type FakeProviders } from '../servers/fake-providers';
import { launchChromium } from './chromium';

type Cloud = typeof CloudModule;

/**
 * Bundles the cloud engines with Vite for the browser as one IIFE (`window.MMHSCloud`); Vite
 * inlines the lazily imported SDKs because an IIFE cannot be code-split.
 */
async function buildHarness(): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: {
        entry: fileURLToPath(new URL('../../src/lib/engines/cloud/index.ts', import.meta.url)),
        formats: ['iife'],
        name: 'MMHSCloud',
        fileName: () => 'cloud-harness.js',
      },
    },
  })) as Rollup.RollupOutput[] | Rollup.RollupOutput;
  const first = Array.isArray(output) ? output[0] : output;
  const chunk = first?.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (!chunk) throw new Error('The cloud harness build produced no chunk.');
  return chunk.code;
}

/** A port nothing listens on, for the "server down" case. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (!address || typeof address === 'string') throw new Error('No port.');
  return address.port;
}

interface ChatOutcome {
  ok: boolean;
  texts?: string[];
  deltas?: string[];
  usage?: unknown;
  errorName?: string;
  message?: string;
}

interface EngineSpec {
  kind: 'openai-compatible' | 'anthropic' | 'gemini';
  preset?: 'openai' | 'ollama';
  baseUrl: string;
  apiKey?: string;
  n?: number;
  stream?: boolean;
  timeoutMs?: number;
}

describe('cloud engines in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let server: FakeProviders;
  let pageOrigin: string;

  beforeAll(async () => {
    const [harness, fake] = await Promise.all([buildHarness(), startFakeProviders()]);
    server = fake;
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(inject('baseUrl'));
    pageOrigin = new URL(inject('baseUrl')).origin;
    await page.addScriptTag({ content: harness });
    await page.waitForFunction(() => 'MMHSCloud' in window);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(() => {
    server.reset();
  });

  /** Runs one chat through the bundled engine inside the page. */
  function chatInPage(spec: EngineSpec): Promise<ChatOutcome> {
    return page.evaluate(async (s: EngineSpec) => {
      const cloud = (window as unknown as { MMHSCloud: Cloud }).MMHSCloud;
      const engine = await cloud.createCloudChatEngine(
        {
          kind: s.kind,
          preset: s.preset,
          providerId: `browser-${s.kind}-${s.preset ?? ''}`,
          apiKey: s.apiKey,
          baseUrl: s.baseUrl,
          retry: {
            baseDelayMs: 5,
            maxDelayMs: 20,
            delayScale: 0.05,
            timeoutMs: s.timeoutMs ?? 5_000,
          },
        },
        'model-b',
      );
      const deltas: string[] = [];
      try {
        const result = await engine.chat({
          messages: [{ role: 'user', content: 'hello from the browser' }],
          n: s.n,
          onToken: s.stream ? (d, i) => (deltas[i] = (deltas[i] ?? '') + d) : undefined,
        });
        return { ok: true, texts: result.choices.map((c) => c.text), deltas, usage: result.usage };
      } catch (err) {
        const e = err as Error;
        return { ok: false, errorName: e.name, message: e.message };
      }
    }, spec);
  }

  it('answers the CORS preflight and streams SSE to a page on another origin', async () => {
    const outcome = await page.evaluate(
      async ({ url, key }) => {
        const response = await fetch(`${url}/openai/v1/chat/completions`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${key}`,
            'X-Custom': '1',
          },
          body: JSON.stringify({
            model: 'm',
            stream: true,
            messages: [{ role: 'user', content: 'raw stream' }],
          }),
        });
        const reader = response.body!.getReader();
        const decoder = new TextDecoder();
        let text = '';
        let reads = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          reads += 1;
          text += decoder.decode(value, { stream: true });
        }
        return { status: response.status, type: response.headers.get('content-type'), text, reads };
      },
      { url: server.url, key: FAKE_API_KEY },
    );
    expect(outcome.status).toBe(200);
    expect(outcome.type).toBe('text/event-stream');
    expect(outcome.text).toContain('"content":"raw "');
    expect(outcome.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const preflight = server.requests.find((r) => r.method === 'OPTIONS');
    expect(preflight?.headers.origin).toBe(pageOrigin);
    expect(preflight?.headers['access-control-request-headers']).toContain('authorization');
    expect(server.requests.find((r) => r.method === 'POST')?.keyMatched).toBe(true);
  });

  it('lets the browser block a route whose CORS is off (TypeError: Failed to fetch)', async () => {
    server.setCors('openai.chat', false);
    const error = await page.evaluate(async (url) => {
      try {
        await fetch(`${url}/openai/v1/chat/completions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        });
        return null;
      } catch (err) {
        return { name: (err as Error).name, message: (err as Error).message };
      }
    }, server.url);
    expect(error).toEqual({ name: 'TypeError', message: 'Failed to fetch' });
  });

  it.each<[string, EngineSpec['kind'], string]>([
    ['OpenAI', 'openai-compatible', '/openai/v1'],
    ['Anthropic', 'anthropic', '/anthropic'],
    ['Gemini', 'gemini', '/gemini'],
  ])('%s engine streams two choices from the page', async (_label, kind, path) => {
    const outcome = await chatInPage({
      kind,
      baseUrl: `${server.url}${path}`,
      apiKey: FAKE_API_KEY,
      n: 2,
      stream: true,
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.texts?.sort()).toEqual([
      'Reply #1 to: hello from the browser',
      'Reply #2 to: hello from the browser',
    ]);
    expect(outcome.deltas?.sort()).toEqual(outcome.texts);
    expect(outcome.usage).toMatchObject({ promptTokens: expect.any(Number), completionTokens: 14 });
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.every((r) => r.headers.origin === pageOrigin && r.keyMatched)).toBe(true);
    if (kind === 'anthropic') {
      expect(posts[0]?.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    }
  });

  it('retries a 429 in the browser (Retry-After exposed by CORS) and succeeds', async () => {
    server.setFault('openai.chat', 'rate-limit', { retryAfter: '1' });
    const outcome = await chatInPage({
      kind: 'openai-compatible',
      baseUrl: `${server.url}/openai/v1`,
      apiKey: FAKE_API_KEY,
    });
    expect(outcome).toMatchObject({ ok: true, texts: ['Reply #1 to: hello from the browser'] });
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('explains a CORS block with the server setting that fixes it', async () => {
    server.setCors('openai', false);
    server.settings.allowNoKey = true;
    const outcome = await chatInPage({
      kind: 'openai-compatible',
      preset: 'ollama',
      baseUrl: `${server.url}/openai/v1`,
    });
    expect(outcome.errorName).toBe('CorsBlockedError');
    expect(outcome.message).toContain(`OLLAMA_ORIGINS="${pageOrigin}"`);
    // The no-cors probe reached the server: that is how CORS is told apart from a dead server.
    expect(server.requests.some((r) => r.method === 'GET' && r.path === '/openai/v1')).toBe(true);
  });

  it('reports a server that is down as a network error, not CORS', async () => {
    const port = await closedPort();
    const outcome = await chatInPage({
      kind: 'openai-compatible',
      preset: 'ollama',
      baseUrl: `http://127.0.0.1:${port}/v1`,
    });
    expect(outcome.errorName).toBe('NetworkError');
    expect(outcome.message).toContain('Is the local server running');
  });

  it.each<[string, boolean]>([
    ['a cut-off body', false],
    ['a stream cut off mid-reply (not retried: output was shown)', true],
  ])('reports %s as a truncated reply, not an unreachable server', async (_label, stream) => {
    server.setFault('openai.chat', 'cut-stream', { times: 9 });
    const outcome = await chatInPage({
      kind: 'openai-compatible',
      preset: 'openai',
      apiKey: FAKE_API_KEY,
      baseUrl: `${server.url}/openai/v1`,
      stream,
    });
    expect(outcome.errorName).toBe('TruncatedResponseError');
    expect(outcome.message).toContain('connection closed before the reply was complete');
    expect(outcome.message).not.toContain('Could not reach');
    // Retried by the one policy: the message states the requests really sent.
    const sent = server.requests.filter((r) => r.route === 'openai.chat').length;
    expect(outcome.message).toContain(`tried ${sent} time${sent === 1 ? '' : 's'})`);
    expect(sent).toBe(stream ? 1 : 4);
  });

  it.each([
    ['openai-compatible', '/openai/v1'],
    ['anthropic', '/anthropic'],
    ['gemini', '/gemini'],
  ] as const)('tests a %s key by listing models', async (kind, path) => {
    const ids = await page.evaluate(
      async ({ kind: k, url, key }) => {
        const cloud = (window as unknown as { MMHSCloud: Cloud }).MMHSCloud;
        return cloud.listCloudModels({
          kind: k,
          providerId: `list-${k}`,
          apiKey: key,
          baseUrl: url,
        });
      },
      { kind, url: `${server.url}${path}`, key: FAKE_API_KEY },
    );
    expect(ids).toEqual(['fake-large', 'fake-small']);
  });

  it('names a bad key without showing it', async () => {
    const outcome = await chatInPage({
      kind: 'gemini',
      baseUrl: `${server.url}/gemini`,
      apiKey: 'AIzaWrongKey0123456789',
    });
    expect(outcome.errorName).toBe('InvalidApiKeyError');
    expect(outcome.message).not.toContain('AIzaWrongKey0123456789');
  });

  it('times out a hanging request', async () => {
    server.setFault('anthropic', 'hang');
    const outcome = await chatInPage({
      kind: 'anthropic',
      baseUrl: `${server.url}/anthropic`,
      apiKey: FAKE_API_KEY,
      timeoutMs: 300,
    });
    expect(outcome.errorName).toBe('TimeoutError');
  });
});
