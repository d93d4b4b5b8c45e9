// The provider factory: each kind yields the right engine (SDK loaded on demand), embeddings
// exist where the provider has them, and model listing works per kind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_API_KEY,
  startFakeProviders,
  type FakeProviders,
} from '../../../../tests/servers/fake-providers';
import {
  createCloudChatEngine,
  createCloudEmbeddingEngine,
  hasCloudEmbeddings,
  listCloudModels,
  OPENAI_PRESETS,
  type CloudProviderKind,
} from './index';

let server: FakeProviders;
beforeAll(async () => {
  server = await startFakeProviders();
});
afterAll(async () => {
  await server.close();
});

const paths: Record<CloudProviderKind, string> = {
  'openai-compatible': '/openai/v1',
  anthropic: '/anthropic',
  gemini: '/gemini',
};

describe('createCloudChatEngine', () => {
  it.each([
    ['openai-compatible', 'OpenAIChatEngine', 'native'],
    ['anthropic', 'AnthropicChatEngine', 'emulated'],
    ['gemini', 'GeminiChatEngine', 'native'],
  ] as const)('%s -> %s that answers', async (kind, className, n) => {
    const engine = await createCloudChatEngine(
      {
        kind,
        providerId: `factory-${kind}`,
        apiKey: FAKE_API_KEY,
        baseUrl: `${server.url}${paths[kind]}`,
      },
      'm',
    );
    expect(engine.constructor.name).toBe(className);
    expect(engine.id).toBe(`factory-${kind}/m`);
    expect(engine.capabilities.n).toBe(n);
    const result = await engine.chat({ messages: [{ role: 'user', content: 'factory' }] });
    expect(result.choices[0]?.text).toMatch(/^Reply #\d+ to: factory$/);
  });
});

describe('embeddings and model lists', () => {
  it.each([
    ['openai-compatible', true],
    ['anthropic', false],
    ['gemini', true],
  ] as const)('%s has embeddings: %s', async (kind, has) => {
    expect(hasCloudEmbeddings(kind)).toBe(has);
    const provider = {
      kind,
      providerId: `emb-${kind}`,
      apiKey: FAKE_API_KEY,
      baseUrl: `${server.url}${paths[kind]}`,
    };
    if (has) {
      const vectors = await (await createCloudEmbeddingEngine(provider, 'e')).embed(['a', 'b']);
      expect(vectors).toHaveLength(2);
    } else {
      await expect(createCloudEmbeddingEngine(provider, 'e')).rejects.toThrow('no embeddings API');
    }
    await expect(listCloudModels(provider)).resolves.toEqual(['fake-large', 'fake-small']);
  });

  it.each(Object.values(OPENAI_PRESETS).map((p) => [p.id, p] as const))(
    'preset %s has a base URL and CORS advice',
    (_id, preset) => {
      expect(() => new URL(preset.defaultBaseUrl)).not.toThrow();
      expect(preset.cors.length).toBeGreaterThan(20);
      expect(preset.defaultConcurrency).toBeGreaterThanOrEqual(1);
    },
  );
});
