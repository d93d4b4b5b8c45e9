// The shared retry policy without a server: Retry-After parsing, backoff, abortable sleep,
// and runWithRetry's retry, timeout, cancellation, CORS probe and limiter behaviour.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CorsBlockedError,
  InvalidApiKeyError,
  NetworkError,
  OfflineError,
  ProviderServerError,
  RateLimitError,
  RequestCancelledError,
  TimeoutError,
} from '../errors';
import {
  abortableSleep,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  limiterFor,
  parseRetryAfter,
  probeServerReachable,
  retryDelayFromBody,
  runWithRetry,
  type AttemptContext,
  type CallSite,
  type RetryPolicy,
} from './http';

const site: CallSite = {
  providerId: 'http-test',
  provider: 'TestProvider',
  serverKind: 'ollama',
  baseUrl: 'http://127.0.0.1:9/v1',
  model: 'm',
  secrets: ['sk-secret-value-123'],
};

const policy: RetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  baseDelayMs: 1,
  maxDelayMs: 4,
  timeoutMs: 200,
  delayScale: 0.01,
};

/** A fetch that answers each call with the next scripted status (or throws for 'down'). */
function scriptedFetch(script: (number | 'down')[], headers: Record<string, string> = {}) {
  let calls = 0;
  const fetchImpl: typeof fetch = async () => {
    const step = script[Math.min(calls, script.length - 1)]!;
    calls += 1;
    if (step === 'down') throw new TypeError('fetch failed');
    return new Response(
      step === 200 ? '{"ok":true}' : '{"error":{"message":"nope sk-secret-value-123"}}',
      {
        status: step,
        headers,
      },
    );
  };
  return { fetchImpl, calls: () => calls };
}

/** An operation that fetches once and throws like an SDK on a non-2xx status. */
async function op(ctx: AttemptContext): Promise<string> {
  const response = await ctx.fetch('http://127.0.0.1:9/v1/x', { signal: ctx.signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['seconds', { 'retry-after': '1' }, 1000],
    ['fraction', { 'retry-after': '0.5' }, 500],
    ['zero', { 'retry-after': '0' }, 0],
    ['HTTP date', { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, 3000],
    ['past date', { 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    ['retry-after-ms wins', { 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    ['garbage', { 'retry-after': 'soon' }, undefined],
    ['empty', { 'retry-after': '' }, undefined],
    ['absent', {}, undefined],
  ])('%s', (_label, headers, expected) => {
    expect(parseRetryAfter(new Headers(headers), now)).toBe(expected);
  });

  it('accepts no headers', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('retryDelayFromBody', () => {
  it.each([
    ['{"error":{"details":[{"retryDelay":"13s"}]}}', 13000],
    ['{"retryDelay": "0.5s"}', 500],
    ['{}', undefined],
    [undefined, undefined],
  ])('%s -> %s', (body, expected) => {
    expect(retryDelayFromBody(body)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
  it.each([
    [1, 0, 50],
    [1, 0.999999, 100],
    [2, 0, 100],
    [3, 0.5, 300],
    [10, 0, 500],
    [10, 0.999999, 1000],
  ])('retry %i with random %f -> %f ms', (retry, random, expected) => {
    expect(backoffDelay(retry, p, () => random)).toBeCloseTo(expected, 3);
  });
});

describe('abortableSleep', () => {
  it.each([
    ['resolves after the wait', undefined, false],
    ['rejects when already aborted', AbortSignal.abort(), true],
  ])('%s', async (_label, signal, rejects) => {
    const sleeping = abortableSleep(5, signal);
    if (rejects) await expect(sleeping).rejects.toBeDefined();
    else await expect(sleeping).resolves.toBeUndefined();
  });

  it('rejects as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = abortableSleep(10_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(sleeping).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('runWithRetry', () => {
  it.each<[string, (number | 'down')[], unknown, number]>([
    ['success', [200], '{"ok":true}', 1],
    ['429 then success', [429, 200], '{"ok":true}', 2],
    ['503 twice then success', [503, 503, 200], '{"ok":true}', 3],
    ['network blip then success', ['down', 200], '{"ok":true}', 2],
    ['429 forever', [429], RateLimitError, 4],
    ['500 forever', [500], ProviderServerError, 4],
    ['down forever', ['down'], NetworkError, 4],
    ['401 not retried', [401], InvalidApiKeyError, 1],
  ])('%s', async (_label, script, expected, calls) => {
    const { fetchImpl, calls: made } = scriptedFetch(script);
    const run = runWithRetry(site, op, { policy, fetch: fetchImpl, probe: async () => false });
    if (typeof expected === 'string') await expect(run).resolves.toBe(expected);
    else {
      const error = await run.then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(expected as new () => Error);
      expect(error?.message).not.toContain('sk-secret-value-123');
    }
    expect(made()).toBe(calls);
  });

  it.each([
    [1, 1],
    [2, 2],
  ])('maxAttempts=%i makes %i attempts', async (maxAttempts, calls) => {
    const { fetchImpl, calls: made } = scriptedFetch([500]);
    await expect(
      runWithRetry(site, op, { policy: { ...policy, maxAttempts }, fetch: fetchImpl }),
    ).rejects.toBeInstanceOf(ProviderServerError);
    expect(made()).toBe(calls);
  });

  it('honours Retry-After scaled by delayScale', async () => {
    const { fetchImpl } = scriptedFetch([429, 200], { 'retry-after': '2' });
    const started = Date.now();
    await runWithRetry(site, op, { policy: { ...policy, delayScale: 0.1 }, fetch: fetchImpl });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('turns a failed fetch into CorsBlockedError when the probe reaches the server', async () => {
    const { fetchImpl, calls } = scriptedFetch(['down']);
    const error = await runWithRetry(site, op, {
      policy,
      fetch: fetchImpl,
      probe: async () => true,
      origin: 'http://app.test',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorsBlockedError);
    expect((error as Error).message).toContain('OLLAMA_ORIGINS="http://app.test"');
    expect(calls()).toBe(1);
  });

  it('times out a silent attempt and does not retry it', async () => {
    let calls = 0;
    const hang: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        calls += 1;
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const error = await runWithRetry(site, op, {
      policy: { ...policy, timeoutMs: 50 },
      fetch: hang,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(calls).toBe(1);
  });

  it('keeps a streaming attempt alive while chunks arrive (touch)', async () => {
    const result = await runWithRetry(
      site,
      async (ctx) => {
        for (let i = 0; i < 5; i += 1) {
          await new Promise((r) => setTimeout(r, 30));
          ctx.touch();
        }
        return 'done';
      },
      { policy: { ...policy, timeoutMs: 60 } },
    );
    expect(result).toBe('done');
  });

  it('does not retry after output reached the caller', async () => {
    let attempts = 0;
    const error = await runWithRetry(
      site,
      async (ctx) => {
        attempts += 1;
        ctx.delivered();
        const response = await ctx.fetch('http://x', {});
        throw new Error(`HTTP ${response.status}`);
      },
      { policy, fetch: scriptedFetch([503]).fetchImpl },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderServerError);
    expect(attempts).toBe(1);
  });

  it('cancels while queued behind the limiter without waiting for a slot', async () => {
    const limiter = limiterFor('http-queue-test', 1);
    let release: () => void = () => undefined;
    const blocker = limiter(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const queued = runWithRetry(site, async () => 'never', {
      policy,
      limiter,
      signal: controller.signal,
    });
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(RequestCancelledError);
    release();
    await blocker;
  });
});

describe('limiterFor', () => {
  it.each([
    [1, 1],
    [3, 3],
    [0, 1],
    [2.7, 2],
  ])('max %f -> concurrency %i', (max, expected) => {
    expect(limiterFor(`limit-${max}`, max).concurrency).toBe(expected);
  });

  it('shares one limiter per provider and updates its limit', () => {
    const a = limiterFor('shared-provider', 2);
    const b = limiterFor('shared-provider', 5);
    expect(a).toBe(b);
    expect(a.concurrency).toBe(5);
  });
});

describe('probeServerReachable', () => {
  it('is false outside a browser (there is no CORS in Node)', async () => {
    let called = false;
    const spy: typeof fetch = async () => {
      called = true;
      return new Response('');
    };
    await expect(probeServerReachable('http://127.0.0.1:9', spy)).resolves.toBe(false);
    expect(called).toBe(false);
  });
});

describe('runWithRetry when the browser is offline', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each<[string, boolean, unknown, number, boolean]>([
    // onLine false: one attempt, no CORS probe, and a message that says "offline".
    ['offline', false, OfflineError, 1, false],
    // onLine true (or unknown): the usual retries and probe, then "could not reach".
    ['online but down', true, NetworkError, 4, true],
  ])('%s', async (_label, onLine, expected, calls, probed) => {
    vi.stubGlobal('navigator', { onLine });
    const { fetchImpl, calls: made } = scriptedFetch(['down']);
    let probes = 0;
    const error = await runWithRetry(site, op, {
      policy,
      fetch: fetchImpl,
      probe: async () => {
        probes += 1;
        return false;
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(expected as new () => Error);
    expect(made()).toBe(calls);
    expect(probes > 0).toBe(probed);
    if (error instanceof OfflineError) {
      expect(error.code).toBe('offline');
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(/^You are offline, so TestProvider cannot be reached\./);
      expect(error.message).toMatch(/local model .* works offline/);
    }
  });
});
