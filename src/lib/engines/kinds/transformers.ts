// Provider descriptor: transformers.js, chat and embedding models on CPU/WASM in this browser.
import type { ProviderDescriptor } from './types';

/** transformers.js. */
export const transformers = {
  kind: 'transformers',
  label: 'transformers.js (this browser, CPU/WASM)',
  needsKey: 'none',
  location: 'local',
  cors: '',
  hasEmbeddings: true,
  exampleModels: ['HuggingFaceTB/SmolLM2-360M-Instruct'],
  exampleEmbeddingModels: ['Xenova/all-MiniLM-L6-v2'],
  keyHelp: '',
  configurable: false,
  family: 'transformers',
  priceScope: null,
} as const satisfies ProviderDescriptor;
