// Anthropic engine against the local fake provider: headers, system prompt, emulated n,
// ignored seed, clamped temperature, tool-use structured output, streaming and faults.
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
  TruncatedResponseError,
  ParameterRejectedError,
  ProviderServerError,
  RateLimitError,
  RequestCancelledError,
  TimeoutError,
} from '../errors';
import type { ChatRequest } from '../types';
import { AnthropicChatEngine, listAnthropicModels, type AnthropicEngineConfig } from './anthropic';

const kit = useFakeProviders();

function engine(overrides: Partial<AnthropicEngineConfig> = {}): AnthropicChatEngine {
  return new AnthropicChatEngine({
    providerId: 'anthropic-test',
    model: 'claude-test',
    apiKey: FAKE_API_KEY,
    baseUrl: `${kit.server.url}/anthropic`,
    retry: FAST_RETRY,
    probe: NO_PROBE,
    ...overrides,
  });
}

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: text }],
  ...extra,
});

const bodies = (): Record<string, unknown>[] =>
  kit.server.requests
    .filter((r) => r.route === 'anthropic.messages')
    .map((r) => r.body as Record<string, unknown>);

describe('AnthropicChatEngine requests', () => {
  it('sends the version and browser headers, the key, and a system prompt', async () => {
    const result = await engine().chat({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'again' },
      ],
    });
    expect(result.choices).toEqual([{ text: 'Reply #1 to: again', finishReason: 'stop' }]);
    const request = kit.server.requests[0]!;
    expect(request.keyMatched).toBe(true);
    expect(request.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(request.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    expect(bodies()[0]).toMatchObject({
      // The stable system text is marked for Anthropic's prompt cache.
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      max_tokens: 1024,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'again' },
      ],
    });
    expect(result.usage).toEqual({ promptTokens: 5, completionTokens: 4, totalTokens: 9 });
  });

  it.each([
    // request, expected body fields, expected notes (param:status)
    [{ temperature: 0.5, top_p: 0.9 }, { temperature: 0.5, top_p: 0.9 }, []],
    [{ temperature: 1.7 }, { temperature: 1 }, ['temperature:clamped']],
    [{ seed: 3 }, {}, ['seed:ignored']],
    [{ stop: ['END'], max_tokens: 10 }, { stop_sequences: ['END'], max_tokens: 10 }, []],
    [{ n: 3 }, {}, ['n:emulated']],
  ] as const)('maps %o', async (params, wire, notes) => {
    const result = await engine().chat(ask('p', params as Partial<ChatRequest>));
    expect(bodies()[0]).toMatchObject(wire);
    expect(bodies()[0]).not.toHaveProperty('seed');
    expect(bodies()[0]).not.toHaveProperty('n');
    expect(result.notes.map((n) => `${n.param}:${n.status}`)).toEqual(notes);
  });

  it('emulates n with separate calls and sums usage', async () => {
    const result = await engine().chat(ask('three', { n: 3 }));
    expect(result.choices.map((c) => c.text).sort()).toEqual([
      'Reply #1 to: three',
      'Reply #2 to: three',
      'Reply #3 to: three',
    ]);
    expect(bodies()).toHaveLength(3);
    expect(result.applied.n).toBe(3);
    expect(result.usage).toEqual({ promptTokens: 3, completionTokens: 12, totalTokens: 15 });
    expect(engine().capabilities).toMatchObject({ n: 'emulated', seed: 'none' });
  });

  it.each([
    [1, 'length'],
    [50, 'stop'],
  ])('max_tokens=%i finishes with %s', async (maxTokens, finish) => {
    const result = await engine().chat(ask('a b c d', { max_tokens: maxTokens }));
    expect(result.choices[0]?.finishReason).toBe(finish);
  });
});

describe('AnthropicChatEngine structured output', () => {
  const objectSchema = {
    type: 'object',
    properties: { label: { type: 'string', enum: ['yes', 'no'] }, confidence: { type: 'number' } },
    required: ['label', 'confidence'],
  };

  it.each([
    ['object schema, plain', objectSchema, false, { label: 'yes', confidence: 1 }],
    ['object schema, streamed', objectSchema, true, { label: 'yes', confidence: 1 }],
    ['array schema (wrapped)', { type: 'array', items: { type: 'string' } }, false, ['Reply #1']],
    ['array schema, streamed', { type: 'array', items: { type: 'integer' } }, true, [1]],
  ])('%s', async (_label, schema, stream, expected) => {
    let streamed = '';
    const result = await engine().chat(
      ask('classify', {
        jsonSchema: { name: 'label it', schema },
        ...(stream && { onToken: (d: string) => (streamed += d) }),
      }),
    );
    expect(JSON.parse(result.choices[0]?.text ?? '')).toEqual(expected);
    expect(result.choices[0]?.finishReason).toBe('stop');
    expect(result.applied.structuredOutput).toBe('json-schema');
    expect(result.notes).toEqual([
      expect.objectContaining({ param: 'jsonSchema', status: 'emulated' }),
    ]);
    const body = bodies()[0] as { tool_choice: unknown; tools: { name: string }[] };
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'label_it' });
    expect(body.tools[0]?.name).toBe('label_it');
    if (stream) expect(streamed.length).toBeGreaterThan(0);
  });
});

describe('AnthropicChatEngine streaming', () => {
  it.each([1, 2])('streams n=%i; deltas concatenate per choice', async (n) => {
    const deltas = new Map<number, string>();
    const result = await engine().chat(
      ask('flow', { n, onToken: (d, i) => deltas.set(i, (deltas.get(i) ?? '') + d) }),
    );
    expect(result.choices).toHaveLength(n);
    result.choices.forEach((c, i) => expect(deltas.get(i)).toBe(c.text));
    expect(result.usage?.completionTokens).toBe(4 * n);
    expect(result.applied.stream).toBe(true);
  });
});

describe('AnthropicChatEngine faults', () => {
  it.each<[FaultKind, FaultOptions, new (...a: never[]) => EngineError, number, string]>([
    ['bad-key', {}, InvalidApiKeyError, 1, 'rejected the API key'],
    ['no-credit', {}, InsufficientCreditError, 1, 'credit balance is too low'],
    ['payment-required', {}, InsufficientCreditError, 1, 'no credit'],
    ['model-not-found', {}, ModelNotFoundError, 1, 'no model "claude-test"'],
    ['rate-limit', { times: 9 }, RateLimitError, 4, 'tried 4 times'],
    ['server-error', { times: 9 }, ProviderServerError, 4, 'tried 4 times'],
    ['cut-stream', { times: 9 }, TruncatedResponseError, 4, 'cut it off'],
    ['malformed', {}, MalformedResponseError, 1, 'Anthropic'],
    ['param-rejected', { param: 'temperature' }, ParameterRejectedError, 1, '`temperature`'],
    ['hang', {}, TimeoutError, 1, 'did not answer'],
  ])('%s -> %o', async (kind, options, errorClass, requests, fragment) => {
    kit.server.setFault('anthropic', kind, options);
    const error = await expectFailure(
      engine(kind === 'hang' ? { retry: HANG_RETRY } : {}).chat(ask('x', { temperature: 0.5 })),
      errorClass,
    );
    expect(error.message).toContain(fragment);
    expect(bodies()).toHaveLength(requests);
  });

  streamFaultTests(() => ({
    setFault: (kind, options) => kit.server.setFault('anthropic', kind, options),
    chat: (request) => engine().chat(request),
    sent: () => bodies().length,
  }));

  it('surfaces a rejected temperature with the parameter name', async () => {
    kit.server.setFault('anthropic', 'param-rejected', { param: 'temperature', times: Infinity });
    const error = await expectFailure(
      engine().chat(ask('x', { temperature: 0.2 })),
      ParameterRejectedError,
    );
    expect(error.param).toBe('temperature');
    // Without temperature the same model answers: the fault only hits requests that carry it.
    await expect(engine().chat(ask('x'))).resolves.toMatchObject({ notes: [] });
  });

  it('in drop-and-note mode repeats without top_p and records why', async () => {
    kit.server.setFault('anthropic', 'param-rejected', { param: 'top_p', times: Infinity });
    const result = await engine({ onRejectedParam: 'drop-and-note' }).chat(
      ask('x', { top_p: 0.8 }),
    );
    expect(result.notes).toEqual([expect.objectContaining({ param: 'top_p', status: 'rejected' })]);
    expect(bodies().map((b) => b.top_p)).toEqual([0.8, undefined]);
  });

  it('retries a 429 then succeeds', async () => {
    kit.server.setFault('anthropic', 'rate-limit');
    const result = await engine().chat(ask('later'));
    expect(result.choices[0]?.text).toBe('Reply #1 to: later');
    expect(bodies()).toHaveLength(2);
  });

  it('cancels an emulated-n call as a whole', async () => {
    kit.server.script(() => ({ text: 'slow', delayMs: 3_000 }));
    const controller = new AbortController();
    const pending = engine({ retry: { ...FAST_RETRY, timeoutMs: 10_000 } }).chat(
      ask('x', { n: 3, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 30);
    await expectFailure(pending, RequestCancelledError);
  });
});

describe('listAnthropicModels', () => {
  it.each([
    [FAKE_API_KEY, ['fake-large', 'fake-small']],
    ['wrong-key-123', InvalidApiKeyError],
  ] as const)('with key %s', async (apiKey, expected) => {
    const pending = listAnthropicModels({
      providerId: 'anthropic-test',
      apiKey,
      baseUrl: `${kit.server.url}/anthropic`,
      retry: FAST_RETRY,
    });
    if (Array.isArray(expected)) await expect(pending).resolves.toEqual(expected);
    else await expectFailure(pending, InvalidApiKeyError);
  });
});
