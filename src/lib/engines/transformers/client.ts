// Main-thread side of the transformers.js engine, gathered in one import: the worker client
// (worker-client.ts), load progress, and the chat and embedding engines built on them.
export {
  createTransformersWorker,
  getSharedTransformersClient,
  PRODUCTION_ENV,
  TRANSFORMERS_PROVIDER_ID,
  TransformersWorkerClient,
  workerEndpoint,
  type ClientOptions,
  type Endpoint,
  type RequestOptions,
} from './worker-client';
export { LoadProgressTracker } from './load-progress';
export { type LoadOptions, type TransformersEngineOptions } from './engine-base';
export {
  DEFAULT_MAX_NEW_TOKENS,
  TransformersChatEngine,
  type TransformersChatOptions,
} from './chat-engine';
export { TransformersEmbeddingEngine, type TransformersEmbeddingOptions } from './embedding-engine';
