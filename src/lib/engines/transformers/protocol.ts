// Typed messages between the main thread and the transformers.js worker (or its in-thread twin).
// Every request carries an id; events and the final result or error echo it back.
import type { WireError as RpcWireError } from '../../workers/rpc';
import type { ChatMessage } from '../types';

/** Pipelines this engine runs. */
export type TransformersTask = 'text-generation' | 'feature-extraction';

/** Execution devices: `cpu` is onnxruntime-node (Node tests); browsers use `wasm` or `webgpu`. */
export type TransformersDevice = 'wasm' | 'webgpu' | 'cpu';

/** ONNX weight variants published for transformers.js models (file suffixes under `onnx/`). */
export type TransformersDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

/** Which model to load and how; also the cache key of a loaded pipeline. */
export interface LoadSpec {
  task: TransformersTask;
  model: string;
  device: TransformersDevice;
  dtype: TransformersDtype;
}

/** Where models and ONNX Runtime files come from (transformers.js `env`). */
export interface EnvOptions {
  /** Fetch models from the Hugging Face Hub (production: true). */
  allowRemoteModels?: boolean;
  /** Look in `localModelPath` first (tests: true, with remote off). */
  allowLocalModels?: boolean;
  /** Base URL (browser) or folder (Node) holding `<model id>/...` files. */
  localModelPath?: string;
  /**
   * Where "remote" models live (default the Hugging Face Hub) and the path under it. Tests point
   * these at their own server: transformers.js 4.3 skips the tokenizer-file check for
   * `localModelPath` URLs, so a local base URL only works in Node.
   */
  remoteHost?: string;
  remotePathTemplate?: string;
  /** Keep downloaded model files in the browser's Cache Storage. */
  useBrowserCache?: boolean;
  /**
   * Also keep ONNX Runtime's wasm in the model cache. The app's service worker already caches it
   * per build, so the app turns this off rather than keep a second 27 MB copy per version.
   */
  useWasmCache?: boolean;
  /** ONNX Runtime's wasm files, served from the app's own origin. */
  wasmPaths?: { mjs: string; wasm: string };
}

/** One step of model loading as transformers.js reports it. */
export interface FileProgress {
  /** `total` aggregates all files of the model; the others concern one `file`. */
  status: 'initiate' | 'download' | 'progress' | 'done' | 'total';
  file?: string;
  loaded?: number;
  total?: number;
  /** 0..100 */
  percent?: number;
}

/** What a successful load reports. */
export interface LoadInfo extends LoadSpec {
  /** Wall time of the load in milliseconds (0 when the pipeline was already loaded). */
  loadMs: number;
}

/** One generation (one choice) as the worker runs it. */
export interface GenerateParams {
  spec: LoadSpec;
  messages: ChatMessage[];
  maxNewTokens: number;
  /** 0 means greedy decoding; undefined means the model's default. */
  temperature?: number;
  topP?: number;
  /** Seeds transformers.js's sampling PRNG before this generation. */
  seed?: number;
  stop?: string[];
  /** Send `token` events while generating. */
  stream?: boolean;
}

/** The result of one generation. */
export interface GenerateOutput {
  text: string;
  finishReason: 'stop' | 'length';
  promptTokens: number;
  completionTokens: number;
  /** Whether tokens were sampled (false: greedy). */
  sampled: boolean;
  /** Temperature actually used when sampling. */
  temperature?: number;
  /** top_p actually used when sampling (1 when no nucleus filtering). */
  topP?: number;
}

/** A batched sentence-embedding request. */
export interface EmbedParams {
  spec: LoadSpec;
  texts: string[];
  batchSize: number;
  pooling: 'mean' | 'cls';
  normalize: boolean;
}

/** Embedding vectors in input order. */
export interface EmbedOutput {
  vectors: Float32Array[];
  dims: number;
}

/** Requests sent to the worker, by `type`. */
export type WorkerRequest =
  | { type: 'configure'; id: number; env: EnvOptions }
  | { type: 'load'; id: number; spec: LoadSpec }
  | { type: 'generate'; id: number; params: GenerateParams }
  | { type: 'embed'; id: number; params: EmbedParams }
  | { type: 'dispose'; id: number; spec?: LoadSpec }
  /** Cancel request `target`; has no reply of its own. */
  | { type: 'abort'; id: number; target: number };

/** Result payload of each request type. */
export interface ResultMap {
  configure: null;
  load: LoadInfo;
  generate: GenerateOutput;
  embed: EmbedOutput;
  dispose: null;
}

/** Request types that get a result. */
export type RequestType = keyof ResultMap;

/** Why a request failed; the client maps each kind to one error class. */
export type ErrorKind = 'aborted' | 'load' | 'device' | 'inference' | 'bad-request';

/** An error flattened for postMessage: the one worker wire format, with its kind always set. */
export type WireError = RpcWireError & { kind: ErrorKind };

/** Events streamed while a request runs. */
export type WorkerEvent =
  | { type: 'progress'; id: number; progress: FileProgress }
  | { type: 'token'; id: number; delta: string }
  | { type: 'embed-progress'; id: number; done: number; total: number };

/** Everything the worker sends back. */
export type WorkerResponse =
  | WorkerEvent
  | {
      [K in RequestType]: { type: 'result'; id: number; request: K; result: ResultMap[K] };
    }[RequestType]
  | { type: 'error'; id: number; error: WireError };

/** A request without its id, as callers build it. */
export type RequestBody =
  Exclude<WorkerRequest, { type: 'abort' }> extends infer R
    ? R extends { id: number }
      ? Omit<R, 'id'>
      : never
    : never;

/** Stable cache key of a load spec. */
export function specKey(spec: LoadSpec): string {
  return `${spec.task}|${spec.model}|${spec.device}|${spec.dtype}`;
}
