// Provider descriptor: OpenAI's own API (chat, embeddings, Batch API, its price list).
import { OPENAI_PRESETS } from '../cloud/presets';
import { corsAdvice } from '../errors';
import type { ProviderDescriptor } from './types';

/** OpenAI. */
export const openai = {
  kind: 'openai',
  label: 'OpenAI',
  needsKey: 'required',
  defaultBaseUrl: OPENAI_PRESETS.openai.defaultBaseUrl,
  location: 'cloud',
  cors: corsAdvice('openai'),
  hasEmbeddings: true,
  exampleModels: ['gpt-4o-mini', 'gpt-4.1-mini'],
  exampleEmbeddingModels: ['text-embedding-3-small'],
  keyHelp: 'Create a key at platform.openai.com → API keys.',
  configurable: true,
  family: 'cloud',
  cloudApi: 'openai-compatible',
  priceScope: 'openai',
  priceLabel: 'OpenAI',
} as const satisfies ProviderDescriptor;
