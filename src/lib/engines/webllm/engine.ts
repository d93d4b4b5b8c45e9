// WebLlmEngine: the ChatEngine adapter over WebLLM's OpenAI-style chat API.
// It drives anything with WebLLM's chat.completions.create: MLCEngine, the worker proxy, a fake.
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionFinishReason,
  ChatCompletionMessageParam,
  ChatCompletionRequest,
  ChatCompletionRequestBase,
  CompletionUsage,
} from '@mlc-ai/web-llm';
import { buildRequestMessages } from '../../core/chat-request';
import type {
  AppliedParams,
  ChatChoice,
  ChatEngine,
  ChatRequest,
  ChatResult,
  EngineCapabilities,
  FinishReason,
  ParamNote,
  TokenUsage,
} from '../types';
import { mapWebLlmError, WebLlmModelNotLoadedError } from './errors';

/**
 * The slice of WebLLM's `MLCEngineInterface` the adapter uses. WebLLM's `Chat` class has private
 * fields, so a fake cannot implement the full interface; every real engine satisfies this one.
 */
export interface WebLlmChatBackend {
  chat: {
    completions: {
      create(
        request: ChatCompletionRequest,
      ): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>>;
    };
  };
  /** Stops the generation that is running now (WebLLM ignores it between requests). */
  interruptGenerate(): void;
}

/** Options for a WebLlmEngine. */
export interface WebLlmEngineOptions {
  /** Provider id used in `id`; defaults to `webllm`. */
  providerId?: string;
  /** Clock for latency; defaults to `performance.now`. */
  now?: () => number;
  /** False once the backend no longer holds this model (unloaded or replaced). */
  isLoaded?: () => boolean;
  /** Called by `dispose()`, e.g. to unload the model from the worker. */
  onDispose?: () => Promise<void>;
}

/** What WebLLM can do, per its chat-completions implementation (0.2.86). */
export const WEBLLM_CAPABILITIES: EngineCapabilities = {
  n: 'native',
  seed: 'native',
  temperature: 'native',
  topP: 'native',
  structuredOutput: 'json-schema',
  streaming: true,
  maxConcurrency: 1,
  batch: false,
};

const FINISH_REASONS: Record<ChatCompletionFinishReason, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool',
  abort: 'unknown',
};

/** The error a cancelled call rejects with: the signal's reason, or a standard AbortError. */
function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new DOMException('The request was cancelled.', 'AbortError');
}

/** Runs tasks one at a time; a task whose signal aborts while it waits is never started. */
class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(abortReason(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      const start = async (): Promise<void> => {
        if (signal?.aborted) return;
        try {
          resolve(await task());
        } catch (err) {
          reject(err);
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
      };
      this.tail = this.tail.then(start, start);
    });
  }
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function toUsage(usage: CompletionUsage | undefined): TokenUsage | null {
  if (!usage) return null;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
  };
}

function addUsage(a: TokenUsage | null, b: TokenUsage | null): TokenUsage | null {
  if (!a || !b) return a ?? b;
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/** Builds the WebLLM request fields shared by every call, recording adjustments in `notes`. */
function toWebLlmBase(
  request: ChatRequest,
  notes: ParamNote[],
): { base: ChatCompletionRequestBase; seed: number | undefined } {
  let seed = request.seed;
  if (seed !== undefined && !Number.isInteger(seed)) {
    seed = Math.round(seed);
    notes.push({
      param: 'seed',
      status: 'clamped',
      message: `WebLLM needs an integer seed; ${request.seed} was rounded to ${seed}.`,
    });
  }
  // WebLLM's JSON mode only constrains decoding; the prompt must still ask for JSON, which the
  // shared builder's instruction does.
  const base: ChatCompletionRequestBase = {
    messages: buildRequestMessages(request).map((m): ChatCompletionMessageParam => ({
      role: m.role,
      content: m.content,
    })),
  };
  if (request.temperature !== undefined) base.temperature = request.temperature;
  if (request.top_p !== undefined) base.top_p = request.top_p;
  if (request.max_tokens !== undefined) base.max_tokens = request.max_tokens;
  if (request.stop !== undefined && request.stop.length > 0) base.stop = request.stop;
  if (request.jsonSchema) {
    // WebLLM's response_format takes the schema as a string, unlike OpenAI's json_schema shape.
    base.response_format = {
      type: 'json_object',
      schema: JSON.stringify(request.jsonSchema.schema),
    };
  }
  return { base, seed };
}

/** One chat model running in WebLLM; calls run one at a time (WebLLM holds one KV cache). */
export class WebLlmEngine implements ChatEngine {
  readonly id: string;
  readonly providerId: string;
  readonly location = 'local' as const;
  readonly capabilities: EngineCapabilities = WEBLLM_CAPABILITIES;
  private readonly queue = new SerialQueue();
  private readonly now: () => number;
  private disposed = false;

  /**
   * @param backend a loaded WebLLM engine (in-thread, worker proxy, or fake)
   * @param model the WebLLM model id the backend has loaded
   * @param options provider id, clock, and lifecycle hooks
   */
  constructor(
    private readonly backend: WebLlmChatBackend,
    readonly model: string,
    private readonly options: WebLlmEngineOptions = {},
  ) {
    this.providerId = options.providerId ?? 'webllm';
    this.id = `${this.providerId}/${model}`;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Runs one chat completion. Streams when `onToken` is set; `n` > 1 while streaming is emulated
   * by sequential calls (WebLLM refuses to stream several choices). Aborting interrupts WebLLM's
   * generation and rejects with the signal's reason.
   * @param request the chat request
   */
  async chat(request: ChatRequest): Promise<ChatResult> {
    this.throwIfUnloaded();
    if (request.signal?.aborted) throw abortReason(request.signal);
    return this.queue.run(() => this.runChat(request), request.signal);
  }

  /** Unloads the model (through `onDispose`); later calls fail with WebLlmModelNotLoadedError. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.options.onDispose?.();
  }

  private throwIfUnloaded(): void {
    if (this.disposed || this.options.isLoaded?.() === false) {
      throw new WebLlmModelNotLoadedError(this.model);
    }
  }

  private async runChat(request: ChatRequest): Promise<ChatResult> {
    // The model may have been unloaded while this call waited in the queue.
    this.throwIfUnloaded();
    const signal = request.signal;
    const onAbort = (): void => this.backend.interruptGenerate();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.generate(request);
    } catch (err) {
      if (signal?.aborted) throw abortReason(signal);
      if (err instanceof Error && err.name === 'AbortError') throw err;
      throw mapWebLlmError(err, this.model);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async generate(request: ChatRequest): Promise<ChatResult> {
    const notes: ParamNote[] = [];
    const { base, seed } = toWebLlmBase(request, notes);
    const requestedN = request.n ?? 1;
    const n = Math.max(1, Math.floor(requestedN));
    if (n !== requestedN) {
      notes.push({
        param: 'n',
        status: 'clamped',
        message: `n must be a positive integer; used ${n}.`,
      });
    }
    const stream = request.onToken !== undefined;
    const applied: AppliedParams = { model: this.model, n, stream };
    if (base.temperature !== undefined && base.temperature !== null)
      applied.temperature = base.temperature;
    if (base.top_p !== undefined && base.top_p !== null) applied.top_p = base.top_p;
    if (base.max_tokens !== undefined && base.max_tokens !== null)
      applied.max_tokens = base.max_tokens;
    if (seed !== undefined) applied.seed = seed;
    if (base.stop) applied.stop = request.stop;
    if (request.jsonSchema) applied.structuredOutput = 'json-schema';

    const started = this.now();
    let choices: ChatChoice[];
    let usage: TokenUsage | null;
    if (!stream) {
      const completion = await this.backend.chat.completions.create({
        ...base,
        ...(seed !== undefined ? { seed } : {}),
        n,
        stream: false,
      });
      if (isAsyncIterable(completion)) throw new Error('WebLLM streamed a non-streaming request.');
      this.throwIfAborted(request.signal);
      choices = [...completion.choices]
        .sort((a, b) => a.index - b.index)
        .map((choice) => ({
          text: choice.message.content ?? '',
          finishReason: FINISH_REASONS[choice.finish_reason] ?? 'unknown',
        }));
      usage = toUsage(completion.usage);
    } else {
      if (n > 1) {
        notes.push({
          param: 'n',
          status: 'emulated',
          message:
            seed === undefined
              ? `WebLLM cannot stream several choices; ran ${n} streamed calls one after another.`
              : `WebLLM cannot stream several choices; ran ${n} streamed calls one after another with seeds ${seed}..${seed + n - 1} so the choices differ.`,
        });
      }
      choices = [];
      usage = null;
      for (let index = 0; index < n; index += 1) {
        this.throwIfAborted(request.signal);
        const one = await this.streamOne(
          base,
          seed === undefined ? undefined : seed + index,
          index,
          request,
        );
        choices.push(one.choice);
        usage = index === 0 ? one.usage : addUsage(usage, one.usage);
      }
    }
    const latencyMs = this.now() - started;
    return { choices, usage, latencyMs, applied, notes };
  }

  private async streamOne(
    base: ChatCompletionRequestBase,
    seed: number | undefined,
    choiceIndex: number,
    request: ChatRequest,
  ): Promise<{ choice: ChatChoice; usage: TokenUsage | null }> {
    const chunks = await this.backend.chat.completions.create({
      ...base,
      ...(seed !== undefined ? { seed } : {}),
      n: 1,
      stream: true,
      stream_options: { include_usage: true },
    });
    if (!isAsyncIterable<ChatCompletionChunk>(chunks)) {
      throw new Error('WebLLM returned a complete response to a streaming request.');
    }
    let text = '';
    let finish: ChatCompletionFinishReason | null = null;
    let usage: TokenUsage | null = null;
    for await (const chunk of chunks) {
      for (const choice of chunk.choices) {
        const delta = choice.delta.content ?? '';
        if (delta) {
          text += delta;
          request.onToken?.(delta, choiceIndex);
        }
        if (choice.finish_reason) finish = choice.finish_reason;
      }
      if (chunk.usage) usage = toUsage(chunk.usage);
    }
    this.throwIfAborted(request.signal);
    return {
      choice: { text, finishReason: finish ? FINISH_REASONS[finish] : 'unknown' },
      usage,
    };
  }

  private throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw abortReason(signal);
  }
}
