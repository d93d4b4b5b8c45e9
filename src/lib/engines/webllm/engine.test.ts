import type { ChatCompletionRequest, MLCEngineInterface } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { buildRequestMessages } from '../../core/chat-request';
import type { ChatRequest, ParamNote } from '../types';
import { WebLlmEngine, WEBLLM_CAPABILITIES, type WebLlmChatBackend } from './engine';
import {
  GpuDeviceLostError,
  GpuOutOfMemoryError,
  ModelDownloadError,
  ShaderF16RequiredError,
  WebGpuUnavailableError,
  WebLlmModelNotLoadedError,
} from './errors';
import {
  FakeMlcEngine,
  WEBLLM_ERRORS,
  webLlmError,
  type FakeScript,
} from './testing/fake-mlc-engine';

/** Compile-time check: every real WebLLM engine (in-thread or worker) is a valid backend. */
export const realEnginesFit = (engine: MLCEngineInterface): WebLlmChatBackend => engine;

const MODEL = 'SmolLM2-360M-Instruct-q4f32_1-MLC';
const USER = [{ role: 'user' as const, content: 'Name a colour.' }];
const SCHEMA = {
  type: 'object',
  properties: { verdict: { type: 'string' } },
  required: ['verdict'],
};

function setup(script: FakeScript = {}) {
  const fake = new FakeMlcEngine({
    reply: (_r, choice, call) => `reply ${call}.${choice}`,
    ...script,
  });
  let clock = 0;
  const engine = new WebLlmEngine(fake, MODEL, {
    now: () => {
      clock += 25;
      return clock;
    },
  });
  return { fake, engine };
}

describe('WebLlmEngine request mapping', () => {
  it.each<
    [
      string,
      Omit<ChatRequest, 'messages'> & { messages?: ChatRequest['messages'] },
      Partial<ChatCompletionRequest>,
      Record<string, unknown>,
      ParamNote['status'][],
    ]
  >([
    [
      'defaults only',
      {},
      { messages: USER, n: 1, stream: false },
      { model: MODEL, n: 1, stream: false },
      [],
    ],
    [
      'sampling parameters pass through',
      { temperature: 0.7, top_p: 0.9, max_tokens: 50, seed: 42, stop: ['\n\n'] },
      { temperature: 0.7, top_p: 0.9, max_tokens: 50, seed: 42, stop: ['\n\n'] },
      { temperature: 0.7, top_p: 0.9, max_tokens: 50, seed: 42, stop: ['\n\n'] },
      [],
    ],
    [
      'temperature 0 is kept, not dropped as falsy',
      { temperature: 0 },
      { temperature: 0 },
      { temperature: 0 },
      [],
    ],
    [
      'a fractional seed is rounded (WebLLM needs integers)',
      { seed: 3.7 },
      { seed: 4 },
      { seed: 4 },
      ['clamped'],
    ],
    ['n is native when not streaming', { n: 3 }, { n: 3, stream: false }, { n: 3 }, []],
    ['n below 1 becomes 1', { n: 0 }, { n: 1 }, { n: 1 }, ['clamped']],
    ['an empty stop list is not sent', { stop: [] }, {}, {}, []],
    [
      'jsonSchema becomes response_format with the schema as a string',
      {
        messages: [{ role: 'user', content: 'Answer in JSON.' }],
        jsonSchema: { name: 'verdict', schema: SCHEMA },
      },
      {
        messages: buildRequestMessages({
          messages: [{ role: 'user', content: 'Answer in JSON.' }],
          jsonSchema: { name: 'verdict', schema: SCHEMA },
        }),
        response_format: { type: 'json_object', schema: JSON.stringify(SCHEMA) },
      },
      { structuredOutput: 'json-schema' },
      [],
    ],
  ])('%s', async (_label, extra, sent, applied, noteStatuses) => {
    const { fake, engine } = setup();
    const result = await engine.chat({ messages: USER, ...extra });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject(sent);
    if (!('stop' in sent)) expect(fake.requests[0]).not.toHaveProperty('stop');
    if (!('temperature' in sent)) expect(fake.requests[0]).not.toHaveProperty('temperature');
    expect(result.applied).toMatchObject(applied);
    expect(result.notes.map((note) => note.status)).toEqual(noteStatuses);
  });

  it.each([
    [
      'no system message: one is added',
      [{ role: 'user' as const, content: 'Judge these.' }],
      ['system', 'user'],
      0,
    ],
    [
      'an existing system message is extended',
      [
        { role: 'system' as const, content: 'You are a judge.' },
        { role: 'user' as const, content: 'Judge these.' },
      ],
      ['system', 'user'],
      0,
    ],
  ])(
    'JSON mode: the shared instruction asks for JSON; %s',
    async (_label, messages, roles, systemIndex) => {
      const { fake, engine } = setup();
      const result = await engine.chat({
        messages,
        jsonSchema: { name: 'verdict', schema: SCHEMA },
      });
      const sent = fake.requests[0]!.messages;
      expect(sent.map((m) => m.role)).toEqual(roles);
      expect(String(sent[systemIndex]!.content)).toContain(JSON.stringify(SCHEMA));
      expect(sent).toEqual(
        buildRequestMessages({ messages, jsonSchema: { name: 'verdict', schema: SCHEMA } }),
      );
      // WebLLM enforces the schema itself, so nothing was emulated.
      expect(result.notes).toEqual([]);
    },
  );
});

describe('WebLlmEngine results', () => {
  it.each([
    ['one choice', { n: 1 }, ['reply 0.0'], ['stop']],
    [
      'three choices in one call',
      { n: 3 },
      ['reply 0.0', 'reply 0.1', 'reply 0.2'],
      ['stop', 'stop', 'stop'],
    ],
    ['max_tokens cuts the reply', { max_tokens: 1 }, ['reply '], ['length']],
    ['stop strings end the reply', { stop: [' 0'] }, ['reply'], ['stop']],
  ])('%s', async (_label, extra, texts, finishes) => {
    const { engine } = setup();
    const result = await engine.chat({ messages: USER, ...extra });
    expect(result.choices.map((c) => c.text)).toEqual(texts);
    expect(result.choices.map((c) => c.finishReason)).toEqual(finishes);
    expect(result.latencyMs).toBe(25);
    expect(result.usage?.totalTokens).toBe(
      (result.usage?.promptTokens ?? 0) + (result.usage?.completionTokens ?? 0),
    );
  });

  it.each([
    ['unicode', 'Grün, 緑, 🟢 — ok'],
    ['empty reply', ''],
    ['whitespace only', '   '],
  ])('keeps %s text intact, streamed or not', async (_label, text) => {
    for (const stream of [false, true]) {
      const { engine } = setup({ reply: () => text });
      const deltas: string[] = [];
      const result = await engine.chat({
        messages: USER,
        ...(stream ? { onToken: (d: string) => deltas.push(d) } : {}),
      });
      expect(result.choices[0]?.text).toBe(text);
      if (stream) expect(deltas.join('')).toBe(text);
    }
  });

  it('reports usage from WebLLM', async () => {
    const { engine } = setup({ reply: () => 'one two three' });
    const result = await engine.chat({ messages: USER, n: 2 });
    expect(result.usage).toEqual({ promptTokens: 6, completionTokens: 6, totalTokens: 12 });
  });
});

describe('WebLlmEngine streaming', () => {
  it('streams deltas with usage requested', async () => {
    const { fake, engine } = setup({ reply: () => 'red green blue' });
    const deltas: Array<[string, number]> = [];
    const result = await engine.chat({ messages: USER, onToken: (d, i) => deltas.push([d, i]) });
    expect(fake.requests[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      n: 1,
    });
    expect(deltas).toEqual([
      ['red ', 0],
      ['green ', 0],
      ['blue', 0],
    ]);
    expect(result.choices).toEqual([{ text: 'red green blue', finishReason: 'stop' }]);
    expect(result.usage).toEqual({ promptTokens: 3, completionTokens: 3, totalTokens: 6 });
    expect(result.applied.stream).toBe(true);
  });

  it.each([
    ['with a seed: seeds differ per choice', 7, [7, 8, 9], /seeds 7\.\.9/],
    ['without a seed', undefined, [undefined, undefined, undefined], /one after another\.$/],
  ])(
    'n > 1 while streaming is emulated by sequential calls, %s',
    async (_label, seed, seeds, note) => {
      const { fake, engine } = setup();
      const seen = new Map<number, string>();
      const result = await engine.chat({
        messages: USER,
        n: 3,
        ...(seed !== undefined ? { seed } : {}),
        onToken: (d, i) => seen.set(i, (seen.get(i) ?? '') + d),
      });
      expect(fake.requests.map((r) => [r.n, r.stream, r.seed])).toEqual(
        seeds.map((s) => [1, true, s]),
      );
      expect(result.choices.map((c) => c.text)).toEqual(['reply 0.0', 'reply 1.0', 'reply 2.0']);
      expect([...seen.entries()]).toEqual([
        [0, 'reply 0.0'],
        [1, 'reply 1.0'],
        [2, 'reply 2.0'],
      ]);
      expect(result.notes).toEqual([
        { param: 'n', status: 'emulated', message: expect.stringMatching(note) },
      ]);
      expect(result.usage).toEqual({ promptTokens: 9, completionTokens: 6, totalTokens: 15 });
      expect(result.applied).toMatchObject({ n: 3, stream: true });
    },
  );
});

describe('WebLlmEngine cancellation and queueing', () => {
  it('interrupts WebLLM when aborted mid-stream and rejects with the abort reason', async () => {
    const { fake, engine } = setup({ reply: () => 'a b c d e f g h', tokenDelayMs: 2 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const call = engine.chat({
      messages: USER,
      signal: controller.signal,
      onToken: (d) => {
        deltas.push(d);
        if (deltas.length === 2) controller.abort();
      },
    });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.interrupts).toBe(1);
    expect(deltas.length).toBeLessThan(8);
  });

  it('never sends a call whose signal is already aborted', async () => {
    const { fake, engine } = setup();
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(engine.chat({ messages: USER, signal: controller.signal })).rejects.toThrow(
      'user cancelled',
    );
    expect([fake.requests.length, fake.interrupts]).toEqual([0, 0]);
  });

  it('interrupts a non-streaming call aborted while generating', async () => {
    const controller = new AbortController();
    const { fake, engine } = setup({
      reply: () => {
        controller.abort(new Error('user cancelled'));
        return 'partial';
      },
    });
    await expect(engine.chat({ messages: USER, signal: controller.signal })).rejects.toThrow(
      'user cancelled',
    );
    expect([fake.requests.length, fake.interrupts]).toEqual([1, 1]);
  });

  it('runs calls one at a time and skips a queued call that was aborted', async () => {
    const fake = new FakeMlcEngine({ reply: (_r, _c, call) => `call ${call}` });
    let active = 0;
    let maxActive = 0;
    const backend: WebLlmChatBackend = {
      interruptGenerate: () => fake.interruptGenerate(),
      chat: {
        completions: {
          create: async (request) => {
            active += 1;
            maxActive = Math.max(maxActive, active);
            await new Promise((resolve) => setTimeout(resolve, 5));
            active -= 1;
            return fake.chat.completions.create(request);
          },
        },
      },
    };
    const engine = new WebLlmEngine(backend, MODEL);
    const controller = new AbortController();
    const calls = [
      engine.chat({ messages: USER }),
      engine.chat({ messages: USER, signal: controller.signal }),
      engine.chat({ messages: USER }),
    ];
    controller.abort();
    const settled = await Promise.allSettled(calls);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(
      settled.map((s) => (s.status === 'fulfilled' ? s.value.choices[0]?.text : null)),
    ).toEqual(['call 0', null, 'call 1']);
    expect(maxActive).toBe(1);
    expect(engine.capabilities.maxConcurrency).toBe(1);
  });

  it('a failing call does not block the queue', async () => {
    const { engine } = setup({ chatError: WEBLLM_ERRORS.deviceLost() });
    const [failed, ok] = await Promise.allSettled([
      engine.chat({ messages: USER }),
      engine.chat({ messages: USER }),
    ]);
    expect(failed.status).toBe('rejected');
    expect(ok.status).toBe('fulfilled');
  });
});

describe('WebLlmEngine errors', () => {
  it.each([
    ['WebGPUNotAvailableError', WEBLLM_ERRORS.webGpuNotAvailable(), WebGpuUnavailableError],
    ['no compatible GPU', WEBLLM_ERRORS.noAdapter(), WebGpuUnavailableError],
    ['ShaderF16SupportError', WEBLLM_ERRORS.shaderF16(), ShaderF16RequiredError],
    ['DeviceLostError', WEBLLM_ERRORS.deviceLost(), GpuDeviceLostError],
    ['out of memory', WEBLLM_ERRORS.outOfMemory(), GpuOutOfMemoryError],
    ['offline', WEBLLM_ERRORS.offline(), ModelDownloadError],
    [
      'model unloaded',
      webLlmError('ModelNotLoadedError', 'Model not loaded'),
      WebLlmModelNotLoadedError,
    ],
  ])('%s becomes a typed error', async (_label, error, expected) => {
    const { engine } = setup({ chatError: error });
    await expect(engine.chat({ messages: USER })).rejects.toBeInstanceOf(expected);
  });

  it('keeps unknown WebLLM errors as they are', async () => {
    const error = webLlmError(
      'ContextWindowSizeExceededError',
      'Prompt tokens exceed context window size',
    );
    const { engine } = setup({ chatError: error });
    await expect(engine.chat({ messages: USER })).rejects.toBe(error);
  });

  it.each([
    ['after dispose', async (engine: WebLlmEngine) => engine.dispose()],
    [
      'after dispose twice',
      async (engine: WebLlmEngine) => engine.dispose().then(() => engine.dispose()),
    ],
  ])('refuses to chat %s', async (_label, act) => {
    let disposed = 0;
    const engine = new WebLlmEngine(new FakeMlcEngine(), MODEL, {
      onDispose: async () => {
        disposed += 1;
      },
    });
    await act(engine);
    expect(disposed).toBe(1);
    await expect(engine.chat({ messages: USER })).rejects.toBeInstanceOf(WebLlmModelNotLoadedError);
  });

  it('refuses to chat when the backend no longer holds the model', async () => {
    const engine = new WebLlmEngine(new FakeMlcEngine(), MODEL, { isLoaded: () => false });
    await expect(engine.chat({ messages: USER })).rejects.toBeInstanceOf(WebLlmModelNotLoadedError);
  });
});

describe('WebLlmEngine identity', () => {
  it.each([
    [undefined, 'webllm', `webllm/${MODEL}`],
    ['local-gpu', 'local-gpu', `local-gpu/${MODEL}`],
  ])('provider %s', (providerId, expectedProvider, expectedId) => {
    const engine = new WebLlmEngine(new FakeMlcEngine(), MODEL, providerId ? { providerId } : {});
    expect([engine.providerId, engine.id, engine.model, engine.location]).toEqual([
      expectedProvider,
      expectedId,
      MODEL,
      'local',
    ]);
    expect(engine.capabilities).toEqual(WEBLLM_CAPABILITIES);
  });
});
