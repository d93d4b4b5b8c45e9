// Provider descriptor: any OpenAI-compatible server (Ollama, LM Studio, vLLM, OpenRouter, ...);
// its presets live in cloud/presets.ts, its prices in a list of their own.
import { OPENAI_PRESETS } from '../cloud/presets';
import { corsAdvice } from '../errors';
import type { ProviderDescriptor } from './types';

/** An OpenAI-compatible server. */
export const openaiCompatible = {
  kind: 'openai-compatible',
  label: 'OpenAI-compatible server',
  needsKey: 'optional',
  defaultBaseUrl: OPENAI_PRESETS.custom.defaultBaseUrl,
  location: 'cloud',
  cors: corsAdvice('custom'),
  hasEmbeddings: true,
  exampleModels: ['llama3.2', 'qwen2.5:0.5b'],
  exampleEmbeddingModels: ['nomic-embed-text'],
  keyHelp: 'Local servers usually need no key; hosted ones issue keys in their dashboard.',
  configurable: true,
  family: 'cloud',
  cloudApi: 'openai-compatible',
  priceScope: 'openai-compatible',
  priceLabel: 'OpenAI-compatible',
} as const satisfies ProviderDescriptor;
