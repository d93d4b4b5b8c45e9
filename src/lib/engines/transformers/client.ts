// Main-thread side of the transformers.js engine: a request/response client over a worker (or
// an in-thread endpoint), and the ChatEngine and EmbeddingEngine built on it.
import { buildRequestMessages } from '../../core/chat-request';
import { probeWebGpu } from '../../platform/webgpu';
import type {
  AppliedParams,
  ChatEngine,
  ChatRequest,
  ChatResult,
  EmbedOptions,
  EmbeddingEngine,
  EngineCapabilities,
  LoadProgress,
  ParamNote,
} from '../types';
import { TransformersAbortError, TransformersWorkerError, errorFromWire } from './errors';
import { resolveDevice, resolveDtype, type DevicePreference, type GpuFacts } from './models';
import type {
  EnvOptions,
  FileProgress,
  GenerateOutput,
  LoadInfo,
  LoadSpec,
  RequestBody,
  RequestType,
  ResultMap,
  TransformersDtype,
  TransformersTask,
  WorkerEvent,
  WorkerRequest,
  WorkerResponse,
} from './protocol';

/** Provider id of this engine. */
export const TRANSFORMERS_PROVIDER_ID = 'transformers';

/** A message channel to a RunnerHost: a Web Worker, or the in-thread twin used in Node tests. */
export interface Endpoint {
  post(message: WorkerRequest): void;
  /** Register the two callbacks; called once, right after the endpoint is created. */
  listen(onMessage: (message: WorkerResponse) => void, onFailure: (reason: string) => void): void;
  terminate(): void;
}

/** Create the module worker; Vite bundles it (and transformers.js) as a separate chunk. */
export function createTransformersWorker(): Worker {
  return new Worker(new URL('./transformers.worker.ts', import.meta.url), {
    type: 'module',
    name: 'transformers',
  });
}

/** Wrap a Worker as an Endpoint. */
export function workerEndpoint(worker: Worker): Endpoint {
  return {
    post: (message) => worker.postMessage(message),
    listen(onMessage, onFailure) {
      worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) =>
        onMessage(event.data),
      );
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault();
        onFailure(event.message || 'the worker script could not be loaded');
      });
      worker.addEventListener('messageerror', () => onFailure('a reply could not be decoded'));
    },
    terminate: () => worker.terminate(),
  };
}

/** Environment for the deployed app: models from the Hugging Face Hub, kept in Cache Storage. */
export const PRODUCTION_ENV: EnvOptions = {
  allowRemoteModels: true,
  allowLocalModels: false,
  useBrowserCache: true,
};

/** Options of a client. */
export interface ClientOptions {
  /** Makes the endpoint on first use; defaults to a new module worker. */
  createEndpoint?: () => Endpoint;
  /** Sent to the runner before any other request. */
  env?: EnvOptions;
}

/** Per-request options. */
export interface RequestOptions {
  signal?: AbortSignal;
  onEvent?: (event: WorkerEvent) => void;
}

interface Pending {
  request: RequestType;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  onEvent?: (event: WorkerEvent) => void;
  cleanup: () => void;
}

/**
 * Request/response client: ids, events, cancellation by message, and failure handling. The
 * endpoint (worker) starts lazily on the first request and is recreated after a crash.
 */
export class TransformersWorkerClient {
  readonly #createEndpoint: () => Endpoint;
  readonly #env: EnvOptions;
  #endpoint: Endpoint | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  /** @param options endpoint factory and runner environment */
  constructor(options: ClientOptions = {}) {
    this.#createEndpoint =
      options.createEndpoint ?? (() => workerEndpoint(createTransformersWorker()));
    this.#env = { ...PRODUCTION_ENV, ...options.env };
  }

  /** Whether the endpoint (worker) has been started. */
  get started(): boolean {
    return this.#endpoint !== undefined;
  }

  /** Requests still waiting for an answer. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  #ensureEndpoint(): Endpoint {
    if (this.#endpoint) return this.#endpoint;
    let endpoint: Endpoint;
    try {
      endpoint = this.#createEndpoint();
    } catch (err) {
      throw new TransformersWorkerError(err instanceof Error ? err.message : String(err));
    }
    endpoint.listen(
      (message) => this.#receive(message),
      (reason) => this.#fail(endpoint, reason),
    );
    this.#endpoint = endpoint;
    // Ordered delivery: the runner applies the environment before anything else arrives.
    endpoint.post({ type: 'configure', id: this.#nextId++, env: this.#env });
    return endpoint;
  }

  #receive(message: WorkerResponse): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return; // configure replies, and answers to requests cancelled meanwhile
    if (message.type === 'result') {
      this.#pending.delete(message.id);
      pending.cleanup();
      pending.resolve(message.result);
    } else if (message.type === 'error') {
      this.#pending.delete(message.id);
      pending.cleanup();
      pending.reject(errorFromWire(message.error));
    } else {
      pending.onEvent?.(message);
    }
  }

  #fail(endpoint: Endpoint, reason: string): void {
    if (this.#endpoint !== endpoint) return;
    this.#endpoint = undefined;
    endpoint.terminate();
    const error = new TransformersWorkerError(reason);
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.cleanup();
      pending.reject(error);
    }
  }

  /** Send one request and wait for its result; rejects at once when `signal` aborts. */
  request<K extends RequestType>(
    body: Extract<RequestBody, { type: K }>,
    options: RequestOptions = {},
  ): Promise<ResultMap[K]> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new TransformersAbortError());
    let endpoint: Endpoint;
    try {
      endpoint = this.#ensureEndpoint();
    } catch (err) {
      return Promise.reject(err);
    }
    const id = this.#nextId++;
    return new Promise<ResultMap[K]>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.#pending.delete(id)) return;
        endpoint.post({ type: 'abort', id: this.#nextId++, target: id });
        reject(new TransformersAbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        request: body.type,
        resolve: resolve as (value: unknown) => void,
        reject,
        onEvent: options.onEvent,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      endpoint.post({ ...body, id } as WorkerRequest);
    });
  }

  /** Stop the worker; pending requests fail, and the next request starts a fresh one. */
  terminate(): void {
    const endpoint = this.#endpoint;
    if (endpoint) this.#fail(endpoint, 'the worker was stopped');
  }
}

let shared: TransformersWorkerClient | undefined;

/** The app-wide client: one worker shared by the chat and embedding engines. */
export function getSharedTransformersClient(): TransformersWorkerClient {
  shared ??= new TransformersWorkerClient();
  return shared;
}

/** Options shared by both engines. */
export interface TransformersEngineOptions {
  /**
   * The model to run. Required: an engine never falls back to a default model, whose files
   * would be fetched from the Hub without the user having chosen it.
   */
  model: string;
  /** Execution device; `auto` probes WebGPU and falls back to WASM. */
  device?: DevicePreference;
  /** Weight variant; by default chosen from the model catalogue and the device. */
  dtype?: TransformersDtype;
  /** Defaults to the shared app-wide client. */
  client?: TransformersWorkerClient;
  /** Download/cache-load progress of the model. */
  onLoadProgress?: (progress: LoadProgress) => void;
  /** WebGPU facts for `auto` and dtype choice; defaults to probing `navigator.gpu`. */
  probeGpu?: () => Promise<GpuFacts | undefined>;
}

/** Options of `load()`. */
export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
}

function inBrowser(): boolean {
  return typeof document !== 'undefined' || typeof importScripts === 'function';
}

async function defaultProbe(): Promise<GpuFacts | undefined> {
  if (typeof navigator === 'undefined') return undefined;
  const probe = await probeWebGpu(navigator);
  return probe.available
    ? {
        available: true,
        isFallbackAdapter: probe.isFallbackAdapter,
        hasShaderF16: probe.hasShaderF16,
      }
    : { available: false };
}

function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Turns the worker's file events into the app's LoadProgress, tracking the overall fraction. */
export class LoadProgressTracker {
  readonly #model: string;
  readonly #started: number;
  #fraction = 0;
  #loaded: number | undefined;
  #total: number | undefined;

  /**
   * @param model shown in progress texts
   * @param started `performance.now()` when loading began
   */
  constructor(model: string, started = performance.now()) {
    this.#model = model;
    this.#started = started;
  }

  /** The LoadProgress after one more file event. */
  update(p: FileProgress, now = performance.now()): LoadProgress {
    let text: string;
    if (p.status === 'total') {
      this.#fraction = Math.min(1, Math.max(0, (p.percent ?? 0) / 100));
      this.#loaded = p.loaded;
      this.#total = p.total;
      text =
        p.total !== undefined && p.loaded !== undefined
          ? `Loading ${this.#model}: ${formatMB(p.loaded)} of ${formatMB(p.total)}`
          : `Loading ${this.#model}`;
    } else if (p.status === 'progress') {
      text = `Loading ${this.#model}: ${p.file ?? 'file'} ${Math.round(p.percent ?? 0)}%`;
    } else if (p.status === 'done') {
      text = `Loaded ${p.file ?? 'file'} of ${this.#model}`;
    } else {
      text = `Fetching ${p.file ?? 'files'} of ${this.#model}`;
    }
    return {
      fraction: this.#fraction,
      ...(this.#loaded !== undefined ? { loadedBytes: this.#loaded } : {}),
      ...(this.#total !== undefined ? { totalBytes: this.#total } : {}),
      elapsedMs: Math.round(now - this.#started),
      text,
    };
  }

  /** The final progress once the model is ready. */
  ready(now = performance.now()): LoadProgress {
    this.#fraction = 1;
    return {
      fraction: 1,
      ...(this.#loaded !== undefined ? { loadedBytes: this.#loaded } : {}),
      ...(this.#total !== undefined ? { totalBytes: this.#total } : {}),
      elapsedMs: Math.round(now - this.#started),
      text: `${this.#model} is ready`,
    };
  }
}

/** Shared plumbing of the two engines: spec resolution, lazy loading, disposal. */
abstract class TransformersEngineBase {
  readonly providerId = TRANSFORMERS_PROVIDER_ID;
  readonly location = 'local' as const;
  readonly model: string;
  protected readonly client: TransformersWorkerClient;
  readonly #task: TransformersTask;
  readonly #device: DevicePreference;
  readonly #dtype: TransformersDtype | undefined;
  readonly #probe: () => Promise<GpuFacts | undefined>;
  readonly #onLoadProgress: ((p: LoadProgress) => void) | undefined;
  #spec: Promise<LoadSpec> | undefined;
  #loaded: LoadInfo | undefined;

  protected constructor(
    task: TransformersTask,
    defaultDevice: DevicePreference,
    options: TransformersEngineOptions,
  ) {
    this.#task = task;
    this.model = options.model;
    this.#device = options.device ?? defaultDevice;
    this.#dtype = options.dtype;
    this.client = options.client ?? getSharedTransformersClient();
    this.#probe = options.probeGpu ?? defaultProbe;
    this.#onLoadProgress = options.onLoadProgress;
  }

  /** Stable id, `transformers/<model>`. */
  get id(): string {
    return `${TRANSFORMERS_PROVIDER_ID}/${this.model}`;
  }

  /** The device and dtype this engine runs with (probes WebGPU once when needed). */
  spec(): Promise<LoadSpec> {
    this.#spec ??= (async () => {
      const needsGpu = this.#device === 'auto' || this.#device === 'webgpu';
      const gpu = needsGpu && inBrowser() ? await this.#probe() : undefined;
      const device = resolveDevice(this.#device, gpu, inBrowser());
      const dtype = this.#dtype ?? resolveDtype(this.model, this.#task, device, gpu);
      return { task: this.#task, model: this.model, device, dtype };
    })();
    return this.#spec;
  }

  /**
   * Download (or load from the browser cache) the model. Safe to call many times, also at once:
   * the worker loads each model once. A failed load is retried on the next call. Aborting
   * rejects at once and stops the download unless another request still waits for it.
   */
  async load(options: LoadOptions = {}): Promise<LoadInfo> {
    const spec = await this.spec();
    if (this.#loaded) return this.#loaded;
    const tracker = new LoadProgressTracker(this.model);
    const listeners = [this.#onLoadProgress, options.onProgress];
    const emit = (p: LoadProgress): void => listeners.forEach((l) => l?.(p));
    const info = await this.client.request(
      { type: 'load', spec },
      {
        signal: options.signal,
        onEvent: (e) => e.type === 'progress' && emit(tracker.update(e.progress)),
      },
    );
    emit(tracker.ready());
    this.#loaded = info;
    return info;
  }

  /** Unload the model from the worker; the engine loads it again if used later. */
  async dispose(): Promise<void> {
    if (!this.#spec || !this.client.started) return;
    const spec = await this.#spec;
    this.#loaded = undefined;
    await this.client.request({ type: 'dispose', spec });
  }
}

/** Options of the chat engine. */
export interface TransformersChatOptions extends TransformersEngineOptions {
  /** max_tokens when the request gives none. */
  defaultMaxTokens?: number;
}

/** Default reply length when the request sets no max_tokens. */
export const DEFAULT_MAX_NEW_TOKENS = 512;

function integerAtLeast(
  value: number | undefined,
  min: number,
  param: 'n' | 'max_tokens',
  notes: ParamNote[],
): number | undefined {
  if (value === undefined) return undefined;
  const fixed = Math.max(min, Math.floor(Number.isFinite(value) ? value : min));
  if (fixed !== value) {
    notes.push({
      param,
      status: 'clamped',
      message: `${param} must be an integer of at least ${min}; ${value} was changed to ${fixed}.`,
    });
  }
  return fixed;
}

function clampedNumber(
  value: number | undefined,
  min: number,
  max: number,
  param: 'temperature' | 'top_p',
  notes: ParamNote[],
): number | undefined {
  if (value === undefined) return undefined;
  const fixed = Number.isNaN(value) ? min : Math.min(max, Math.max(min, value));
  if (fixed !== value) {
    notes.push({
      param,
      status: 'clamped',
      message: `${param} must be between ${min} and ${max}; ${value} was changed to ${fixed}.`,
    });
  }
  return fixed;
}

/** Local chat model on transformers.js (WASM, or WebGPU when usable), in a Web Worker. */
export class TransformersChatEngine extends TransformersEngineBase implements ChatEngine {
  readonly capabilities: EngineCapabilities = {
    n: 'emulated',
    seed: 'native',
    temperature: 'native',
    topP: 'native',
    structuredOutput: 'none',
    streaming: true,
    maxConcurrency: 1,
    batch: false,
  };
  readonly #defaultMaxTokens: number;

  /** @param options model, device, dtype, client and progress callback */
  constructor(options: TransformersChatOptions) {
    super('text-generation', 'auto', options);
    this.#defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_MAX_NEW_TOKENS;
  }

  /** Generate `n` choices one after another; every unhonoured parameter is noted. */
  async chat(request: ChatRequest): Promise<ChatResult> {
    const notes: ParamNote[] = [];
    const spec = await this.spec();
    await this.load({ signal: request.signal });
    const started = performance.now();

    const messages = buildRequestMessages(request);
    let structuredOutput: AppliedParams['structuredOutput'];
    if (request.jsonSchema) {
      structuredOutput = 'prompt-only';
      notes.push({
        param: 'jsonSchema',
        status: 'emulated',
        message:
          'transformers.js has no constrained decoding: only the prompt asks for the schema, ' +
          'so the reply may not be valid JSON.',
      });
    }
    const n = integerAtLeast(request.n, 1, 'n', notes) ?? 1;
    const maxTokens =
      integerAtLeast(request.max_tokens, 1, 'max_tokens', notes) ?? this.#defaultMaxTokens;
    const temperature = clampedNumber(request.temperature, 0, 100, 'temperature', notes);
    const topP = clampedNumber(request.top_p, 0, 1, 'top_p', notes);
    const stream = request.onToken !== undefined;

    const outputs: GenerateOutput[] = [];
    for (let i = 0; i < n; i++) {
      const out = await this.client.request(
        {
          type: 'generate',
          params: {
            spec,
            messages,
            maxNewTokens: maxTokens,
            ...(temperature !== undefined ? { temperature } : {}),
            ...(topP !== undefined ? { topP } : {}),
            ...(request.seed !== undefined ? { seed: request.seed + i } : {}),
            ...(request.stop?.length ? { stop: request.stop } : {}),
            stream,
          },
        },
        {
          signal: request.signal,
          onEvent: (e) => {
            if (e.type === 'token') request.onToken?.(e.delta, i);
          },
        },
      );
      outputs.push(out);
    }

    const first = outputs[0]!;
    const sampled = first.sampled;
    if (!sampled && request.top_p !== undefined) {
      notes.push({
        param: 'top_p',
        status: 'ignored',
        message:
          'Decoding was greedy (temperature 0 or the model default), so top_p had no effect.',
      });
    }
    if (!sampled && request.seed !== undefined) {
      notes.push({
        param: 'seed',
        status: 'ignored',
        message: 'Decoding was greedy, which is deterministic without a seed.',
      });
    }
    if (n > 1) {
      notes.push({
        param: 'n',
        status: 'emulated',
        message:
          `transformers.js returns one sequence per call, so ${n} choices were generated one ` +
          'after another' +
          (request.seed !== undefined && sampled
            ? ` (choice i seeded with ${request.seed} + i)`
            : '') +
          (sampled ? '.' : '; decoding was greedy, so the choices are identical.'),
      });
    }

    const applied: AppliedParams = {
      model: this.model,
      temperature: sampled ? first.temperature : 0,
      ...(sampled && first.topP !== undefined ? { top_p: first.topP } : {}),
      max_tokens: maxTokens,
      ...(sampled && request.seed !== undefined ? { seed: request.seed } : {}),
      n,
      ...(request.stop?.length ? { stop: [...request.stop] } : {}),
      ...(structuredOutput ? { structuredOutput } : {}),
      stream,
    };
    const completionTokens = outputs.reduce((sum, o) => sum + o.completionTokens, 0);
    return {
      choices: outputs.map((o) => ({ text: o.text, finishReason: o.finishReason })),
      // The prompt is counted once, as OpenAI does for n > 1.
      usage: {
        promptTokens: first.promptTokens,
        completionTokens,
        totalTokens: first.promptTokens + completionTokens,
      },
      latencyMs: Math.round(performance.now() - started),
      applied,
      notes,
    };
  }
}

/** Options of the embedding engine. */
export interface TransformersEmbeddingOptions extends TransformersEngineOptions {
  /** Texts per inference call (default 32). */
  batchSize?: number;
  /** Pooling of token vectors (default mean, as sentence-transformers does for MiniLM). */
  pooling?: 'mean' | 'cls';
}

/**
 * Sentence embeddings on transformers.js, mean-pooled and L2-normalised, in a Web Worker.
 * Defaults to WASM rather than `auto`: MiniLM is fast on CPU, and one fixed device and dtype
 * keep vectors (and the embedding cache) identical across machines.
 */
export class TransformersEmbeddingEngine extends TransformersEngineBase implements EmbeddingEngine {
  readonly #batchSize: number;
  readonly #pooling: 'mean' | 'cls';

  /** @param options model, device, dtype, batch size, client and progress callback */
  constructor(options: TransformersEmbeddingOptions) {
    super('feature-extraction', 'wasm', options);
    this.#batchSize = Math.max(1, Math.floor(options.batchSize ?? 32));
    this.#pooling = options.pooling ?? 'mean';
  }

  /** Embed texts in input order, reporting progress after every batch. */
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    if (options.signal?.aborted) throw new TransformersAbortError();
    if (texts.length === 0) return [];
    const spec = await this.spec();
    await this.load({ signal: options.signal });
    const out = await this.client.request(
      {
        type: 'embed',
        params: {
          spec,
          texts: [...texts],
          batchSize: this.#batchSize,
          pooling: this.#pooling,
          normalize: true,
        },
      },
      {
        signal: options.signal,
        onEvent: (e) => {
          if (e.type === 'embed-progress') options.onProgress?.(e.done, e.total);
        },
      },
    );
    return out.vectors;
  }
}
