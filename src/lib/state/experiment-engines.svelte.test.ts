// Tests of the engine catalog: what each provider kind supports without building an engine, the
// chat and embedding choices including the local engines, labels, and prices for the estimate.
import { describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../engines/providers';
import type { PriceRow } from './accounting';
import { EngineCatalog, staticSupport, type StaticSupport } from './experiment-engines.svelte';

function provider(
  partial: Partial<ProviderConfig> & Pick<ProviderConfig, 'id' | 'kind'>,
): ProviderConfig {
  return { label: partial.id, models: [], rememberKey: false, ...partial };
}

describe('staticSupport', () => {
  it.each<[string, Partial<ProviderConfig> & Pick<ProviderConfig, 'kind'>, StaticSupport]>([
    ['OpenAI', { kind: 'openai' }, { n: 'native', seed: 'native', location: 'cloud', batch: true }],
    [
      'Anthropic',
      { kind: 'anthropic' },
      { n: 'emulated', seed: 'none', location: 'cloud', batch: true },
    ],
    ['Gemini', { kind: 'gemini' }, { n: 'native', seed: 'native', location: 'cloud', batch: true }],
    [
      'Ollama on this machine',
      { kind: 'openai-compatible', preset: 'ollama' },
      { n: 'emulated', seed: 'native', location: 'local', batch: false },
    ],
    [
      'vLLM elsewhere',
      { kind: 'openai-compatible', preset: 'vllm', baseUrl: 'https://gpu.example/v1' },
      { n: 'native', seed: 'native', location: 'cloud', batch: false },
    ],
    [
      'a custom server without preset',
      { kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:9000/v1' },
      { n: 'emulated', seed: 'native', location: 'local', batch: false },
    ],
    [
      'WebLLM',
      { kind: 'webllm' },
      { n: 'emulated', seed: 'native', location: 'local', batch: false },
    ],
    [
      'transformers.js',
      { kind: 'transformers' },
      { n: 'emulated', seed: 'native', location: 'local', batch: false },
    ],
  ])('%s', (_name, config, expected) => {
    expect(staticSupport(provider({ id: 'x', ...config }))).toEqual(expected);
  });
});

describe('EngineCatalog', () => {
  const rows: PriceRow[] = [
    { provider: 'anthropic', model: 'claude-haiku-4-5', inputPerMTok: 1, outputPerMTok: 5 },
  ];
  const catalog = new EngineCatalog({
    providers: {
      providers: [
        provider({
          id: 'claude',
          kind: 'anthropic',
          label: 'Claude',
          models: ['claude-haiku-4-5', 'claude-x'],
        }),
        provider({
          id: 'ollama',
          kind: 'openai-compatible',
          preset: 'ollama',
          label: 'Ollama',
          models: ['llama3:8b'],
          embeddingModels: ['nomic-embed-text'],
        }),
      ],
    },
    webllm: { selected: 'SmolLM2-360M' },
    transformers: {
      chatOptions: [{ id: 'HF/tiny-chat' }],
      embeddingOptions: [{ id: 'Xenova/all-MiniLM-L6-v2' }],
    },
    prices: {
      priceFor: (config, model) =>
        rows.find((r) => r.provider === config.kind && model.startsWith(r.model)) ?? null,
    },
  });

  it('offers configured and local chat models, and embedding models where a provider has them', () => {
    expect(catalog.chatChoices.map((c) => c.id)).toEqual([
      'claude/claude-haiku-4-5',
      'claude/claude-x',
      'ollama/llama3:8b',
      'webllm/SmolLM2-360M',
      'transformers/HF/tiny-chat',
    ]);
    expect(catalog.embeddingChoices.map((c) => c.id)).toEqual([
      'ollama/nomic-embed-text',
      'transformers/Xenova/all-MiniLM-L6-v2',
    ]);
  });

  it.each([
    ['claude/claude-haiku-4-5', 'claude-haiku-4-5 · Claude'],
    ['transformers/HF/tiny-chat', 'HF/tiny-chat · transformers.js (this browser)'],
    ['gone/model', 'gone/model'],
    ['no-slash', 'no-slash'],
  ])('labels %s as %s', (id, label) => {
    expect(catalog.label(id)).toBe(label);
  });

  it('describes engines for the estimate: location, n, and prices of priced cloud models only', () => {
    const ids = ['claude/claude-haiku-4-5', 'claude/claude-x', 'ollama/llama3:8b', 'gone/m'];
    expect(catalog.engineInfo(ids)).toEqual({
      'claude/claude-haiku-4-5': {
        location: 'cloud',
        capabilities: { n: 'emulated', batch: true },
      },
      'claude/claude-x': { location: 'cloud', capabilities: { n: 'emulated', batch: true } },
      'ollama/llama3:8b': { location: 'local', capabilities: { n: 'emulated', batch: false } },
      'gone/m': { location: 'cloud', capabilities: { n: 'emulated', batch: false } },
    });
    expect(catalog.priceTable(ids)).toEqual({
      'claude/claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
    });
    expect(catalog.support('claude/claude-x').seed).toBe('none');
    expect(catalog.provider('webllm/anything')?.kind).toBe('webllm');
  });
});
