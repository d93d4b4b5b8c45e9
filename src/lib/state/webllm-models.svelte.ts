// Reactive state of the WebLLM section of Settings: WebGPU probe, runnable models, loading with
// progress, cancel and retry, and cached models. Wraps the framework-free model manager.
import type { WebGpuProbe } from '../platform/webgpu';
import { DEFAULT_MODEL_PREFERENCE, type ModelOption } from '../engines/webllm/models';
import type { WebLlmModelManager } from '../engines/webllm/manager';
import type { WebLlmLoadProgress } from '../engines/webllm/progress';
import type { CachedModelInfo } from '../engines/webllm/protocol';
import { mergeSetting, SETTING_KEYS, type SettingsStore } from './settings-store';
import { getStorageStatus, type StorageStatus } from './storage-status.svelte';

/** Where loading the selected model is. */
export type WebLlmLoadState =
  | { status: 'idle' }
  | { status: 'loading'; modelId: string; progress: WebLlmLoadProgress | null }
  | { status: 'ready'; modelId: string }
  | { status: 'cancelled'; modelId: string }
  | { status: 'error'; modelId: string; message: string; code: string | null };

/** Where reading the model list is. */
export type ListState = 'idle' | 'probing' | 'listing' | 'ready' | 'unavailable' | 'error';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function codeOf(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : null;
  }
  return null;
}

/** The WebLLM section's state; every browser call goes through the manager. */
export class WebLlmModels {
  #probe = $state<WebGpuProbe | null>(null);
  #list = $state<ListState>('idle');
  #listError = $state<string | null>(null);
  #options = $state<ModelOption[]>([]);
  #defaultId = $state<string | null>(null);
  #selected = $state<string | null>(null);
  #load = $state<WebLlmLoadState>({ status: 'idle' });
  #cached = $state<CachedModelInfo[]>([]);
  #cacheError = $state<string | null>(null);
  #abort: AbortController | null = null;
  /** Bumped when a load starts or ends: the manager restarts its worker then. */
  #loadEpoch = 0;
  #init: Promise<void> | null = null;
  #listing: Promise<void> | null = null;
  readonly #manager: () => Promise<WebLlmModelManager>;
  readonly #store: SettingsStore;
  readonly #probeFn: () => Promise<WebGpuProbe>;
  readonly #usage: StorageStatus;

  /**
   * @param manager the app-wide model manager (created on first use)
   * @param store where the selected model is remembered
   * @param probe the WebGPU probe (default: the manager's, which loads the manager's code)
   * @param usage the site's storage status, re-read when models are downloaded or deleted
   */
  constructor(
    manager: () => Promise<WebLlmModelManager>,
    store: SettingsStore,
    probe?: () => Promise<WebGpuProbe>,
    usage: StorageStatus = getStorageStatus(),
  ) {
    this.#manager = manager;
    this.#store = store;
    this.#probeFn = probe ?? (async () => (await manager()).probe());
    this.#usage = usage;
  }

  /** The WebGPU probe, or null before it ran. */
  get probe(): WebGpuProbe | null {
    return this.#probe;
  }

  /** Where reading the model list is (`idle` after `init()` until `loadList()` runs). */
  get listState(): ListState {
    return this.#list;
  }

  /** Why the model list could not be read. */
  get listError(): string | null {
    return this.#listError;
  }

  /** Models this device can run, smallest VRAM need first. */
  get options(): readonly ModelOption[] {
    return this.#options;
  }

  /** The model WebLLM suggests for this device. */
  get defaultId(): string | null {
    return this.#defaultId;
  }

  /** The model picked in Settings (the default until the user picks another). */
  get selected(): string | null {
    return this.#selected;
  }

  /** Loading state of the selected model. */
  get load(): WebLlmLoadState {
    return this.#load;
  }

  /** Cached models with their sizes. */
  get cached(): readonly CachedModelInfo[] {
    return this.#cached;
  }

  /** Why the cache could not be listed or changed. */
  get cacheError(): string | null {
    return this.#cacheError;
  }

  /**
   * The cheap start every area can afford: probes WebGPU on the main thread and restores the
   * remembered model (else the usual small default), without starting the WebLLM worker, so
   * pages that only need `selected` never download WebLLM. Runs once.
   */
  init(): Promise<void> {
    this.#init ??= this.#initialise();
    return this.#init;
  }

  /**
   * Everything the Settings section shows: `init()`, then the models this device can run (read
   * in the WebLLM worker, which starts here), the cache and the site's storage use. Runs once.
   */
  loadList(): Promise<void> {
    this.#listing ??= this.#readList();
    return this.#listing;
  }

  async #initialise(): Promise<void> {
    this.#list = 'probing';
    try {
      this.#probe = await this.#probeFn();
    } catch (err) {
      this.#list = 'error';
      this.#listError = messageOf(err);
      return;
    }
    if (!this.#probe.available) {
      this.#list = 'unavailable';
      return;
    }
    const remembered = await this.#remembered();
    this.#selected ??= remembered ?? DEFAULT_MODEL_PREFERENCE[0];
    this.#list = 'idle';
  }

  async #readList(): Promise<void> {
    await this.init();
    void this.#usage.refresh();
    if (this.#list !== 'idle') return;
    this.#list = 'listing';
    try {
      const manager = await this.#manager();
      const [options, preferred] = await Promise.all([
        manager.runnableModels(),
        manager.defaultModel(),
      ]);
      this.#options = options;
      this.#defaultId = preferred?.id ?? null;
      // A remembered or assumed model this device cannot run gives way to the suggested one.
      if (!options.some((o) => o.id === this.#selected)) this.#selected = this.#defaultId;
      this.#list = 'ready';
    } catch (err) {
      this.#list = 'error';
      this.#listError = messageOf(err);
      return;
    }
    await this.refreshCache();
  }

  async #remembered(): Promise<string | null> {
    try {
      const stored = await this.#store.getSetting(SETTING_KEYS.localModels);
      const value =
        typeof stored === 'object' && stored !== null && !Array.isArray(stored)
          ? stored.webllmModel
          : undefined;
      return typeof value === 'string' && value ? value : null;
    } catch {
      return null;
    }
  }

  /** Picks the model to load (and remembers the choice). */
  async select(modelId: string): Promise<void> {
    this.#selected = modelId;
    try {
      await mergeSetting(this.#store, SETTING_KEYS.localModels, { webllmModel: modelId });
    } catch {
      // Remembering the choice is a convenience; the selection itself stands.
    }
  }

  /**
   * Loads the selected model: downloads it (or reads it from the cache) with progress. Errors
   * end in the `error` state with WebLLM's actionable message; calling again retries.
   */
  async loadSelected(): Promise<void> {
    const modelId = this.#selected;
    if (!modelId) return;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.#loadEpoch += 1;
    this.#load = { status: 'loading', modelId, progress: null };
    try {
      const manager = await this.#manager();
      await manager.load(modelId, {
        signal: abort.signal,
        onProgress: (progress) => {
          if (this.#abort === abort) this.#load = { status: 'loading', modelId, progress };
        },
      });
      if (this.#abort === abort) this.#load = { status: 'ready', modelId };
    } catch (err) {
      if (this.#abort !== abort) return;
      this.#load = abort.signal.aborted
        ? { status: 'cancelled', modelId }
        : { status: 'error', modelId, message: messageOf(err), code: codeOf(err) };
    } finally {
      this.#loadEpoch += 1;
      if (this.#abort === abort) this.#abort = null;
      void this.refreshCache();
      void this.#usage.refresh();
    }
  }

  /** Cancels a running load; parts already downloaded stay cached. */
  cancel(): void {
    this.#abort?.abort();
  }

  /** Unloads the loaded model and frees its GPU memory. */
  async unload(): Promise<void> {
    const manager = await this.#manager();
    await manager.unload();
    this.#load = { status: 'idle' };
  }

  /** Re-reads which models are cached. */
  async refreshCache(): Promise<void> {
    if (this.#list !== 'ready') return;
    for (let attempt = 0; ; attempt += 1) {
      const epoch = this.#loadEpoch;
      try {
        const manager = await this.#manager();
        const ids = (await manager.listModels()).map((r) => r.model_id);
        this.#cached = await manager.listCached(ids);
        this.#cacheError = null;
        return;
      } catch (err) {
        // A load that fails meanwhile restarts the worker and takes queued cache reads down
        // with its own error; that says nothing about the cache, so read it again.
        if (epoch !== this.#loadEpoch && attempt < 3) continue;
        this.#cacheError = `The model cache could not be read: ${messageOf(err)}`;
        return;
      }
    }
  }

  /** Deletes a cached model (unloading it first if it is loaded). */
  async deleteCached(modelId: string): Promise<void> {
    try {
      await (await this.#manager()).deleteCached(modelId);
      if ('modelId' in this.#load && this.#load.modelId === modelId)
        this.#load = { status: 'idle' };
      this.#cacheError = null;
    } catch (err) {
      this.#cacheError = `Could not delete ${modelId}: ${messageOf(err)}`;
    }
    await this.refreshCache();
    await this.#usage.refresh();
  }
}
