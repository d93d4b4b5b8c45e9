// The app's one retry policy without a server: Retry-After parsing, backoff, abortable sleep,
// and runWithRetry's attempts (counted exactly), provider pauses for long waits, truncated
// replies, offline, timeout, cancellation, CORS probe and limiter behaviour.
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
  TruncatedResponseError,
} from '../errors';
import { PauseBoard } from '../provider-pauses';
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

type Step = number | 'down' | 'cut';

/**
 * A fetch that answers each call with the next scripted status; 'down' throws like an
 * unreachable server, 'cut' answers 200 and breaks the body off after its first bytes.
 */
function scriptedFetch(script: Step[], headers: Record<string, string> = {}) {
  let calls = 0;
  const fetchImpl: typeof fetch = async () => {
    const step = script[Math.min(calls, script.length - 1)]!;
    calls += 1;
    if (step === 'down') throw new TypeError('fetch failed');
    if (step === 'cut') {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"id": "cut", "choices": ['));
          controller.error(new TypeError('terminated'));
        },
      });
      return new Response(body, { status: 200 });
    }
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

/** The attempt count a message states ("tried 3 times"), or null when it states none. */
function statedAttempts(message: string): number | null {
  const match = /tried (\d+) times?/.exec(message);
  return match ? Number(match[1]) : null;
}

describe('runWithRetry', () => {
  // [label, script, headers, maxAttempts, expected result or error class, requests sent]
  it.each<[string, Step[], Record<string, string>, number, unknown, number]>([
    ['success', [200], {}, 4, '{"ok":true}', 1],
    ['429 then success', [429, 200], {}, 4, '{"ok":true}', 2],
    ['503 twice then success', [503, 503, 200], {}, 4, '{"ok":true}', 3],
    ['network blip then success', ['down', 200], {}, 4, '{"ok":true}', 2],
    ['truncated body then success', ['cut', 200], {}, 4, '{"ok":true}', 2],
    ['429 forever', [429], {}, 4, RateLimitError, 4],
    ['429 forever, Retry-After 1 s', [429], { 'retry-after': '1' }, 4, RateLimitError, 4],
    ['500 forever', [500], {}, 4, ProviderServerError, 4],
    ['502 forever, 2 attempts', [502], {}, 2, ProviderServerError, 2],
    ['429 forever, 1 attempt', [429], {}, 1, RateLimitError, 1],
    ['down forever', ['down'], {}, 4, NetworkError, 4],
    ['truncated forever', ['cut'], {}, 4, TruncatedResponseError, 4],
    [
      'Retry-After beyond the cap: no retry',
      [429],
      { 'retry-after': '7200' },
      4,
      RateLimitError,
      1,
    ],
    ['401 not retried', [401], {}, 4, InvalidApiKeyError, 1],
  ])('%s', async (_label, script, headers, maxAttempts, expected, calls) => {
    const { fetchImpl, calls: made } = scriptedFetch(script, headers);
    const run = runWithRetry(site, op, {
      policy: { ...policy, maxAttempts },
      fetch: fetchImpl,
      probe: async () => false,
      pauses: new PauseBoard(),
    });
    if (typeof expected === 'string') await expect(run).resolves.toBe(expected);
    else {
      const error = await run.then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(expected as new () => Error);
      expect(error?.message).not.toContain('sk-secret-value-123');
      // The message names the requests really sent, never more or fewer.
      const stated = statedAttempts(error?.message ?? '');
      if (stated !== null) expect(stated).toBe(calls);
      if (expected !== InvalidApiKeyError) expect(stated).not.toBeNull();
    }
    expect(made()).toBe(calls);
  });

  it.each<[string, Step, string, string]>([
    ['a truncated body', 'cut', 'connection closed before the reply was complete', 'Could not'],
    ['an unreachable server', 'down', 'Could not reach TestProvider', 'connection closed'],
  ])('names the real cause of %s', async (_label, step, says, never) => {
    const { fetchImpl } = scriptedFetch([step]);
    const error = await runWithRetry(site, op, {
      policy: { ...policy, maxAttempts: 1 },
      fetch: fetchImpl,
      probe: async () => false,
    }).then(
      () => new Error('no error'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toContain(says);
    expect(error.message).not.toContain(never);
  });

  it('names the wait when Retry-After exceeds the cap', async () => {
    const { fetchImpl } = scriptedFetch([429], { 'retry-after': '7200' });
    const error = await runWithRetry(site, op, { policy, fetch: fetchImpl }).then(
      () => new Error('no error'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toContain('asked to wait 7200 s');
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

describe('long waits pause the provider', () => {
  // delayScale 0.005: a Retry-After of 60 s becomes a 300 ms wait, and is still "long".
  const scaled: RetryPolicy = { ...policy, delayScale: 0.005 };

  it.each<[string, string, number]>([
    ['a short Retry-After is slept through without a pause', '20', 0],
    ['a Retry-After over 30 s is announced as a pause', '60', 1],
  ])('%s', async (_label, retryAfter, announced) => {
    const pauses = new PauseBoard();
    const seen: number[] = [];
    pauses.subscribe((list) => seen.push(list.length));
    const { fetchImpl, calls } = scriptedFetch([429, 200], { 'retry-after': retryAfter });
    await expect(
      runWithRetry(site, op, { policy: scaled, fetch: fetchImpl, pauses }),
    ).resolves.toBe('{"ok":true}');
    expect(calls()).toBe(2);
    expect(seen.filter((n) => n > 0)).toHaveLength(announced);
    expect(pauses.list()).toEqual([]);
  });

  it('holds every other call to the provider until the pause ends', async () => {
    const pauses = new PauseBoard();
    const first = scriptedFetch([429, 200], { 'retry-after': '60' });
    const sentAt: number[] = [];
    const second: typeof fetch = async () => {
      sentAt.push(Date.now());
      return new Response('"second"');
    };
    const waiting = runWithRetry(site, op, { policy: scaled, fetch: first.fetchImpl, pauses });
    await expect.poll(() => pauses.list().length).toBe(1);
    const until = pauses.list()[0]!.until;
    expect(pauses.list()[0]?.reason).toContain('asked to wait 60 s');
    const held = runWithRetry(site, op, { policy: scaled, fetch: second, pauses });
    await expect(Promise.all([waiting, held])).resolves.toEqual(['{"ok":true}', '"second"']);
    expect(sentAt).toHaveLength(1);
    expect(sentAt[0]).toBeGreaterThanOrEqual(until - 5);
    expect(first.calls()).toBe(2);
  });

  it('a call held by a pause can be cancelled and sends nothing', async () => {
    const pauses = new PauseBoard();
    const pause = pauses.start({
      providerId: site.providerId,
      provider: site.provider,
      until: Date.now() + 60_000,
      reason: 'test',
    });
    const { fetchImpl, calls } = scriptedFetch([200]);
    const controller = new AbortController();
    const held = runWithRetry(site, op, {
      policy,
      fetch: fetchImpl,
      pauses,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    await expect(held).rejects.toBeInstanceOf(RequestCancelledError);
    expect(calls()).toBe(0);
    pauses.end(pause);
  });
});

describe('PauseBoard', () => {
  it.each<[string, number[], number]>([
    ['a longer pause extends the one in force', [100, 200], 200],
    ['a shorter pause leaves the longer one', [200, 100], 200],
  ])('%s', (_label, waits, until) => {
    const board = new PauseBoard();
    for (const w of waits) board.start({ providerId: 'p', provider: 'P', until: w, reason: '' });
    expect(board.list().map((p) => p.until)).toEqual([until]);
  });

  it('ends a pause only by the call that holds the current one', () => {
    const board = new PauseBoard();
    const short = board.start({ providerId: 'p', provider: 'P', until: 100, reason: '' });
    board.start({ providerId: 'p', provider: 'P', until: 200, reason: '' });
    board.end(short);
    expect(board.list()).toHaveLength(1);
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
