// The engine registry against the fake provider server (all three wire formats) and a fake
// WebLLM: config mapping, key handling, usage reports, the one-call provider test and errors.
import { describe, expect, it } from 'vitest';
import { FAKE_API_KEY } from '../../../tests/servers/fake-providers';
import { useFakeProviders } from '../../../tests/servers/engine-test-kit';
import { REDACTED } from './errors';
import type { ProviderConfig } from './providers';
import {
  MissingApiKeyError,
  UnsupportedEngineError,
  createChatEngine,
  createEmbeddingEngine,
  describeError,
  listProviderModels,
  testProvider,
  toCloudConfig,
  type EngineDeps,
  MeteredChatEngine,
  type UsageEvent,
} from './registry';
import {
  FakeMlcEngine,
  FakeWebLlmModule,
  fakeRecord,
  inProcessPortFactory,
  SMOL_MODEL,
  SWIFTSHADER_PROBE,
} from './webllm/testing/fake-mlc-engine';
import { WebLlmModelManager } from './webllm/manager';
import { ScriptedEngine } from '../pipeline/testing/scripted-engine';
import { MemoryBatchProvider } from '../pipeline/testing/scripted-batch';

const kit = useFakeProviders();

const PATHS = {
  openai: '/openai/v1',
  'openai-compatible': '/openai/v1',
  anthropic: '/anthropic',
  gemini: '/gemini',
};

function provider(kind: keyof typeof PATHS, extra: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id: `reg-${kind}`,
    kind,
    label: `Fake ${kind}`,
    baseUrl: `${kit.server.url}${PATHS[kind]}`,
    models: ['model-a'],
    rememberKey: false,
    ...(kind === 'openai-compatible' ? { preset: 'custom' as const } : {}),
    ...extra,
  };
}

function deps(key: string | null = FAKE_API_KEY, usage: UsageEvent[] = []): EngineDeps {
  return { getKey: () => key ?? undefined, onUsage: (e) => usage.push(e) };
}

describe('toCloudConfig', () => {
  it.each<[string, ProviderConfig, string | undefined, Record<string, unknown>]>([
    [
      'OpenAI becomes the openai preset',
      { id: 'o', kind: 'openai', label: 'O', models: [], rememberKey: false },
      'k-123',
      {
        kind: 'openai-compatible',
        preset: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        apiKey: 'k-123',
      },
    ],
    [
      'compatible keeps its preset and needs no key',
      {
        id: 'l',
        kind: 'openai-compatible',
        preset: 'ollama',
        label: 'L',
        models: [],
        rememberKey: false,
      },
      undefined,
      { kind: 'openai-compatible', preset: 'ollama', baseUrl: 'http://localhost:11434/v1' },
    ],
    [
      'timeout and concurrency pass through',
      {
        id: 'a',
        kind: 'anthropic',
        label: 'A',
        models: [],
        rememberKey: false,
        timeoutSeconds: 2.5,
        maxConcurrency: 3,
      },
      'k-123',
      {
        kind: 'anthropic',
        retry: { timeoutMs: 2500 },
        maxConcurrency: 3,
        baseUrl: 'https://api.anthropic.com',
      },
    ],
  ])('%s', (_name, config, key, expected) => {
    const out = toCloudConfig(config, { getKey: () => key });
    expect(out).toMatchObject({ providerId: config.id, label: config.label, ...expected });
    if (key === undefined) expect(out).not.toHaveProperty('apiKey');
  });

  it.each<[ProviderConfig, abstract new (...args: never[]) => Error]>([
    [
      { id: 'g', kind: 'gemini', label: 'My Gemini', models: [], rememberKey: false },
      MissingApiKeyError,
    ],
    [
      {
        id: 'r',
        kind: 'openai-compatible',
        preset: 'openrouter',
        label: 'R',
        models: [],
        rememberKey: false,
      },
      MissingApiKeyError,
    ],
    [
      // A server whose key is optional, but the user gave one: never called without it.
      {
        id: 'c',
        kind: 'openai-compatible',
        preset: 'custom',
        label: 'C',
        models: [],
        rememberKey: false,
        usesKey: true,
      },
      MissingApiKeyError,
    ],
    [
      { id: 'webllm', kind: 'webllm', label: 'W', models: [], rememberKey: false },
      UnsupportedEngineError,
    ],
  ])('%j without a key -> %o', (config, errorClass) => {
    expect(() => toCloudConfig(config, { getKey: () => undefined })).toThrow(errorClass);
  });

  it('names the provider and where to fix a missing key', () => {
    expect(() =>
      toCloudConfig(
        { id: 'g', kind: 'gemini', label: 'My Gemini', models: [], rememberKey: false },
        { getKey: () => '' },
      ),
    ).toThrow('No API key for My Gemini. Open Settings, choose Edit on My Gemini');
  });
});

describe('createChatEngine on the fake providers', () => {
  it.each([
    ['openai', 'cloud'],
    ['openai-compatible', 'local'],
    ['anthropic', 'cloud'],
    ['gemini', 'cloud'],
  ] as const)('%s answers, streams, and reports usage billed as %s', async (kind, billedAs) => {
    const usage: UsageEvent[] = [];
    const engine = await createChatEngine(provider(kind), 'model-a', deps(FAKE_API_KEY, usage));
    expect(engine.id).toBe(`reg-${kind}/model-a`);
    const deltas: string[] = [];
    const result = await engine.chat({
      messages: [{ role: 'user', content: 'registry hello' }],
      onToken: (d) => deltas.push(d),
    });
    expect(result.choices[0]?.text).toMatch(/^Reply #\d+ to: registry hello$/);
    expect(deltas.join('')).toBe(result.choices[0]?.text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(usage).toEqual([
      expect.objectContaining({
        engineId: `reg-${kind}/model-a`,
        providerId: `reg-${kind}`,
        model: 'model-a',
        location: billedAs,
        usage: expect.objectContaining({ completionTokens: expect.any(Number) }),
      }),
    ]);
    expect(kit.server.requests.filter((r) => r.method === 'POST').every((r) => r.keyMatched)).toBe(
      true,
    );
  });

  it('sends no key to a keyless local server', async () => {
    kit.server.settings.allowNoKey = true;
    const engine = await createChatEngine(provider('openai-compatible'), 'm', deps(null));
    await engine.chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(
      kit.server.requests.filter((r) => r.method === 'POST').map((r) => r.keyPresented),
    ).toEqual([false]);
  });

  it('works without a usage callback (no metering wrapper)', async () => {
    const engine = await createChatEngine(provider('gemini'), 'm', { getKey: () => FAKE_API_KEY });
    expect(engine.constructor.name).toBe('GeminiChatEngine');
  });
});

describe('testProvider', () => {
  it('makes one chat call with max_tokens 8 to the first model', async () => {
    const usage: UsageEvent[] = [];
    const result = await testProvider(
      provider('anthropic', { models: ['first', 'second'] }),
      deps(FAKE_API_KEY, usage),
    );
    expect(result).toMatchObject({ model: 'first', reply: expect.stringMatching(/^Reply #1/) });
    const posts = kit.server.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ model: 'first', max_tokens: 8 });
    expect(usage).toHaveLength(1);
  });

  it.each([
    ['bad-key', 'InvalidApiKeyError', /rejected the API key/],
    ['model-not-found', 'ModelNotFoundError', /has no model "model-a"/],
    ['malformed', 'MalformedResponseError', /could not read|not valid JSON|sent/],
  ] as const)('%s -> %s with an actionable message and no key', async (fault, name, text) => {
    kit.server.setFault('openai.chat', fault, { times: 10 });
    const usage: UsageEvent[] = [];
    const error = await testProvider(provider('openai-compatible'), deps(FAKE_API_KEY, usage)).then(
      () => null,
      (err: unknown) => err as Error,
    );
    expect(error?.name).toBe(name);
    expect(error?.message).toMatch(text);
    expect(describeError(error, [FAKE_API_KEY])).not.toContain(FAKE_API_KEY);
    expect(usage).toEqual([]);
  });

  it('times out a hanging provider after its configured timeout', async () => {
    kit.server.setFault('gemini', 'hang');
    const started = Date.now();
    const error = await testProvider(provider('gemini', { timeoutSeconds: 1 }), deps()).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('TimeoutError');
    expect(error?.message).toContain('did not answer within 1.0 s');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a provider without models', async () => {
    await expect(testProvider(provider('openai', { models: [] }), deps())).rejects.toThrow(
      'Add a model id to Fake openai first.',
    );
  });
});

describe('embeddings and model lists', () => {
  it.each([
    ['gemini', true],
    ['openai-compatible', true],
    ['anthropic', false],
  ] as const)('%s embeddings available: %s', async (kind, available) => {
    const made = createEmbeddingEngine(provider(kind), 'emb', deps());
    if (!available) {
      await expect(made).rejects.toBeInstanceOf(UnsupportedEngineError);
      return;
    }
    const vectors = await (await made).embed(['a', 'b']);
    expect(vectors).toHaveLength(2);
    expect(Math.hypot(...vectors[0]!)).toBeCloseTo(1, 5);
  });

  it('WebLLM offers no embeddings', async () => {
    await expect(
      createEmbeddingEngine(
        { id: 'webllm', kind: 'webllm', label: 'W', models: [], rememberKey: false },
        'x',
        deps(),
      ),
    ).rejects.toThrow(/transformers\.js embedding model/);
  });

  it.each(['openai', 'anthropic', 'gemini'] as const)('%s lists its models', async (kind) => {
    const models = await listProviderModels(provider(kind), deps());
    expect(models.length).toBeGreaterThan(0);
  });

  it('lists the transformers.js chat models without loading anything', async () => {
    const models = await listProviderModels(
      { id: 'transformers', kind: 'transformers', label: 'T', models: [], rememberKey: false },
      deps(),
    );
    expect(models).toContain('HuggingFaceTB/SmolLM2-360M-Instruct');
  });
});

describe('WebLLM through the registry', () => {
  const SMOL = SMOL_MODEL;
  const SWIFTSHADER = SWIFTSHADER_PROBE;

  it('loads the model with progress and meters its calls as local', async () => {
    const engine = new FakeMlcEngine({
      reply: () => 'hi there',
      progress: [
        {
          progress: 0.5,
          timeElapsed: 1,
          text: 'Fetching param cache[1/2]: 100MB fetched. 50% completed',
        },
      ],
    });
    const module = new FakeWebLlmModule(engine, { model_list: [fakeRecord(SMOL)] });
    const manager = new WebLlmModelManager({
      createPort: inProcessPortFactory(module).factory,
      probe: async () => SWIFTSHADER,
    });
    const usage: UsageEvent[] = [];
    const fractions: number[] = [];
    const chat = await createChatEngine(
      { id: 'webllm', kind: 'webllm', label: 'WebLLM', models: [], rememberKey: false },
      SMOL,
      {
        ...deps(null, usage),
        webllmManager: async () => manager,
        onLoadProgress: (p) => fractions.push(p.fraction),
      },
    );
    const result = await chat.chat({ messages: [{ role: 'user', content: 'hello' }] });
    expect(result.choices[0]?.text).toBe('hi there');
    expect(fractions.length).toBeGreaterThan(0);
    expect(usage.map((u) => [u.engineId, u.location])).toEqual([[`webllm/${SMOL}`, 'local']]);
  });
});

describe('describeError', () => {
  it.each<[unknown, string[], string]>([
    [new Error('Bad key sk-abcdef123456 given'), [], `Bad key ${REDACTED} given`],
    [new Error('my-secret-key leaked'), ['my-secret-key'], `${REDACTED} leaked`],
    ['plain text', [], 'plain text'],
    [42, [], 'Something went wrong.'],
    [Object.assign(new Error(''), { name: 'AbortError' }), [], 'AbortError'],
  ])('%o -> %j', (err, secrets, expected) => {
    expect(describeError(err, secrets)).toBe(expected);
  });
});

describe('MeteredChatEngine', () => {
  it('reports the usage of batch answers marked as batch (billed at the batch price)', async () => {
    const inner = new MemoryBatchProvider(0).wrap(new ScriptedEngine(() => 'ok', { id: 'p/m' }));
    const events: UsageEvent[] = [];
    const metered = new MeteredChatEngine(inner, 'cloud', (e) => events.push(e));
    const request = { messages: [{ role: 'user' as const, content: 'hi' }] };
    await metered.chat(request);
    const handle = await metered.batch!.submit([{ customId: 'k', request }]);
    await metered.batch!.results(handle, [{ customId: 'k', request }]);
    expect(events.map((e) => e.batch === true)).toEqual([false, true]);
  });
});
