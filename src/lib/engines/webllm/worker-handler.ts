// The WebLLM worker's message handler, kept free of the 6.8 MB library so Node tests can drive it.
// webllm.worker.ts plugs the real library in; tests plug in a fake engine and fake caches.
import type { AppConfig, ChatOptions, InitProgressReport, ModelRecord } from '@mlc-ai/web-llm';
import type { WebLlmChatBackend } from './engine';
import {
  buildAppConfig,
  serializeError,
  type CachedModelInfo,
  type WorkerRequest,
  type WorkerResponse,
  type WorkerResult,
} from './protocol';

/** What the handler needs from an engine; WebLLM's MLCEngine satisfies it. */
export interface WebLlmEngineLike extends WebLlmChatBackend {
  reload(modelId: string, chatOpts?: ChatOptions): Promise<void>;
  unload(): Promise<void>;
  setInitProgressCallback(callback: (report: InitProgressReport) => void): void;
  setAppConfig(appConfig: AppConfig): void;
}

/** The parts of the `@mlc-ai/web-llm` module the handler uses. */
export interface WebLlmModuleLike {
  prebuiltAppConfig: AppConfig;
  createEngine(config: {
    appConfig: AppConfig;
    initProgressCallback: (report: InitProgressReport) => void;
  }): WebLlmEngineLike;
  hasModelInCache(modelId: string, appConfig: AppConfig): Promise<boolean>;
  deleteModelAllInfoInCache(modelId: string, appConfig: AppConfig): Promise<void>;
}

/** The Cache API surface used to size cached models. */
export interface CacheStorageLike {
  open(name: string): Promise<{
    keys(): Promise<ReadonlyArray<{ url: string }>>;
    match(
      url: string,
    ): Promise<
      | { headers: { get(name: string): string | null }; blob(): Promise<{ size: number }> }
      | undefined
    >;
  }>;
}

/** Handler dependencies. */
export interface WorkerHandlerDeps {
  webllm: WebLlmModuleLike;
  post(message: WorkerResponse): void;
  /** The worker's `caches`; sizes are reported only for WebLLM's Cache API backend. */
  caches?: CacheStorageLike;
}

/** WebLLM's Cache API scopes (see its cache_util). */
const CACHE_SCOPES = ['webllm/model', 'webllm/config', 'webllm/wasm'] as const;

/**
 * WebLLM's cleanModelUrl: `https://hf.co/u/m` -> `https://hf.co/u/m/resolve/main/`.
 * Cached shard URLs start with it.
 * @param model a record's `model` URL
 */
export function modelCachePrefix(model: string): string {
  let url = model.endsWith('/') ? model : `${model}/`;
  if (!/.+\/resolve\/.+\//.test(url)) url += 'resolve/main/';
  return url;
}

/**
 * Bytes a model occupies in WebLLM's Cache API caches (weights, config, tokenizer, wasm), or null
 * if the backend is not the Cache API or the caches cannot be read.
 * @param record the model's record
 * @param appConfig the AppConfig the engine uses
 * @param caches the Cache API
 */
export async function cachedModelBytes(
  record: ModelRecord,
  appConfig: AppConfig,
  caches: CacheStorageLike | undefined,
): Promise<number | null> {
  if (!caches || (appConfig.cacheBackend ?? 'cache') !== 'cache') return null;
  const prefix = modelCachePrefix(record.model);
  try {
    let total = 0;
    for (const scope of CACHE_SCOPES) {
      const cache = await caches.open(scope);
      for (const request of await cache.keys()) {
        if (!request.url.startsWith(prefix) && request.url !== record.model_lib) continue;
        const response = await cache.match(request.url);
        if (!response) continue;
        const length = Number(response.headers.get('content-length'));
        total += Number.isFinite(length) && length > 0 ? length : (await response.blob()).size;
      }
    }
    return total;
  } catch {
    return null;
  }
}

/**
 * Creates the function that serves one WorkerRequest: it posts progress/chunks while working and
 * ends every replying request with exactly one `result` or `error`.
 * @param deps the WebLLM module, the reply channel and the Cache API
 */
export function createWebLlmWorkerHandler(
  deps: WorkerHandlerDeps,
): (request: WorkerRequest) => Promise<void> {
  const { webllm, post } = deps;
  let engine: WebLlmEngineLike | null = null;
  let loadedModelId: string | null = null;
  const abortedChats = new Set<number>();
  const runningChats = new Set<number>();

  const reply = (result: WorkerResult): void => post(result);

  const serve = async (request: WorkerRequest): Promise<void> => {
    switch (request.type) {
      case 'models': {
        const appConfig = buildAppConfig(webllm.prebuiltAppConfig, request.app);
        reply({ type: 'result', id: request.id, kind: 'models', value: appConfig.model_list });
        return;
      }
      case 'load': {
        const appConfig = buildAppConfig(webllm.prebuiltAppConfig, request.app);
        const onProgress = (report: InitProgressReport): void =>
          post({
            type: 'progress',
            id: request.id,
            report: {
              progress: report.progress,
              timeElapsed: report.timeElapsed,
              text: report.text,
            },
          });
        if (engine) {
          engine.setAppConfig(appConfig);
          engine.setInitProgressCallback(onProgress);
        } else {
          engine = webllm.createEngine({ appConfig, initProgressCallback: onProgress });
        }
        loadedModelId = null;
        await engine.reload(request.modelId, request.chatOptions);
        loadedModelId = request.modelId;
        reply({
          type: 'result',
          id: request.id,
          kind: 'load',
          value: { modelId: request.modelId },
        });
        return;
      }
      case 'chat': {
        if (!engine || loadedModelId === null) {
          const error = new Error('No model is loaded in the WebLLM worker.');
          error.name = 'ModelNotLoadedError';
          throw error;
        }
        runningChats.add(request.id);
        try {
          const output = await engine.chat.completions.create(request.request);
          if (Symbol.asyncIterator in output) {
            for await (const chunk of output) {
              // An interrupt sent before WebLLM started this request is reset by WebLLM; repeat it.
              if (abortedChats.has(request.id)) engine.interruptGenerate();
              post({ type: 'chunk', id: request.id, chunk });
            }
            reply({ type: 'result', id: request.id, kind: 'chat', value: null });
          } else {
            reply({ type: 'result', id: request.id, kind: 'chat', value: output });
          }
        } finally {
          runningChats.delete(request.id);
          abortedChats.delete(request.id);
        }
        return;
      }
      case 'abort': {
        if (runningChats.has(request.target)) {
          abortedChats.add(request.target);
          engine?.interruptGenerate();
        }
        return;
      }
      case 'unload': {
        await engine?.unload();
        loadedModelId = null;
        reply({ type: 'result', id: request.id, kind: 'unload', value: null });
        return;
      }
      case 'hasCached': {
        const appConfig = buildAppConfig(webllm.prebuiltAppConfig, request.app);
        const value = await webllm.hasModelInCache(request.modelId, appConfig);
        reply({ type: 'result', id: request.id, kind: 'hasCached', value });
        return;
      }
      case 'listCached': {
        const appConfig = buildAppConfig(webllm.prebuiltAppConfig, request.app);
        const records = new Map(appConfig.model_list.map((r) => [r.model_id, r]));
        const value: CachedModelInfo[] = [];
        for (const modelId of request.modelIds) {
          const record = records.get(modelId);
          if (!record || !(await webllm.hasModelInCache(modelId, appConfig))) continue;
          value.push({
            modelId,
            sizeBytes: await cachedModelBytes(record, appConfig, deps.caches),
          });
        }
        reply({ type: 'result', id: request.id, kind: 'listCached', value });
        return;
      }
      case 'deleteCached': {
        const appConfig = buildAppConfig(webllm.prebuiltAppConfig, request.app);
        await webllm.deleteModelAllInfoInCache(request.modelId, appConfig);
        reply({ type: 'result', id: request.id, kind: 'deleteCached', value: null });
        return;
      }
    }
  };

  return async (request: WorkerRequest): Promise<void> => {
    try {
      await serve(request);
    } catch (err) {
      post({ type: 'error', id: request.id, error: serializeError(err) });
    }
  };
}
