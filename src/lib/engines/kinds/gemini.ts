// Provider descriptor: Google Gemini's native API (chat, embeddings, batch mode, its price list).
import { corsAdvice } from '../errors';
import type { ProviderDescriptor } from './types';

/** Google Gemini. */
export const gemini = {
  kind: 'gemini',
  label: 'Google Gemini',
  needsKey: 'required',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  location: 'cloud',
  cors: corsAdvice('gemini'),
  hasEmbeddings: true,
  exampleModels: ['gemini-2.5-flash', 'gemini-2.5-flash-lite'],
  exampleEmbeddingModels: ['gemini-embedding-001'],
  keyHelp: 'Create a key at aistudio.google.com → Get API key.',
  configurable: true,
  family: 'cloud',
  cloudApi: 'gemini',
  priceScope: 'gemini',
  priceLabel: 'Gemini',
} as const satisfies ProviderDescriptor;
