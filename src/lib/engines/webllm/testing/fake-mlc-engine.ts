// Test double for WebLLM's MLCEngine: scripted replies, progress, and errors named as WebLLM's.
// It enforces the request rules WebLLM 0.2.86 enforces (no streamed n > 1, integer seeds).
import type {
  AppConfig,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  InitProgressReport,
  ModelRecord,
} from '@mlc-ai/web-llm';
import type { WebGpuProbe } from '../../../platform/webgpu';
import type { WorkerPortFactory } from '../client';
import {
  createWebLlmWorkerHandler,
  type CacheStorageLike,
  type WebLlmEngineLike,
  type WebLlmModuleLike,
} from '../worker-handler';

/** A gibibyte, for probe limits. */
export const GIB = 1024 ** 3;

/** The WebGPU probe of headless Chromium's software adapter: no shader-f16, 1 GiB buffers. */
export const SWIFTSHADER_PROBE: WebGpuProbe = {
  available: true,
  architecture: 'swiftshader',
  vendor: 'google',
  isFallbackAdapter: true,
  hasShaderF16: false,
  maxBufferSize: GIB,
  maxStorageBufferBindingSize: GIB,
};

/** The small prebuilt chat model the tests load. */
export const SMOL_MODEL = 'SmolLM2-360M-Instruct-q4f32_1-MLC';

/** A WebLLM-style error: a plain Error with WebLLM's class name. */
export function webLlmError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Errors as WebLLM 0.2.86 (or the browser under it) raises them. */
export const WEBLLM_ERRORS = {
  webGpuNotAvailable: () =>
    webLlmError(
      'WebGPUNotAvailableError',
      'WebGPU is not supported in your current environment, but it is necessary to run the WebLLM engine.',
    ),
  noAdapter: () =>
    new Error(
      "Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU, or your system settings are not configured properly.",
    ),
  shaderF16: () =>
    webLlmError(
      'ShaderF16SupportError',
      'This model requires WebGPU extension shader-f16, which is not enabled in this browser.',
    ),
  deviceLost: () =>
    webLlmError(
      'DeviceLostError',
      'The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).',
    ),
  outOfMemory: () => new RangeError('Array buffer allocation failed: out of memory'),
  offline: () => new TypeError('Failed to fetch'),
  quota: () => webLlmError('QuotaExceededError', 'The quota has been exceeded.'),
  modelNotFound: (id: string) =>
    webLlmError('ModelNotFoundError', `Cannot find model record in appConfig for ${id}.`),
};

/** How the fake answers. */
export interface FakeScript {
  /** Reply text for a call; `choice` counts within the call, `call` across calls. */
  reply?: (request: ChatCompletionRequest, choice: number, call: number) => string;
  /** Thrown by the next chat call (then cleared). */
  chatError?: Error;
  /** Progress reports emitted by reload before it finishes. */
  progress?: InitProgressReport[];
  /** Thrown by reload after the progress reports. */
  loadError?: Error;
  /** Resolve reload only when the test calls `finishLoad()` (for cancel tests). */
  holdLoad?: boolean;
  /** Wait this long between streamed tokens (real timers), so aborts can land mid-stream. */
  tokenDelayMs?: number;
}

function tokenize(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function countWords(request: ChatCompletionRequest): number {
  return request.messages.reduce(
    (sum, message) =>
      sum + (typeof message.content === 'string' ? tokenize(message.content).length : 0),
    0,
  );
}

/** An in-memory stand-in for MLCEngine. */
export class FakeMlcEngine implements WebLlmEngineLike {
  readonly requests: ChatCompletionRequest[] = [];
  readonly reloads: Array<{ modelId: string; chatOpts: unknown }> = [];
  interrupts = 0;
  unloads = 0;
  appConfig: AppConfig | null = null;
  private progressCallback: ((report: InitProgressReport) => void) | null = null;
  private interruptSignal = false;
  private calls = 0;
  private releaseLoad: (() => void) | null = null;
  readonly chat: WebLlmEngineLike['chat'];

  /** @param script how to answer */
  constructor(public script: FakeScript = {}) {
    this.chat = { completions: { create: (request) => this.create(request) } };
  }

  /** Lets a held reload finish. */
  finishLoad(): void {
    this.releaseLoad?.();
  }

  interruptGenerate(): void {
    this.interrupts += 1;
    this.interruptSignal = true;
  }

  setInitProgressCallback(callback: (report: InitProgressReport) => void): void {
    this.progressCallback = callback;
  }

  setAppConfig(appConfig: AppConfig): void {
    this.appConfig = appConfig;
  }

  async reload(modelId: string, chatOpts?: unknown): Promise<void> {
    this.reloads.push({ modelId, chatOpts });
    for (const report of this.script.progress ?? []) {
      await Promise.resolve();
      this.progressCallback?.(report);
    }
    if (this.script.holdLoad) {
      await new Promise<void>((resolve) => {
        this.releaseLoad = resolve;
      });
    }
    if (this.script.loadError) throw this.script.loadError;
  }

  async unload(): Promise<void> {
    this.unloads += 1;
  }

  private async create(
    request: ChatCompletionRequest,
  ): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>> {
    this.requests.push(structuredClone(request));
    if (this.script.chatError) {
      const error = this.script.chatError;
      delete this.script.chatError;
      throw error;
    }
    if (request.stream && (request.n ?? 1) > 1) {
      throw webLlmError('StreamingCountError', 'When streaming, `n` cannot be > 1.');
    }
    if (request.seed !== undefined && request.seed !== null && !Number.isInteger(request.seed)) {
      throw webLlmError('SeedTypeError', `\`seed\` should be an integer, but got ${request.seed}`);
    }
    if (request.stream_options && !request.stream) {
      throw webLlmError(
        'InvalidStreamOptionsError',
        'Only specify stream_options when stream=True.',
      );
    }
    const call = this.calls++;
    this.interruptSignal = false;
    if (request.stream) return this.stream(request, call);
    const n = request.n ?? 1;
    let completionTokens = 0;
    const choices: ChatCompletion['choices'] = [];
    for (let index = 0; index < n; index += 1) {
      const { tokens, finish } = this.generateTokens(request, index, call);
      completionTokens += tokens.length;
      choices.push({
        index,
        finish_reason: this.interruptSignal ? 'abort' : finish,
        logprobs: null,
        message: { role: 'assistant', content: tokens.join('') },
      });
    }
    const promptTokens = countWords(request) * n;
    return {
      id: `fake-${call}`,
      object: 'chat.completion',
      created: 0,
      model: 'fake',
      choices,
      usage: this.usage(promptTokens, completionTokens),
    };
  }

  private generateTokens(
    request: ChatCompletionRequest,
    choice: number,
    call: number,
  ): { tokens: string[]; finish: 'stop' | 'length' } {
    const text = (this.script.reply ?? (() => 'ok'))(request, choice, call);
    let tokens = tokenize(text);
    let finish: 'stop' | 'length' = 'stop';
    const stops = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? []);
    for (const stop of stops) {
      const joined = tokens.join('');
      const at = joined.indexOf(stop);
      if (at >= 0) tokens = tokenize(joined.slice(0, at));
    }
    if (request.max_tokens !== undefined && request.max_tokens !== null) {
      if (tokens.length > request.max_tokens) {
        tokens = tokens.slice(0, request.max_tokens);
        finish = 'length';
      }
    }
    return { tokens, finish };
  }

  private usage(promptTokens: number, completionTokens: number): ChatCompletion['usage'] {
    return {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      extra: {
        e2e_latency_s: 0,
        prefill_tokens_per_s: 0,
        decode_tokens_per_s: 0,
        time_to_first_token_s: 0,
        time_per_output_token_s: 0,
      },
    };
  }

  private async *stream(
    request: ChatCompletionRequest,
    call: number,
  ): AsyncGenerator<ChatCompletionChunk> {
    const { tokens, finish } = this.generateTokens(request, 0, call);
    const chunk = (
      delta: string,
      finishReason: ChatCompletionChunk['choices'][number]['finish_reason'],
    ): ChatCompletionChunk => ({
      id: `fake-${call}`,
      object: 'chat.completion.chunk',
      created: 0,
      model: 'fake',
      choices: [
        { index: 0, delta: { role: 'assistant', content: delta }, finish_reason: finishReason },
      ],
    });
    let emitted = 0;
    let finishReason: 'stop' | 'length' | 'abort' = finish;
    for (const token of tokens) {
      if (this.script.tokenDelayMs) {
        await new Promise((resolve) => setTimeout(resolve, this.script.tokenDelayMs));
      } else {
        await Promise.resolve();
      }
      if (this.interruptSignal) {
        finishReason = 'abort';
        break;
      }
      emitted += 1;
      yield chunk(token, null);
    }
    yield chunk('', finishReason);
    if (request.stream_options?.include_usage) {
      yield {
        id: `fake-${call}`,
        object: 'chat.completion.chunk',
        created: 0,
        model: 'fake',
        choices: [],
        usage: this.usage(countWords(request), emitted),
      };
    }
  }
}

/** A fake `@mlc-ai/web-llm` module around one FakeMlcEngine and an in-memory cache. */
export class FakeWebLlmModule implements WebLlmModuleLike {
  readonly cached = new Set<string>();
  readonly deleted: string[] = [];
  readonly cacheCalls: Array<{ modelId: string; appConfig: AppConfig }> = [];
  engineConfigs: AppConfig[] = [];

  /**
   * @param engine the engine createEngine returns
   * @param prebuiltAppConfig the model list to serve
   */
  constructor(
    readonly engine: FakeMlcEngine,
    readonly prebuiltAppConfig: AppConfig = { model_list: [] },
  ) {}

  createEngine(config: {
    appConfig: AppConfig;
    initProgressCallback: (report: InitProgressReport) => void;
  }): WebLlmEngineLike {
    this.engineConfigs.push(config.appConfig);
    this.engine.setAppConfig(config.appConfig);
    this.engine.setInitProgressCallback(config.initProgressCallback);
    return this.engine;
  }

  async hasModelInCache(modelId: string, appConfig: AppConfig): Promise<boolean> {
    this.cacheCalls.push({ modelId, appConfig });
    return this.cached.has(modelId);
  }

  async deleteModelAllInfoInCache(modelId: string, appConfig: AppConfig): Promise<void> {
    this.cacheCalls.push({ modelId, appConfig });
    this.deleted.push(modelId);
    this.cached.delete(modelId);
  }
}

/** A minimal model record for tests. */
export function fakeRecord(modelId: string, extra: Partial<ModelRecord> = {}): ModelRecord {
  return {
    model: `https://huggingface.co/mlc-ai/${modelId}`,
    model_id: modelId,
    model_lib: `https://example.invalid/libs/${modelId}.wasm`,
    vram_required_MB: 500,
    low_resource_required: true,
    ...extra,
  };
}

/** Counts of what an in-process "worker" went through. */
export interface PortStats {
  created: number;
  terminated: number;
  /** Every request the main side sent, in order. */
  sent: string[];
}

/**
 * A WorkerPortFactory that runs the real worker handler in-process around a fake module, with
 * structured cloning and a macrotask hop each way, like postMessage. A terminated port drops
 * everything, like a killed worker.
 * @param module the fake WebLLM module
 * @param caches optional fake Cache API
 */
export function inProcessPortFactory(
  module: FakeWebLlmModule,
  caches?: CacheStorageLike,
): { factory: WorkerPortFactory; stats: PortStats; crash(detail: string): void } {
  const stats: PortStats = { created: 0, terminated: 0, sent: [] };
  let crashCurrent: (detail: string) => void = () => undefined;
  const factory: WorkerPortFactory = (handlers) => {
    stats.created += 1;
    let alive = true;
    crashCurrent = (detail) => {
      if (alive) handlers.onCrash(detail);
    };
    const handle = createWebLlmWorkerHandler({
      webllm: module,
      ...(caches ? { caches } : {}),
      post: (message) => {
        const copy = structuredClone(message);
        setTimeout(() => {
          if (alive) handlers.onMessage(copy);
        }, 0);
      },
    });
    return {
      post: (message) => {
        stats.sent.push(message.type);
        const copy = structuredClone(message);
        setTimeout(() => {
          if (alive) void handle(copy);
        }, 0);
      },
      terminate: () => {
        if (alive) stats.terminated += 1;
        alive = false;
      },
    };
  };
  return { factory, stats, crash: (detail) => crashCurrent(detail) };
}
