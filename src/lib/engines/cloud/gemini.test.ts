// Gemini engine against the local fake provider: generationConfig mapping, candidateCount,
// JSON schema output, streaming, embeddings, model listing and every injected fault.
import { describe, expect, it } from 'vitest';
import {
  FAKE_API_KEY,
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
import type { ChatRequest } from '../types';
import {
  GeminiChatEngine,
  GeminiEmbeddingEngine,
  listGeminiModels,
  type GeminiEngineConfig,
} from './gemini';

const kit = useFakeProviders();

function engine(overrides: Partial<GeminiEngineConfig> = {}): GeminiChatEngine {
  return new GeminiChatEngine({
    providerId: 'gemini-test',
    model: 'gemini-test',
    apiKey: FAKE_API_KEY,
    baseUrl: `${kit.server.url}/gemini`,
    retry: FAST_RETRY,
    probe: NO_PROBE,
    ...overrides,
  });
}

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: text }],
  ...extra,
});

const generateCalls = (): { path: string; body: Record<string, unknown> }[] =>
  kit.server.requests
    .filter((r) => r.route === 'gemini.generate')
    .map((r) => ({ path: r.path, body: r.body as Record<string, unknown> }));

describe('GeminiChatEngine requests', () => {
  it('sends the key as x-goog-api-key (never in the URL) and maps roles and config', async () => {
    const result = await engine().chat({
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hey' },
        { role: 'user', content: 'more' },
      ],
      temperature: 0.4,
      top_p: 0.8,
      max_tokens: 20,
      seed: 9,
      stop: ['STOP'],
    });
    expect(result.choices).toEqual([{ text: 'Reply #1 to: more', finishReason: 'stop' }]);
    const request = kit.server.requests[0]!;
    expect(request.headers['x-goog-api-key']).toBe('[REDACTED]');
    expect(request.keyMatched).toBe(true);
    expect(request.query).toEqual({});
    expect(request.path).toBe('/gemini/v1beta/models/gemini-test:generateContent');
    expect(request.body).toMatchObject({
      systemInstruction: { parts: [{ text: 'Be kind.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'hi' }] },
        { role: 'model', parts: [{ text: 'hey' }] },
        { role: 'user', parts: [{ text: 'more' }] },
      ],
      generationConfig: {
        temperature: 0.4,
        topP: 0.8,
        maxOutputTokens: 20,
        seed: 9,
        stopSequences: ['STOP'],
      },
    });
    expect(result.applied).toMatchObject({ seed: 9, temperature: 0.4, n: 1, stream: false });
    expect(result.notes).toEqual([]);
    expect(result.usage).toEqual({ promptTokens: 5, completionTokens: 4, totalTokens: 9 });
  });

  it.each([1, 2, 4])('uses candidateCount for n=%i in one call', async (n) => {
    const result = await engine().chat(ask('many', { n }));
    expect(result.choices).toHaveLength(n);
    expect(generateCalls()).toHaveLength(1);
    const config = generateCalls()[0]?.body.generationConfig as Record<string, unknown> | undefined;
    expect(config?.candidateCount).toBe(n > 1 ? n : undefined);
    expect(engine().capabilities).toMatchObject({
      n: 'native',
      seed: 'native',
      structuredOutput: 'json-schema',
    });
  });

  it('asks for JSON with responseJsonSchema', async () => {
    const schema = {
      type: 'object',
      properties: { tag: { type: 'string', enum: ['x', 'y'] }, n: { type: 'integer' } },
      required: ['tag', 'n'],
    };
    const result = await engine().chat(ask('json', { jsonSchema: { name: 'tagging', schema } }));
    expect(JSON.parse(result.choices[0]?.text ?? '')).toEqual({ tag: 'x', n: 1 });
    expect(generateCalls()[0]?.body.generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
    expect(result.applied.structuredOutput).toBe('json-schema');
  });
});

describe('GeminiChatEngine streaming', () => {
  it.each([1, 3])('streams candidateCount=%i over SSE; deltas concatenate', async (n) => {
    const deltas = new Map<number, string>();
    const result = await engine().chat(
      ask('stream it', { n, onToken: (d, i) => deltas.set(i, (deltas.get(i) ?? '') + d) }),
    );
    expect(result.choices).toHaveLength(n);
    result.choices.forEach((c, i) => {
      expect(c.text).toBe(`Reply #${i + 1} to: stream it`);
      expect(deltas.get(i)).toBe(c.text);
    });
    expect(result.usage).toEqual({
      promptTokens: 2,
      completionTokens: 5 * n,
      totalTokens: 2 + 5 * n,
    });
    expect(generateCalls()[0]?.path).toBe(
      '/gemini/v1beta/models/gemini-test:streamGenerateContent',
    );
    expect(kit.server.requests[0]?.query).toEqual({ alt: 'sse' });
  });
});

describe('GeminiChatEngine faults', () => {
  it.each<[FaultKind, FaultOptions, new (...a: never[]) => EngineError, number, string]>([
    ['bad-key', {}, InvalidApiKeyError, 1, 'rejected the API key'],
    ['no-credit', {}, InsufficientCreditError, 1, 'prepayment credits'],
    ['model-not-found', {}, ModelNotFoundError, 1, 'no model "gemini-test"'],
    ['rate-limit', { times: 9 }, RateLimitError, 4, 'tried 4 times'],
    ['server-error', { times: 9 }, ProviderServerError, 4, 'HTTP 500, tried 4 times'],
    ['cut-stream', { times: 9 }, TruncatedResponseError, 4, 'tried 4 times'],
    ['malformed', {}, MalformedResponseError, 1, 'Gemini'],
    ['param-rejected', { param: 'seed' }, ParameterRejectedError, 1, '`seed`'],
    ['network', { times: 9 }, NetworkError, 4, 'Could not reach Gemini'],
    ['hang', {}, TimeoutError, 1, 'did not answer'],
  ])('%s -> %o', async (kind, options, errorClass, requests, fragment) => {
    kit.server.setFault('gemini', kind, options);
    const error = await expectFailure(
      engine(kind === 'hang' ? { retry: HANG_RETRY } : {}).chat(ask('x', { seed: 1 })),
      errorClass,
    );
    expect(error.message).toContain(fragment);
    expect(generateCalls()).toHaveLength(requests);
  });

  it.each<[FaultKind, new (...a: never[]) => EngineError]>([
    ['malformed', MalformedResponseError],
    ['bad-key', InvalidApiKeyError],
    ['hang', TimeoutError],
  ])('streaming %s -> %o', async (kind, errorClass) => {
    kit.server.setFault('gemini', kind, { times: 9 });
    const e = engine(kind === 'hang' ? { retry: HANG_RETRY } : {});
    await expectFailure(e.chat(ask('x', { onToken: () => undefined })), errorClass);
  });

  streamFaultTests(() => ({
    setFault: (kind, options) => kit.server.setFault('gemini', kind, options),
    chat: (request) => engine().chat(request),
    sent: () => generateCalls().length,
  }));

  it('retries a 429 then succeeds', async () => {
    kit.server.setFault('gemini', 'rate-limit');
    const result = await engine().chat(ask('soon'));
    expect(result.choices[0]?.text).toBe('Reply #1 to: soon');
    expect(generateCalls()).toHaveLength(2);
  });

  it('emulates n after the model refuses candidateCount (drop-and-note)', async () => {
    kit.server.setFault('gemini', 'param-rejected', { param: 'candidateCount', times: Infinity });
    const result = await engine({ onRejectedParam: 'drop-and-note' }).chat(ask('x', { n: 3 }));
    expect(result.choices).toHaveLength(3);
    expect(result.notes.map((n) => `${n.param}:${n.status}`)).toEqual(['n:rejected', 'n:emulated']);
    expect(generateCalls()).toHaveLength(4);
  });

  it('cancels a streaming call', async () => {
    kit.server.settings.chunkDelayMs = 50;
    const controller = new AbortController();
    let seen = 0;
    const pending = engine({ retry: { ...FAST_RETRY, timeoutMs: 10_000 } }).chat(
      ask('one two three four five six', {
        signal: controller.signal,
        onToken: () => {
          seen += 1;
          controller.abort();
        },
      }),
    );
    await expectFailure(pending, RequestCancelledError);
    expect(seen).toBe(1);
  });
});

describe('GeminiEmbeddingEngine', () => {
  const embedder = (batchSize?: number): GeminiEmbeddingEngine =>
    new GeminiEmbeddingEngine({
      providerId: 'gemini-test',
      model: 'models/gemini-embedding-test',
      apiKey: FAKE_API_KEY,
      baseUrl: `${kit.server.url}/gemini`,
      retry: FAST_RETRY,
      batchSize,
      taskType: 'SEMANTIC_SIMILARITY',
    });
  const dot = (a: Float32Array, b: Float32Array): number =>
    a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

  it('embeds with batchEmbedContents and returns unit vectors in order', async () => {
    const texts = ['red apple pie', 'red apple tart', 'stock market crash'];
    const progress: number[] = [];
    const vectors = await embedder(2).embed(texts, { onProgress: (d) => progress.push(d) });
    expect(vectors.map((v) => Math.sqrt(dot(v, v)))).toEqual([
      expect.closeTo(1, 5),
      expect.closeTo(1, 5),
      expect.closeTo(1, 5),
    ]);
    expect(dot(vectors[0]!, vectors[1]!)).toBeGreaterThan(dot(vectors[0]!, vectors[2]!));
    expect(progress).toEqual([2, 3]);
    const calls = kit.server.requests.filter((r) => r.route === 'gemini.embed');
    expect(calls.map((c) => c.path)).toEqual([
      '/gemini/v1beta/models/gemini-embedding-test:batchEmbedContents',
      '/gemini/v1beta/models/gemini-embedding-test:batchEmbedContents',
    ]);
    expect(JSON.stringify(calls[0]?.body)).toContain('SEMANTIC_SIMILARITY');
  });

  it('maps a bad key', async () => {
    kit.server.setFault('gemini.embed', 'bad-key');
    await expectFailure(embedder().embed(['x']), InvalidApiKeyError);
  });
});

describe('listGeminiModels', () => {
  it('lists model ids without the models/ prefix', async () => {
    const ids = await listGeminiModels({
      providerId: 'gemini-test',
      apiKey: FAKE_API_KEY,
      baseUrl: `${kit.server.url}/gemini`,
    });
    expect(ids).toEqual(['fake-large', 'fake-small']);
  });
});
