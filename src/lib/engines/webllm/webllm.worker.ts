// Module Web Worker that owns WebLLM: the only place the 6.8 MB library is imported statically.
// The main thread talks to it through the typed messages in protocol.ts (see manager.ts).
import {
  MLCEngine,
  deleteModelAllInfoInCache,
  hasModelInCache,
  prebuiltAppConfig,
} from '@mlc-ai/web-llm';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { createWebLlmWorkerHandler } from './worker-handler';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const handle = createWebLlmWorkerHandler({
  webllm: {
    prebuiltAppConfig,
    createEngine: (config) => new MLCEngine(config),
    hasModelInCache,
    deleteModelAllInfoInCache,
  },
  post: (message: WorkerResponse) => scope.postMessage(message),
  caches: 'caches' in scope ? scope.caches : undefined,
});

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  void handle(event.data);
};
