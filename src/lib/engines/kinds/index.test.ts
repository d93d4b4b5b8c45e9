// The provider list: every vocabulary derived from the descriptors keeps its order and members.
import { describe, expect, it } from 'vitest';
import {
  CONFIGURABLE_KINDS,
  descriptorOf,
  PRICE_SCOPE_LABELS,
  PRICE_SCOPES,
  PROVIDER_DESCRIPTORS,
  PROVIDER_KINDS,
  type ProviderKind,
} from './index';

describe('provider descriptors', () => {
  it('derive the kind, configurable-kind and price-scope lists in menu order', () => {
    expect(PROVIDER_KINDS).toEqual([
      'openai',
      'anthropic',
      'gemini',
      'openai-compatible',
      'webllm',
      'transformers',
    ]);
    expect(CONFIGURABLE_KINDS).toEqual(['openai', 'anthropic', 'gemini', 'openai-compatible']);
    expect(PRICE_SCOPES).toEqual(['openai', 'anthropic', 'gemini', 'openai-compatible']);
    expect(PRICE_SCOPE_LABELS).toEqual({
      openai: 'OpenAI',
      anthropic: 'Anthropic',
      gemini: 'Gemini',
      'openai-compatible': 'OpenAI-compatible',
    });
  });

  it.each<[ProviderKind, string, string | undefined, string | null, string]>([
    ['openai', 'cloud', 'openai-compatible', 'openai', 'required'],
    ['anthropic', 'cloud', 'anthropic', 'anthropic', 'required'],
    ['gemini', 'cloud', 'gemini', 'gemini', 'required'],
    ['openai-compatible', 'cloud', 'openai-compatible', 'openai-compatible', 'optional'],
    ['webllm', 'webllm', undefined, null, 'none'],
    ['transformers', 'transformers', undefined, null, 'none'],
  ])('%s: family %s, API %s, prices %s, key %s', (kind, family, api, scope, key) => {
    const d = descriptorOf(kind);
    expect(d.kind).toBe(kind);
    expect(PROVIDER_DESCRIPTORS[kind]).toBe(d);
    expect([d.family, d.cloudApi, d.priceScope, d.needsKey]).toEqual([family, api, scope, key]);
    expect(d.location).toBe(family === 'cloud' ? 'cloud' : 'local');
  });
});
