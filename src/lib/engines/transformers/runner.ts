// The transformers.js work itself: loading pipelines, generating and embedding. The worker wraps
// it; Node tests and the in-thread endpoint call it directly, so both paths run the same code.
import type * as Transformers from '@huggingface/transformers';
import type {
  FeatureExtractionPipeline,
  PreTrainedModel,
  ProgressInfo,
  Tensor,
  TextGenerationPipeline,
} from '@huggingface/transformers';
import {
  TransformersAbortError,
  TransformersDeviceError,
  TransformersEngineError,
  TransformersInferenceError,
  TransformersLoadError,
  TransformersRequestError,
  causeText,
} from './errors';
import { browserOffline } from '../errors';
import {
  specKey,
  type EmbedOutput,
  type EmbedParams,
  type EnvOptions,
  type FileProgress,
  type GenerateOutput,
  type GenerateParams,
  type LoadInfo,
  type LoadSpec,
} from './protocol';
import { abortIfNeeded, asIdSet, encodeChat, raceAbort, toFileProgress } from './runner-steps';
import { yieldToEventLoop } from '../../platform/yield';
import { StreamAssembler, applyTopP, findStop, truncateAtStop } from './sampling';

/** The transformers.js module. */
export type TransformersLib = typeof Transformers;

/** Options of a runner. */
export interface RunnerOptions {
  /** How to import transformers.js; defaults to a dynamic import so it stays out of main chunks. */
  loadLibrary?: () => Promise<TransformersLib>;
  /** Environment applied before the first model loads (e.g. wasmPaths from the worker). */
  env?: EnvOptions;
}

/** Hooks of a running generation. */
export interface GenerateHooks {
  signal?: AbortSignal;
  onToken?: (delta: string) => void;
}

/** Hooks of a running embedding. */
export interface EmbedHooks {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

interface GeneratorEntry {
  kind: 'text-generation';
  pipe: TextGenerationPipeline;
}
interface ExtractorEntry {
  kind: 'feature-extraction';
  pipe: FeatureExtractionPipeline;
}
type Entry = GeneratorEntry | ExtractorEntry;

/** The generation settings transformers.js would use when the request says nothing. */
interface ModelDefaults {
  doSample: boolean;
  temperature: number;
  topP: number;
  eos: Set<bigint>;
}

/** The files of one pipeline being fetched: cancelled when every request waiting for it is. */
interface Download {
  /** Path segment every file URL of the model contains (`/<model id>/`). */
  marker: string;
  controller: AbortController;
  waiters: number;
}

/** Loads models on demand and runs generation and embedding with transformers.js. */
export class TransformersRunner {
  readonly #loadLibrary: () => Promise<TransformersLib>;
  #lib: Promise<TransformersLib> | undefined;
  #env: EnvOptions;
  readonly #entries = new Map<string, Promise<Entry>>();
  /** Downloads of pipelines still loading, by spec key. */
  readonly #downloads = new Map<string, Download>();
  #fetchWrapped = false;
  #generation: Promise<unknown> = Promise.resolve();

  /** @param options how to import the library and the initial environment */
  constructor(options: RunnerOptions = {}) {
    this.#loadLibrary = options.loadLibrary ?? (() => import('@huggingface/transformers'));
    this.#env = { ...options.env };
  }

  /** Merge environment settings; they apply to models loaded from now on. */
  configure(env: EnvOptions): void {
    this.#env = { ...this.#env, ...env };
  }

  async #library(): Promise<TransformersLib> {
    this.#lib ??= this.#loadLibrary();
    let lib: TransformersLib;
    try {
      lib = await this.#lib;
    } catch (err) {
      this.#lib = undefined;
      throw new TransformersInferenceError(
        `The local model runtime (transformers.js) could not be loaded: ${causeText(err)}. ` +
          'Reload the page; if it persists, your browser may not support WebAssembly.',
      );
    }
    const env = this.#env;
    if (env.allowRemoteModels !== undefined) lib.env.allowRemoteModels = env.allowRemoteModels;
    if (env.allowLocalModels !== undefined) lib.env.allowLocalModels = env.allowLocalModels;
    if (env.localModelPath !== undefined) lib.env.localModelPath = env.localModelPath;
    if (env.remoteHost !== undefined) lib.env.remoteHost = env.remoteHost;
    if (env.remotePathTemplate !== undefined) lib.env.remotePathTemplate = env.remotePathTemplate;
    if (env.useBrowserCache !== undefined) lib.env.useBrowserCache = env.useBrowserCache;
    if (env.useWasmCache !== undefined) lib.env.useWasmCache = env.useWasmCache;
    const wasm = lib.env.backends.onnx.wasm;
    if (env.wasmPaths && wasm) wasm.wasmPaths = { ...env.wasmPaths };
    if (!this.#fetchWrapped) {
      // transformers.js takes no AbortSignal; its fetches do, so cancelling a load stops them.
      const base = lib.env.fetch;
      lib.env.fetch = (input: string | URL, init?: RequestInit) => {
        const signal = this.#downloadSignal(String(input));
        if (!signal) return base(input, init);
        return base(input, {
          ...init,
          signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
        });
      };
      this.#fetchWrapped = true;
    }
    return lib;
  }

  #downloadSignal(url: string): AbortSignal | undefined {
    for (const download of this.#downloads.values()) {
      if (url.includes(download.marker)) return download.controller.signal;
    }
    return undefined;
  }

  /**
   * Load (or reuse) the pipeline of `spec`, reporting file progress. When `signal` aborts, this
   * call rejects at once, and the model's downloads stop if no other request still waits for
   * them (files already complete stay in the browser cache).
   */
  async load(
    spec: LoadSpec,
    onProgress?: (p: FileProgress) => void,
    signal?: AbortSignal,
  ): Promise<LoadInfo> {
    const loaded = this.#entries.has(specKey(spec));
    const started = performance.now();
    await this.#entry(spec, onProgress, signal);
    return { ...spec, loadMs: loaded ? 0 : Math.round(performance.now() - started) };
  }

  /** The pipeline of `spec`, created on first use; `signal` withdraws this caller only. */
  async #entry(
    spec: LoadSpec,
    onProgress?: (p: FileProgress) => void,
    signal?: AbortSignal,
  ): Promise<Entry> {
    abortIfNeeded(signal);
    const key = specKey(spec);
    let entry = this.#entries.get(key);
    if (!entry) {
      const download: Download = {
        marker: `/${spec.model}/`,
        controller: new AbortController(),
        waiters: 0,
      };
      this.#downloads.set(key, download);
      entry = this.#create(spec, onProgress, download.controller.signal);
      this.#entries.set(key, entry);
      const created = entry;
      const settle = (): void => {
        if (this.#downloads.get(key) === download) this.#downloads.delete(key);
      };
      created.then(
        (loaded) => {
          settle();
          // Cancelled after its files arrived: nobody holds this pipeline, so free it.
          if (this.#entries.get(key) !== created) void loaded.pipe.dispose().catch(() => undefined);
        },
        () => {
          settle();
          // A failed load must not poison the cache: the next request retries.
          if (this.#entries.get(key) === created) this.#entries.delete(key);
        },
      );
    }
    const download = this.#downloads.get(key);
    if (!download) return entry;
    download.waiters += 1;
    try {
      return await raceAbort(entry, signal);
    } finally {
      download.waiters -= 1;
      if (signal?.aborted && download.waiters === 0 && this.#downloads.get(key) === download) {
        // Nobody waits any more: stop fetching, and let the next request start afresh.
        download.controller.abort();
        this.#downloads.delete(key);
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      }
    }
  }

  async #create(
    spec: LoadSpec,
    onProgress: ((p: FileProgress) => void) | undefined,
    cancelled: AbortSignal,
  ): Promise<Entry> {
    const lib = await this.#library();
    const options = {
      device: spec.device,
      dtype: spec.dtype,
      progress_callback: (info: ProgressInfo) => {
        const p = toFileProgress(info);
        if (p) onProgress?.(p);
      },
    };
    try {
      if (spec.task === 'text-generation') {
        const pipe = await lib.pipeline('text-generation', spec.model, options);
        // One macrotask per decoding step keeps the worker able to receive an abort.
        const model = pipe.model;
        const forward = model.forward.bind(model);
        model.forward = async (inputs: unknown) => {
          await yieldToEventLoop();
          return forward(inputs);
        };
        return { kind: 'text-generation', pipe };
      }
      const pipe = await lib.pipeline('feature-extraction', spec.model, options);
      return { kind: 'feature-extraction', pipe };
    } catch (err) {
      if (cancelled.aborted) throw new TransformersAbortError();
      const cause = causeText(err);
      if (spec.device === 'webgpu' && /webgpu|adapter|backend|gpu/i.test(cause)) {
        throw TransformersDeviceError.for(cause);
      }
      if (browserOffline()) throw TransformersLoadError.offline(spec.model);
      throw TransformersLoadError.for(spec.model, cause);
    }
  }

  /** Generate one reply. Generations run one at a time because sampling shares one PRNG. */
  generate(params: GenerateParams, hooks: GenerateHooks = {}): Promise<GenerateOutput> {
    const run = this.#generation.then(() => this.#generate(params, hooks));
    this.#generation = run.catch(() => undefined);
    return run;
  }

  async #generate(params: GenerateParams, hooks: GenerateHooks): Promise<GenerateOutput> {
    const { spec } = params;
    if (spec.task !== 'text-generation') {
      throw new TransformersRequestError(`Model "${spec.model}" was not loaded for generation.`);
    }
    if (!Number.isInteger(params.maxNewTokens) || params.maxNewTokens < 1) {
      throw new TransformersRequestError('maxNewTokens must be a positive integer.');
    }
    abortIfNeeded(hooks.signal);
    const entry = await this.#entry(spec);
    if (entry.kind !== 'text-generation') throw new TransformersRequestError('Wrong pipeline.');
    abortIfNeeded(hooks.signal);
    const lib = await this.#library();
    try {
      return await this.#runGeneration(lib, entry.pipe, params, hooks);
    } catch (err) {
      if (err instanceof TransformersEngineError) throw err;
      throw TransformersInferenceError.for(spec.model, causeText(err));
    }
  }

  #defaults(model: PreTrainedModel): ModelDefaults {
    const config = model._prepare_generation_config(null, {}) as unknown as Record<string, unknown>;
    const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);
    return {
      doSample: config.do_sample === true,
      temperature: num(config.temperature, 1),
      topP: num(config.top_p, 1),
      eos: asIdSet(config.eos_token_id),
    };
  }

  async #runGeneration(
    lib: TransformersLib,
    pipe: TextGenerationPipeline,
    params: GenerateParams,
    hooks: GenerateHooks,
  ): Promise<GenerateOutput> {
    const tokenizer = pipe.tokenizer;
    const model = pipe.model;
    const defaults = this.#defaults(model);
    const inputs = encodeChat(tokenizer, params.messages);
    const promptTokens = inputs.input_ids.dims.at(-1) ?? 0;

    // temperature 0 means greedy; an explicit top_p alone asks for sampling at temperature 1.
    const sampled =
      params.temperature !== undefined
        ? params.temperature > 0
        : params.topP !== undefined || defaults.doSample;
    const temperature = params.temperature ?? defaults.temperature;
    const topP = params.topP ?? defaults.topP;
    if (sampled && params.seed !== undefined) lib.random.seed(params.seed);

    const stops = params.stop ?? [];
    const decode = (ids: readonly bigint[]): string =>
      tokenizer.decode([...ids], { skip_special_tokens: true });
    const assembler = new StreamAssembler(stops);
    const onToken = params.stream ? hooks.onToken : undefined;
    const signal = hooks.signal;
    let stoppedByString = false;

    // One criterion does the per-step bookkeeping: abort, stop strings and streaming.
    class Monitor extends lib.StoppingCriteria {
      override _call(inputIds: number[][]): boolean[] {
        const row = (inputIds[0] ?? []) as unknown as bigint[];
        if (signal?.aborted) return inputIds.map(() => true);
        if (stops.length > 0 || onToken) {
          const text = decode(row.slice(promptTokens));
          if (findStop(text, stops) !== -1) {
            stoppedByString = true;
            return inputIds.map(() => true);
          }
          const delta = onToken ? assembler.update(text) : '';
          if (delta) onToken?.(delta);
        }
        return inputIds.map(() => false);
      }
    }

    class TopP extends lib.LogitsProcessor {
      override _call(_ids: bigint[][], logits: Tensor): Tensor {
        const vocab = logits.dims.at(-1) ?? 0;
        const data = logits.data as Float32Array;
        for (let start = 0; start + vocab <= data.length; start += vocab) {
          applyTopP(data.subarray(start, start + vocab), topP);
        }
        return logits;
      }
    }

    const logitsProcessors = new lib.LogitsProcessorList();
    if (sampled && topP < 1) logitsProcessors.push(new TopP());
    const output = await model.generate({
      ...inputs,
      max_new_tokens: params.maxNewTokens,
      do_sample: sampled,
      temperature: sampled ? temperature : 1,
      // OpenAI-style sampling has no top-k; transformers.js would otherwise default to 50.
      top_k: 0,
      logits_processor: logitsProcessors,
      stopping_criteria: new Monitor(),
    });
    abortIfNeeded(signal);
    const sequences =
      output instanceof lib.Tensor ? output : (output as { sequences: Tensor }).sequences;
    const all = (sequences.tolist() as bigint[][])[0] ?? [];
    const generated = all.slice(promptTokens);
    const endsWithEos = generated.length > 0 && defaults.eos.has(generated[generated.length - 1]!);
    const completionTokens = generated.length - (endsWithEos ? 1 : 0);
    const { text, stopped } = truncateAtStop(decode(generated), stops);
    const tail = onToken ? assembler.finish(text) : '';
    if (tail) onToken?.(tail);
    const hitLimit = generated.length >= params.maxNewTokens && !endsWithEos;
    return {
      text,
      finishReason: stopped || stoppedByString || !hitLimit ? 'stop' : 'length',
      promptTokens,
      completionTokens,
      sampled,
      ...(sampled ? { temperature, topP } : {}),
    };
  }

  /** Embed `texts` in batches, reporting progress after each batch. */
  async embed(params: EmbedParams, hooks: EmbedHooks = {}): Promise<EmbedOutput> {
    const { spec } = params;
    if (spec.task !== 'feature-extraction') {
      throw new TransformersRequestError(`Model "${spec.model}" was not loaded for embeddings.`);
    }
    if (!Number.isInteger(params.batchSize) || params.batchSize < 1) {
      throw new TransformersRequestError('batchSize must be a positive integer.');
    }
    abortIfNeeded(hooks.signal);
    const entry = await this.#entry(spec);
    if (entry.kind !== 'feature-extraction') throw new TransformersRequestError('Wrong pipeline.');
    const vectors: Float32Array[] = [];
    let dims = 0;
    for (let start = 0; start < params.texts.length; start += params.batchSize) {
      abortIfNeeded(hooks.signal);
      const batch = params.texts.slice(start, start + params.batchSize);
      let out: Tensor;
      try {
        out = await entry.pipe(batch, { pooling: params.pooling, normalize: params.normalize });
      } catch (err) {
        throw TransformersInferenceError.for(spec.model, causeText(err));
      }
      dims = out.dims.at(-1) ?? 0;
      const data = out.data as Float32Array;
      for (let i = 0; i < batch.length; i++) vectors.push(data.slice(i * dims, (i + 1) * dims));
      hooks.onProgress?.(vectors.length, params.texts.length);
      await yieldToEventLoop();
    }
    abortIfNeeded(hooks.signal);
    return { vectors, dims };
  }

  /** Free one loaded pipeline, or all of them. */
  async dispose(spec?: LoadSpec): Promise<void> {
    const keys = spec ? [specKey(spec)] : [...this.#entries.keys()];
    for (const key of keys) {
      const entry = this.#entries.get(key);
      this.#entries.delete(key);
      if (!entry) continue;
      try {
        await (await entry).pipe.dispose();
      } catch {
        // A pipeline that failed to load has nothing to free.
      }
    }
  }
}
