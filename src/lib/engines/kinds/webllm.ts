// Provider descriptor: WebLLM, chat models on WebGPU in this browser (always present, free).
import type { ProviderDescriptor } from './types';

/** WebLLM. */
export const webllm = {
  kind: 'webllm',
  label: 'WebLLM (this browser, WebGPU)',
  needsKey: 'none',
  location: 'local',
  cors: '',
  hasEmbeddings: false,
  exampleModels: ['SmolLM2-360M-Instruct-q4f32_1-MLC'],
  exampleEmbeddingModels: [],
  keyHelp: '',
  configurable: false,
  family: 'webllm',
  priceScope: null,
} as const satisfies ProviderDescriptor;
