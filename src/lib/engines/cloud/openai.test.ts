// OpenAI-compatible engine against the local fake provider: replies, streaming, n, usage,
// structured output, every injected fault, timeout, cancellation and the concurrency limit.
import { describe, expect, it } from 'vitest';
import { buildRequestMessages } from '../../core/chat-request';
import {
  FAKE_API_KEY,
  fakeTokenCount,
  type FaultKind,
  type FaultOptions,
} from '../../../../tests/servers/fake-providers';
import {
  expectFailure,
  FAST_RETRY,
  HANG_RETRY,
  NO_PROBE,
  streamFaultTests,
  useFakeProviders,
} from '../../../../tests/servers/engine-test-kit';
import type { EngineError } from '../errors';
import {
  InsufficientCreditError,
  InvalidApiKeyError,
  MalformedResponseError,
  ModelNotFoundError,
  NetworkError,
  TruncatedResponseError,
  ParameterRejectedError,
  ProviderServerError,
  RateLimitError,
  RequestCancelledError,
  TimeoutError,
} from '../errors';
import { providerPauses } from '../provider-pauses';
import type { ChatRequest } from '../types';
import {
  isStrictCompatible,
  listOpenAIModels,
  OpenAIChatEngine,
  OpenAIEmbeddingEngine,
  type OpenAIEngineConfig,
} from './openai';

const kit = useFakeProviders();

function engine(overrides: Partial<OpenAIEngineConfig> = {}): OpenAIChatEngine {
  return new OpenAIChatEngine({
    providerId: 'openai-test',
    model: 'gpt-test',
    apiKey: FAKE_API_KEY,
    baseUrl: `${kit.server.url}/openai/v1`,
    retry: FAST_RETRY,
    probe: NO_PROBE,
    ...overrides,
  });
}

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: text }],
  ...extra,
});

const chatBodies = (): Record<string, unknown>[] =>
  kit.server.requests
    .filter((r) => r.route === 'openai.chat')
    .map((r) => r.body as Record<string, unknown>);

describe('OpenAIChatEngine replies', () => {
  it.each([
    ['plain text', 'hello world', 'Reply #1 to: hello world'],
    ['empty prompt', '', 'Reply #1 to: '],
    ['unicode', 'héllo 世界 🙂', 'Reply #1 to: héllo 世界 🙂'],
  ])('answers a %s prompt', async (_label, prompt, expected) => {
    const result = await engine().chat(ask(prompt));
    expect(result.choices).toEqual([{ text: expected, finishReason: 'stop' }]);
    expect(result.usage).toEqual({
      promptTokens: fakeTokenCount(prompt),
      completionTokens: fakeTokenCount(expected),
      totalTokens: fakeTokenCount(prompt) + fakeTokenCount(expected),
    });
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.notes).toEqual([]);
  });

  it('sends the sampling parameters and records them as applied', async () => {
    const request = ask('params', {
      temperature: 0.7,
      top_p: 0.9,
      max_tokens: 50,
      seed: 42,
      stop: ['END'],
    });
    const result = await engine().chat(request);
    expect(chatBodies()[0]).toMatchObject({
      model: 'gpt-test',
      temperature: 0.7,
      top_p: 0.9,
      max_completion_tokens: 50,
      seed: 42,
      stop: ['END'],
    });
    expect(result.applied).toEqual({
      model: 'gpt-test',
      temperature: 0.7,
      top_p: 0.9,
      max_tokens: 50,
      seed: 42,
      n: 1,
      stop: ['END'],
      structuredOutput: undefined,
      stream: false,
    });
    expect(kit.server.requests[0]?.keyMatched).toBe(true);
    expect(kit.server.requests[0]?.headers.authorization).toBe('Bearer [REDACTED]');
  });

  it.each([
    ['openai', 'max_completion_tokens'],
    ['ollama', 'max_tokens'],
    ['vllm', 'max_tokens'],
  ] as const)('preset %s sends the output limit as %s', async (preset, field) => {
    await engine({ preset }).chat(ask('limit', { max_tokens: 3 }));
    expect(chatBodies()[0]?.[field]).toBe(3);
  });

  it.each([
    [2, 'length', 'Reply #1'],
    [100, 'stop', 'Reply #1 to: cut me short'],
  ])('max_tokens=%i finishes with %s', async (maxTokens, finish, text) => {
    const result = await engine().chat(ask('cut me short', { max_tokens: maxTokens }));
    expect(result.choices[0]).toEqual({ text, finishReason: finish });
  });
});

describe('OpenAIChatEngine streaming', () => {
  it.each([
    ['one choice', 1],
    ['three native choices', 3],
  ])('streams %s; deltas concatenate to the final texts', async (_label, n) => {
    const deltas = new Map<number, string>();
    const result = await engine().chat(
      ask('stream me', {
        n,
        onToken: (delta, index) => deltas.set(index, (deltas.get(index) ?? '') + delta),
      }),
    );
    expect(result.choices).toHaveLength(n);
    result.choices.forEach((choice, index) => {
      expect(choice.text).toBe(`Reply #${index + 1} to: stream me`);
      expect(deltas.get(index)).toBe(choice.text);
    });
    expect(result.applied.stream).toBe(true);
    expect(result.usage?.completionTokens).toBe(n * 5);
    expect(chatBodies()[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('streams emulated choices at their own indexes', async () => {
    const deltas = new Map<number, string>();
    const result = await engine({ preset: 'ollama' }).chat(
      ask('e', { n: 2, onToken: (d, i) => deltas.set(i, (deltas.get(i) ?? '') + d) }),
    );
    expect([...deltas.keys()].sort()).toEqual([0, 1]);
    expect(result.choices.map((c) => c.text)).toEqual([deltas.get(0), deltas.get(1)]);
  });
});

describe('OpenAIChatEngine n', () => {
  it.each([
    // preset, server ignores n, requests expected, note expected
    ['openai', false, 1, null],
    ['openai', true, 3, 'returned 1 of 3 choices'],
    ['ollama', false, 3, 'has no native n'],
    ['vllm', false, 1, null],
  ] as const)('preset %s (server ignores n: %s)', async (preset, ignoreN, calls, note) => {
    kit.server.settings.ignoreN = ignoreN;
    const result = await engine({ preset }).chat(ask('n please', { n: 3 }));
    expect(result.choices).toHaveLength(3);
    expect(new Set(result.choices.map((c) => c.text)).size).toBe(3);
    expect(chatBodies()).toHaveLength(calls);
    expect(result.applied.n).toBe(3);
    expect(result.usage?.promptTokens).toBe(calls * 2);
    const nNote = result.notes.find((x) => x.param === 'n');
    if (note === null) expect(nNote).toBeUndefined();
    else
      expect(nNote).toMatchObject({ status: 'emulated', message: expect.stringContaining(note) });
  });

  it('declares capabilities per preset', () => {
    expect(engine().capabilities).toMatchObject({ n: 'native', seed: 'native', streaming: true });
    expect(engine({ preset: 'ollama' }).capabilities).toMatchObject({
      n: 'emulated',
      maxConcurrency: 1,
    });
    expect(engine({ preset: 'groq' }).capabilities.structuredOutput).toBe('json-object');
  });
});

describe('OpenAIChatEngine structured output', () => {
  const schema = {
    type: 'object',
    properties: { verdict: { type: 'string', enum: ['A', 'B'] }, score: { type: 'number' } },
    required: ['verdict', 'score'],
    additionalProperties: false,
  };

  it.each([
    ['openai', 'json-schema', 'json_schema', false],
    ['groq', 'json-object', 'json_object', true],
  ] as const)('preset %s uses %s', async (preset, applied, wireType, noted) => {
    const result = await engine({ preset }).chat(
      ask('judge', { jsonSchema: { name: 'verdict', schema } }),
    );
    expect(JSON.parse(result.choices[0]?.text ?? '')).toEqual({ verdict: 'A', score: 1 });
    expect(result.applied.structuredOutput).toBe(applied);
    const body = chatBodies()[0] as { response_format: { type: string }; messages: unknown[] };
    expect(body.response_format.type).toBe(wireType);
    expect(result.notes.some((n) => n.param === 'jsonSchema')).toBe(noted);
    // The prompt states the schema on every preset: one text for every engine.
    expect(body.messages).toEqual(
      buildRequestMessages({ ...ask('judge'), jsonSchema: { name: 'verdict', schema } }),
    );
  });

  it.each([
    ['closed object', schema, true],
    [
      'open object',
      { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
      false,
    ],
    [
      'missing required',
      { type: 'object', properties: { a: {} }, required: [], additionalProperties: false },
      false,
    ],
    ['scalar', { type: 'string' }, true],
  ])('strict mode for a %s: %s', (_label, s, strict) => {
    expect(isStrictCompatible(s)).toBe(strict);
  });
});

describe('OpenAIChatEngine faults', () => {
  it.each<[FaultKind, FaultOptions, new (...a: never[]) => EngineError, number, string]>([
    ['bad-key', {}, InvalidApiKeyError, 1, 'rejected the API key'],
    ['no-credit', {}, InsufficientCreditError, 1, 'no credit'],
    ['payment-required', {}, InsufficientCreditError, 1, 'billing'],
    ['model-not-found', {}, ModelNotFoundError, 1, 'no model "gpt-test"'],
    ['rate-limit', { times: 9 }, RateLimitError, 4, 'tried 4 times'],
    ['server-error', { times: 9 }, ProviderServerError, 4, 'tried 4 times'],
    ['malformed', {}, MalformedResponseError, 1, 'not valid JSON'],
    ['param-rejected', {}, ParameterRejectedError, 1, '`temperature`'],
    ['network', { times: 9 }, NetworkError, 4, 'tried 4 times'],
    ['cut-stream', { times: 9 }, TruncatedResponseError, 4, 'tried 4 times'],
    ['hang', {}, TimeoutError, 1, 'did not answer within 0.3 s'],
  ])('%s -> %o', async (kind, options, errorClass, requests, fragment) => {
    kit.server.setFault('openai.chat', kind, options);
    const error = await expectFailure(
      engine(kind === 'hang' ? { retry: HANG_RETRY } : {}).chat(ask('x', { temperature: 0.3 })),
      errorClass,
    );
    expect(error.message).toContain(fragment);
    expect(chatBodies()).toHaveLength(requests);
  });

  it.each<[FaultKind, new (...a: never[]) => EngineError]>([
    ['malformed', MalformedResponseError],
    ['bad-key', InvalidApiKeyError],
    ['rate-limit', RateLimitError],
  ])('streaming %s -> %o', async (kind, errorClass) => {
    kit.server.setFault('openai.chat', kind, { times: 9 });
    await expectFailure(engine().chat(ask('x', { onToken: () => undefined })), errorClass);
  });

  streamFaultTests(() => ({
    setFault: (kind, options) => kit.server.setFault('openai.chat', kind, options),
    chat: (request) => engine().chat(request),
    sent: () => chatBodies().length,
  }));

  it('reports a wrong key as InvalidApiKeyError without echoing it', async () => {
    const error = await expectFailure(
      engine({ apiKey: 'sk-wrong-key-9876543210' }).chat(ask('x')),
      InvalidApiKeyError,
    );
    expect(error.message).not.toContain('sk-wrong-key-9876543210');
  });

  it('retries a 429 after Retry-After (1 s, unscaled) and then succeeds', async () => {
    kit.server.setFault('openai.chat', 'rate-limit', { retryAfter: '1' });
    const started = Date.now();
    const result = await engine({ retry: { ...FAST_RETRY, delayScale: 1 } }).chat(ask('patience'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.choices[0]?.text).toBe('Reply #1 to: patience');
    expect(chatBodies()).toHaveLength(2);
  });

  it.each<[FaultKind, number]>([
    ['rate-limit', 2],
    ['server-error', 3],
    ['network', 1],
  ])('recovers from %s x%i', async (kind, times) => {
    kit.server.setFault('openai.chat', kind, { times });
    const result = await engine().chat(ask('again'));
    expect(result.choices[0]?.text).toBe('Reply #1 to: again');
    expect(chatBodies()).toHaveLength(times + 1);
  });

  it('fails at once when Retry-After exceeds the cap (1 h), naming the wait', async () => {
    kit.server.setFault('openai.chat', 'rate-limit', { retryAfter: '7200' });
    const error = await expectFailure(engine().chat(ask('x')), RateLimitError);
    expect(error.message).toContain('wait 7200 s');
    expect(error.message).toContain('tried 1 time)');
    expect(chatBodies()).toHaveLength(1);
  });

  it('announces a long Retry-After as a provider pause, waits it out, then succeeds', async () => {
    kit.server.setFault('openai.chat', 'rate-limit', { retryAfter: '120' });
    const seen: string[] = [];
    const stop = providerPauses.subscribe((list) =>
      seen.push(list.map((p) => `${p.providerId}: ${p.reason}`).join()),
    );
    const result = await engine({ retry: { ...FAST_RETRY, delayScale: 0.001 } }).chat(
      ask('patience'),
    );
    stop();
    expect(result.choices[0]?.text).toBe('Reply #1 to: patience');
    expect(seen).toEqual([
      '',
      'openai-test: OpenAI is rate limiting this key and asked to wait 120 s (Retry-After) before the next call',
      '',
    ]);
    expect(chatBodies()).toHaveLength(2);
  });

  it('drops a rejected parameter and notes it in drop-and-note mode', async () => {
    kit.server.setFault('openai.chat', 'param-rejected', { param: 'temperature', times: Infinity });
    const result = await engine({ onRejectedParam: 'drop-and-note' }).chat(
      ask('x', { temperature: 0.2, seed: 7 }),
    );
    expect(result.choices).toHaveLength(1);
    expect(result.notes).toEqual([
      expect.objectContaining({ param: 'temperature', status: 'rejected' }),
    ]);
    expect(result.applied.temperature).toBeUndefined();
    expect(result.applied.seed).toBe(7);
    expect(chatBodies().map((b) => b.temperature)).toEqual([0.2, undefined]);
  });
});

describe('OpenAIChatEngine cancellation and limits', () => {
  it('aborts an in-flight call', async () => {
    kit.server.script(() => ({ text: 'slow', delayMs: 3_000 }));
    const controller = new AbortController();
    const started = Date.now();
    const pending = engine({ retry: { ...FAST_RETRY, timeoutMs: 10_000 } }).chat(
      ask('x', { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 30);
    await expectFailure(pending, RequestCancelledError);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('aborts during the backoff wait', async () => {
    kit.server.setFault('openai.chat', 'rate-limit', { retryAfter: '30' });
    const controller = new AbortController();
    const started = Date.now();
    const pending = engine({ retry: { ...FAST_RETRY, delayScale: 1 } }).chat(
      ask('x', { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 100);
    await expectFailure(pending, RequestCancelledError);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(chatBodies()).toHaveLength(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expectFailure(
      engine().chat(ask('x', { signal: AbortSignal.abort() })),
      RequestCancelledError,
    );
    expect(chatBodies()).toHaveLength(0);
  });

  it.each([1, 2, 3])('keeps at most %i calls in flight', async (limit) => {
    kit.server.script(() => ({ text: 'ok', delayMs: 150 }));
    const limited = engine({ providerId: `openai-limit-${limit}`, maxConcurrency: limit });
    const results = await Promise.all(Array.from({ length: 6 }, () => limited.chat(ask('x'))));
    expect(results).toHaveLength(6);
    expect(kit.server.stats.maxInFlight).toBe(limit);
  });
});

describe('OpenAI-compatible local servers', () => {
  it('sends no Authorization and no SDK telemetry headers without a key', async () => {
    kit.server.settings.allowNoKey = true;
    const result = await engine({ preset: 'ollama', apiKey: undefined }).chat(ask('local'));
    expect(result.choices[0]?.text).toBe('Reply #1 to: local');
    const headers = kit.server.requests[0]?.headers ?? {};
    expect(headers.authorization).toBeUndefined();
    expect(Object.keys(headers).filter((h) => h.startsWith('x-stainless'))).toEqual([]);
  });

  it.each([
    ['http://localhost:11434/v1', 'local'],
    ['https://api.openai.com/v1', 'cloud'],
  ])('%s is a %s engine', (baseUrl, location) => {
    expect(engine({ baseUrl }).location).toBe(location);
  });
});

describe('listOpenAIModels', () => {
  it('lists model ids', async () => {
    const ids = await listOpenAIModels({
      providerId: 'openai-test',
      apiKey: FAKE_API_KEY,
      baseUrl: `${kit.server.url}/openai/v1`,
    });
    expect(ids).toEqual(['fake-large', 'fake-small']);
  });

  it('turns a bad key into InvalidApiKeyError', async () => {
    await expectFailure(
      listOpenAIModels({
        providerId: 'openai-test',
        apiKey: 'nope-1234',
        baseUrl: `${kit.server.url}/openai/v1`,
      }),
      InvalidApiKeyError,
    );
  });
});

describe('OpenAIEmbeddingEngine', () => {
  const embedder = (batchSize = 2): OpenAIEmbeddingEngine =>
    new OpenAIEmbeddingEngine({
      providerId: 'openai-test',
      model: 'text-embedding-test',
      apiKey: FAKE_API_KEY,
      baseUrl: `${kit.server.url}/openai/v1`,
      retry: FAST_RETRY,
      batchSize,
    });
  const dot = (a: Float32Array, b: Float32Array): number =>
    a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

  it('returns unit vectors in input order, in batches, with progress', async () => {
    const texts = ['the cat sat', 'the cat sat down', 'quantum chromodynamics', '', '猫'];
    const progress: number[] = [];
    const vectors = await embedder(2).embed(texts, { onProgress: (done) => progress.push(done) });
    expect(vectors).toHaveLength(5);
    for (const v of vectors) expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    expect(progress).toEqual([2, 4, 5]);
    expect(kit.server.requests.filter((r) => r.route === 'openai.embeddings')).toHaveLength(3);
    expect(dot(vectors[0]!, vectors[1]!)).toBeGreaterThan(dot(vectors[0]!, vectors[2]!));
  });

  it.each([
    ['no texts', [] as string[], 0],
    ['identical texts', ['same', 'same'], 2],
  ])('handles %s', async (_label, texts, count) => {
    const vectors = await embedder().embed(texts);
    expect(vectors).toHaveLength(count);
    if (count === 2) expect(Array.from(vectors[0]!)).toEqual(Array.from(vectors[1]!));
  });

  it('maps a fault to its error', async () => {
    kit.server.setFault('openai.embeddings', 'model-not-found');
    await expectFailure(embedder().embed(['x']), ModelNotFoundError);
  });
});
