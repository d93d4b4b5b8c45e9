// What the transformers.js chat and embedding engines share: options, device and dtype choice
// (WebGPU probed once), loading the model in the worker with progress, and disposal.
import { probeWebGpu } from '../../platform/webgpu';
import type { LoadProgress } from '../types';
import { LoadProgressTracker } from './load-progress';
import { resolveDevice, resolveDtype, type DevicePreference, type GpuFacts } from './models';
import type { LoadInfo, LoadSpec, TransformersDtype, TransformersTask } from './protocol';
import {
  getSharedTransformersClient,
  TRANSFORMERS_PROVIDER_ID,
  type TransformersWorkerClient,
} from './worker-client';

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

/** Shared plumbing of the two engines: spec resolution, lazy loading, disposal. */
export abstract class TransformersEngineBase {
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
