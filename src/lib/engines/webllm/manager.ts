// WebLlmModelManager: framework-free model lifecycle for the Settings UI to wrap.
// Probes WebGPU before any download, loads with progress/cancel/retry, and manages the cache.
import type { ModelRecord } from '@mlc-ai/web-llm';
import { probeWebGpu, type WebGpuProbe } from '../../platform/webgpu';
import { WebLlmWorkerClient, WorkerChatBackend, type WorkerPortFactory } from './client';
import { WebLlmEngine } from './engine';
import {
  mapWebLlmError,
  ModelDownloadError,
  ModelLoadCancelledError,
  ShaderF16RequiredError,
  WebGpuUnavailableError,
  WebLlmModelNotLoadedError,
  WebLlmUnknownModelError,
} from './errors';
import { defaultModel, filterRunnableModels, requiresShaderF16, type ModelOption } from './models';
import { LoadProgressTracker, type WebLlmLoadProgress } from './progress';
import type { CachedModelInfo, WebLlmAppOptions } from './protocol';

/** Manager options; every default is the browser's real thing. */
export interface WebLlmManagerOptions {
  /** Cache backend and extra records; shared by loading and cache calls. */
  app?: WebLlmAppOptions;
  /** Opens the worker connection (tests pass an in-process one). */
  createPort?: WorkerPortFactory;
  /** WebGPU probe (default: probeWebGpu(navigator)). */
  probe?: () => Promise<WebGpuProbe>;
  /** Clock in ms (default: performance.now). */
  now?: () => number;
  /** A load with no progress for this long fails as a download error (default 180 s; 0 = never). */
  stallTimeoutMs?: number;
  /** Overrides the VRAM heuristic in the model filter. */
  vramBudgetMB?: number;
}

/** Load options. */
export interface LoadOptions {
  onProgress?: (progress: WebLlmLoadProgress) => void;
  /** Aborting cancels the load: the worker is terminated and recreated on the next call. */
  signal?: AbortSignal;
  /** Smaller context window, e.g. to retry after running out of memory. */
  contextWindowSize?: number;
}

/** Where the manager is. */
export type WebLlmManagerState =
  | { status: 'idle' }
  | { status: 'loading'; modelId: string; progress: WebLlmLoadProgress | null }
  | { status: 'ready'; modelId: string }
  | { status: 'error'; modelId: string; error: Error };

const DEFAULT_STALL_TIMEOUT_MS = 180_000;

/** Loads, caches and unloads WebLLM models in one module worker. */
export class WebLlmModelManager {
  private readonly client: WebLlmWorkerClient;
  private readonly app: WebLlmAppOptions;
  private readonly now: () => number;
  private readonly probeFn: () => Promise<WebGpuProbe>;
  private readonly stallTimeoutMs: number;
  private probeResult: Promise<WebGpuProbe> | null = null;
  private models: Promise<ModelRecord[]> | null = null;
  private currentState: WebLlmManagerState = { status: 'idle' };
  private readonly listeners = new Set<(state: WebLlmManagerState) => void>();
  /** Bumped by every load/unload, so engines from an earlier load know they are stale. */
  private session = 0;
  private engine: WebLlmEngine | null = null;

  /** @param options see WebLlmManagerOptions */
  constructor(private readonly options: WebLlmManagerOptions = {}) {
    this.client = new WebLlmWorkerClient(options.createPort);
    this.app = options.app ?? { cacheBackend: 'cache' };
    this.now = options.now ?? (() => performance.now());
    this.probeFn = options.probe ?? (() => probeWebGpu());
    this.stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  }

  /** The current state (idle, loading with progress, ready, or error). */
  get state(): WebLlmManagerState {
    return this.currentState;
  }

  /**
   * Calls `listener` on every state change; returns the unsubscribe function.
   * @param listener receives the new state
   */
  subscribe(listener: (state: WebLlmManagerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The WebGPU probe, run once (no worker or download needed). */
  probe(): Promise<WebGpuProbe> {
    this.probeResult ??= this.probeFn();
    return this.probeResult;
  }

  /** WebLLM's model list (prebuilt + extra records), read from the worker once. */
  listModels(): Promise<ModelRecord[]> {
    this.models ??= this.client.request({ type: 'models', app: this.app }).catch((err: unknown) => {
      this.models = null;
      throw mapWebLlmError(err);
    });
    return this.models;
  }

  /** The chat models this device can run, smallest first, with sizes. */
  async runnableModels(): Promise<ModelOption[]> {
    const probe = await this.probe();
    if (!probe.available) return [];
    return filterRunnableModels(await this.listModels(), this.limits(probe));
  }

  /** The small instruct model to preselect, or null when nothing runs here. */
  async defaultModel(): Promise<ModelOption | null> {
    const probe = await this.probe();
    if (!probe.available) return null;
    return defaultModel(await this.listModels(), this.limits(probe));
  }

  /**
   * Loads a model and returns its ChatEngine. WebGPU is probed first, so a device without it gets
   * WebGpuUnavailableError even when offline. A failed load leaves state `error`; calling `load`
   * again retries from a fresh worker (already-downloaded shards stay cached). Loading while
   * another load runs cancels the earlier one.
   * @param modelId a WebLLM model id
   * @param options progress callback, abort signal, context window override
   */
  async load(modelId: string, options: LoadOptions = {}): Promise<WebLlmEngine> {
    const { signal } = options;
    if (
      this.currentState.status === 'ready' &&
      this.currentState.modelId === modelId &&
      this.engine
    ) {
      return this.engine;
    }
    if (this.currentState.status === 'loading') {
      this.client.terminate(new ModelLoadCancelledError(this.currentState.modelId));
    }
    const session = ++this.session;
    this.engine = null;
    this.setState({ status: 'loading', modelId, progress: null });
    try {
      if (signal?.aborted) throw new ModelLoadCancelledError(modelId);
      const probe = await this.probe();
      this.throwIfSuperseded(session, modelId);
      if (!probe.available) throw new WebGpuUnavailableError(probe.reason);
      const records = await this.listModels();
      this.throwIfSuperseded(session, modelId);
      const record = records.find((r) => r.model_id === modelId);
      if (!record) throw new WebLlmUnknownModelError(modelId);
      // WebLLM would only notice after downloading the config and library.
      if (requiresShaderF16(record) && !probe.hasShaderF16) {
        throw new ShaderF16RequiredError(modelId);
      }
      await this.runLoad(modelId, options, session);
    } catch (err) {
      const error = mapWebLlmError(err, modelId);
      if (session === this.session) {
        // A fresh worker for the retry: after a device loss or OOM the old one is unusable.
        this.client.terminate(error);
        this.setState(
          error instanceof ModelLoadCancelledError
            ? { status: 'idle' }
            : { status: 'error', modelId, error },
        );
      }
      throw error;
    }
    this.throwIfSuperseded(session, modelId);
    const engine = new WebLlmEngine(new WorkerChatBackend(this.client), modelId, {
      now: this.now,
      isLoaded: () => this.session === session && this.currentState.status === 'ready',
      onDispose: async () => {
        if (this.session === session) await this.unload();
      },
    });
    this.engine = engine;
    this.setState({ status: 'ready', modelId });
    return engine;
  }

  /** Unloads the current model and frees GPU memory; the worker stays for cache calls. */
  async unload(): Promise<void> {
    const wasLoading = this.currentState.status === 'loading';
    const modelId = 'modelId' in this.currentState ? this.currentState.modelId : undefined;
    this.session += 1;
    this.engine = null;
    this.setState({ status: 'idle' });
    if (wasLoading) {
      this.client.terminate(new ModelLoadCancelledError(modelId));
      return;
    }
    if (this.client.running) await this.client.request({ type: 'unload' });
  }

  /**
   * Whether the model's weights are in the browser cache.
   * @param modelId a WebLLM model id
   */
  async hasCached(modelId: string): Promise<boolean> {
    return this.cacheCall(() => this.client.request({ type: 'hasCached', modelId, app: this.app }));
  }

  /**
   * The given models that are cached, with the bytes they occupy where the backend can tell.
   * @param modelIds ids to check (e.g. every id in the model list)
   */
  async listCached(modelIds: readonly string[]): Promise<CachedModelInfo[]> {
    return this.cacheCall(() =>
      this.client.request({ type: 'listCached', modelIds: [...modelIds], app: this.app }),
    );
  }

  /**
   * Deletes a model's weights, config and library from the cache (unloading it first if loaded).
   * @param modelId a WebLLM model id
   */
  async deleteCached(modelId: string): Promise<void> {
    if ('modelId' in this.currentState && this.currentState.modelId === modelId) {
      await this.unload();
    }
    await this.cacheCall(() =>
      this.client.request({ type: 'deleteCached', modelId, app: this.app }),
    );
  }

  /** Terminates the worker; the manager can still be used (a new worker starts on demand). */
  dispose(): void {
    const state = this.currentState;
    this.session += 1;
    this.engine = null;
    this.client.terminate(
      state.status === 'loading'
        ? new ModelLoadCancelledError(state.modelId)
        : new WebLlmModelNotLoadedError('modelId' in state ? state.modelId : undefined),
    );
    this.setState({ status: 'idle' });
  }

  /** A later load, unload or dispose has taken over: this load must not touch the worker. */
  private throwIfSuperseded(session: number, modelId: string): void {
    if (session !== this.session) throw new ModelLoadCancelledError(modelId);
  }

  private limits(probe: Extract<WebGpuProbe, { available: true }>) {
    return this.options.vramBudgetMB === undefined
      ? probe
      : { ...probe, vramBudgetMB: this.options.vramBudgetMB };
  }

  private async cacheCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw mapWebLlmError(err);
    }
  }

  private runLoad(modelId: string, options: LoadOptions, session: number): Promise<void> {
    const { signal, onProgress, contextWindowSize } = options;
    const tracker = new LoadProgressTracker(this.now());
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new ModelLoadCancelledError(modelId));
        return;
      }
      let stallTimer: ReturnType<typeof setTimeout> | undefined;
      const armStallTimer = (): void => {
        if (this.stallTimeoutMs <= 0) return;
        clearTimeout(stallTimer);
        stallTimer = setTimeout(() => {
          const stalled = new ModelDownloadError(
            modelId,
            new Error(`No progress for ${Math.round(this.stallTimeoutMs / 1000)} s.`),
          );
          this.client.terminate(stalled);
        }, this.stallTimeoutMs);
      };
      const onAbort = (): void => this.client.terminate(new ModelLoadCancelledError(modelId));
      const cleanup = (): void => {
        clearTimeout(stallTimer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      armStallTimer();
      this.client
        .request(
          {
            type: 'load',
            modelId,
            app: this.app,
            ...(contextWindowSize
              ? { chatOptions: { context_window_size: contextWindowSize } }
              : {}),
          },
          {
            onProgress: (report) => {
              armStallTimer();
              const progress = tracker.update(report, this.now());
              if (session === this.session) {
                this.setState({ status: 'loading', modelId, progress });
              }
              onProgress?.(progress);
            },
          },
        )
        .then(
          () => {
            cleanup();
            resolve();
          },
          (err: unknown) => {
            cleanup();
            reject(err);
          },
        );
    });
  }

  private setState(state: WebLlmManagerState): void {
    this.currentState = state;
    for (const listener of this.listeners) listener(state);
  }
}
