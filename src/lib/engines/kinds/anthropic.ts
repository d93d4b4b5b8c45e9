// Provider descriptor: Anthropic's Messages API (chat only, Message Batches, its price list).
import { corsAdvice } from '../errors';
import type { ProviderDescriptor } from './types';

/** Anthropic. */
export const anthropic = {
  kind: 'anthropic',
  label: 'Anthropic',
  needsKey: 'required',
  defaultBaseUrl: 'https://api.anthropic.com',
  location: 'cloud',
  cors: corsAdvice('anthropic'),
  hasEmbeddings: false,
  exampleModels: ['claude-haiku-4-5', 'claude-sonnet-4-5'],
  exampleEmbeddingModels: [],
  keyHelp: 'Create a key at console.anthropic.com → API keys.',
  configurable: true,
  family: 'cloud',
  cloudApi: 'anthropic',
  priceScope: 'anthropic',
  priceLabel: 'Anthropic',
} as const satisfies ProviderDescriptor;
