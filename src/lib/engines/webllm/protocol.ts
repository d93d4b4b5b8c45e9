// Typed messages between the main thread and the WebLLM worker, with request ids.
// Chat requests travel in WebLLM's OpenAI shape, so one adapter serves in-thread and worker use.
import { fromWireError, toWireError, type WireError } from '../../workers/rpc';
import type {
  AppConfig,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  ModelRecord,
} from '@mlc-ai/web-llm';
import type { InitProgressReportLike } from './progress';

/** The parts of WebLLM's AppConfig the app chooses; the engine and cache calls must share them. */
export interface WebLlmAppOptions {
  /** Where weights are cached; WebLLM's Cache API backend is its best tested. */
  cacheBackend?: NonNullable<AppConfig['cacheBackend']>;
  /** Records added to WebLLM's prebuilt list (e.g. weights served from the app's own origin). */
  extraModels?: ModelRecord[];
}

/** One cached model and the bytes it occupies (null when the backend cannot tell). */
export interface CachedModelInfo {
  modelId: string;
  sizeBytes: number | null;
}

/** An error as it crosses the worker boundary: the one wire format of every worker (rpc.ts). */
export type SerializedError = WireError;

/** Main thread -> worker. `id` pairs each request with its replies. */
export type WorkerRequest =
  | { type: 'models'; id: number; app: WebLlmAppOptions }
  | {
      type: 'load';
      id: number;
      modelId: string;
      app: WebLlmAppOptions;
      /** Overrides of the model's chat config, e.g. a smaller context window after an OOM. */
      chatOptions?: { context_window_size?: number };
    }
  | { type: 'chat'; id: number; request: ChatCompletionRequest }
  /** Stops the generation of chat request `target`; its own reply still arrives. */
  | { type: 'abort'; id: number; target: number }
  | { type: 'unload'; id: number }
  | { type: 'hasCached'; id: number; modelId: string; app: WebLlmAppOptions }
  | { type: 'listCached'; id: number; modelIds: string[]; app: WebLlmAppOptions }
  | { type: 'deleteCached'; id: number; modelId: string; app: WebLlmAppOptions };

/** The request kinds that get a `result` reply (abort is fire-and-forget). */
export type ReplyingRequestType = Exclude<WorkerRequest['type'], 'abort'>;

/** What each request kind resolves to. Streaming chats resolve to null after their chunks. */
export interface WorkerResultMap {
  models: ModelRecord[];
  load: { modelId: string };
  chat: ChatCompletion | null;
  unload: null;
  hasCached: boolean;
  listCached: CachedModelInfo[];
  deleteCached: null;
}

/** A successful reply, typed by request kind. */
export type WorkerResult = {
  [K in ReplyingRequestType]: { type: 'result'; id: number; kind: K; value: WorkerResultMap[K] };
}[ReplyingRequestType];

/** Worker -> main thread. */
export type WorkerResponse =
  | WorkerResult
  | { type: 'progress'; id: number; report: InitProgressReportLike }
  | { type: 'chunk'; id: number; chunk: ChatCompletionChunk }
  | { type: 'error'; id: number; error: SerializedError };

/** A request without its id, as callers build it. */
export type WorkerRequestBody = DistributiveOmit<WorkerRequest, 'id'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Reduces a thrown value to name + message for postMessage. */
export const serializeError = toWireError;

/** Rebuilds an Error with the original name, so mapWebLlmError can match it on this side. */
export const deserializeError = fromWireError;

/**
 * The AppConfig WebLLM gets for both loading and cache calls (they must match, or cache lookups
 * miss). Extra records replace prebuilt ones with the same id.
 * @param prebuilt WebLLM's `prebuiltAppConfig`
 * @param app the app's choices
 */
export function buildAppConfig(prebuilt: AppConfig, app: WebLlmAppOptions): AppConfig {
  const extra = app.extraModels ?? [];
  const extraIds = new Set(extra.map((record) => record.model_id));
  return {
    model_list: [...prebuilt.model_list.filter((r) => !extraIds.has(r.model_id)), ...extra],
    cacheBackend: app.cacheBackend ?? 'cache',
  };
}
