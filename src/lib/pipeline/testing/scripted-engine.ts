// A ChatEngine whose replies are a function of the request, for tests and benchmarks: script
// classification letters, k-response outputs, verdicts by response content, grades or failures.

import type {
  ChatEngine,
  ChatRequest,
  ChatResult,
  EmbedOptions,
  EmbeddingEngine,
  EngineCapabilities,
  EngineLocation,
} from '../../engines/types';

/** What a request asks for, recognised from the app's own prompt templates. */
export type RequestKind =
  | 'classify'
  | 'sample'
  | 'sample-multi'
  | 'sample-regeneration'
  | 'judge'
  | 'checklist'
  | 'grade'
  | 'correctness';

/**
 * Recognises the pipeline call a request belongs to. 'sample' covers temperature sampling and
 * the first regeneration turn, which are the same request (the bare prompt).
 */
export function requestKind(request: Pick<ChatRequest, 'messages'>): RequestKind {
  const [first] = request.messages;
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  const user = first?.role === 'user' ? first.content : '';
  if (system.startsWith('You evaluate the functional diversity')) return 'judge';
  if (system.includes('<response id="1">')) return 'sample-multi';
  if (user.startsWith('Classify the user prompt below')) return 'classify';
  if (user.startsWith('You are writing a grading checklist')) return 'checklist';
  if (user.startsWith('Evaluate the quality of the response below')) return 'grade';
  if (user.startsWith('Grade a response to a question against the gold')) return 'correctness';
  if (request.messages.some((m) => m.role === 'assistant')) return 'sample-regeneration';
  return 'sample';
}

function between(text: string, open: string, close: string): string {
  const start = text.indexOf(open);
  if (start < 0) return '';
  const from = start + open.length;
  const end = text.indexOf(close, from);
  return text
    .slice(from, end < 0 ? undefined : end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}

/** The user prompt a request is about, whatever its kind. */
export function requestPrompt(request: Pick<ChatRequest, 'messages'>): string {
  const kind = requestKind(request);
  const user = request.messages.filter((m) => m.role === 'user');
  const text = user[0]?.content ?? '';
  if (kind === 'correctness') return between(text, '<question>', '</question>');
  if (kind === 'judge') return between(user[0]?.content ?? '', '<prompt>', '</prompt>');
  if (kind === 'classify' || kind === 'checklist' || kind === 'grade') {
    return between(text, '<prompt>', '</prompt>');
  }
  return text;
}

/** The two responses a judge request compares. */
export function judgedPair(request: Pick<ChatRequest, 'messages'>): { a: string; b: string } {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  return {
    a: between(user, '<response_a>', '</response_a>'),
    b: between(user, '<response_b>', '</response_b>'),
  };
}

/** The response a grade or correctness request is about. */
export function gradedResponse(request: Pick<ChatRequest, 'messages'>): string {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  return between(user, '<response>', '</response>');
}

/** Number of earlier answers in a regeneration request. */
export function regenerationTurn(request: Pick<ChatRequest, 'messages'>): number {
  return request.messages.filter((m) => m.role === 'assistant').length;
}

/** Formats k responses the way system-prompt sampling asks for them. */
export function multiResponse(texts: readonly string[]): string {
  return texts.map((t, i) => `<response id="${i + 1}">\n${t}\n</response>`).join('\n');
}

/** What a script returns for one choice: its text, or an error to throw for the whole call. */
export type ScriptedReply = string | Error;

/** Context given to the script. */
export interface ScriptContext {
  kind: RequestKind;
  /** 1-based number of this call on this engine. */
  call: number;
  /** Index of the choice being produced when the request asks for n > 1. */
  choice: number;
}

/** Options of {@link ScriptedEngine}. */
export interface ScriptedEngineOptions {
  id?: string;
  location?: EngineLocation;
  capabilities?: Partial<EngineCapabilities>;
  /** Milliseconds each call takes (0: answer in a microtask), or a function of the request. */
  latencyMs?: number | ((request: ChatRequest) => number);
  /** Token usage to report; null reports none. Defaults to characters / 4. */
  usage?: 'chars' | null;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/** A scripted ChatEngine recording every request and its peak concurrency. */
export class ScriptedEngine implements ChatEngine {
  readonly id: string;
  readonly providerId: string;
  readonly model: string;
  readonly location: EngineLocation;
  readonly capabilities: EngineCapabilities;
  /** Every request received, in arrival order. */
  readonly requests: ChatRequest[] = [];
  /** Calls in progress now, and the most ever at once. */
  inFlight = 0;
  maxInFlight = 0;
  readonly #script: (request: ChatRequest, ctx: ScriptContext) => ScriptedReply;
  readonly #options: ScriptedEngineOptions;

  /**
   * @param script Reply for one choice of a request; return an Error to make the call fail.
   * @param options Id, location, capabilities, latency and usage reporting.
   */
  constructor(
    script: (request: ChatRequest, ctx: ScriptContext) => ScriptedReply,
    options: ScriptedEngineOptions = {},
  ) {
    this.id = options.id ?? 'scripted/model';
    const [provider = 'scripted', ...rest] = this.id.split('/');
    this.providerId = provider;
    this.model = rest.join('/') || this.id;
    this.location = options.location ?? 'cloud';
    this.capabilities = {
      n: 'emulated',
      seed: 'native',
      temperature: 'native',
      topP: 'native',
      structuredOutput: 'none',
      streaming: false,
      maxConcurrency: this.location === 'local' ? 1 : 4,
      batch: false,
      ...options.capabilities,
    };
    this.#script = script;
    this.#options = options;
  }

  /** Requests of one kind. */
  callsOf(kind: RequestKind): ChatRequest[] {
    return this.requests.filter((r) => requestKind(r) === kind);
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const { signal } = request;
    if (signal?.aborted) throw abortReason(signal);
    this.requests.push(request);
    const call = this.requests.length;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const latency = this.#options.latencyMs;
      const ms = typeof latency === 'function' ? latency(request) : (latency ?? 0);
      if (ms > 0) await delay(ms, signal);
      if (signal?.aborted) throw abortReason(signal);
      const kind = requestKind(request);
      const n = this.capabilities.n === 'native' ? Math.max(1, request.n ?? 1) : 1;
      const texts: string[] = [];
      for (let choice = 0; choice < n; choice += 1) {
        const reply = this.#script(request, { kind, call, choice });
        if (reply instanceof Error) throw reply;
        texts.push(reply);
      }
      const promptChars = request.messages.reduce((s, m) => s + m.content.length, 0);
      const completionChars = texts.reduce((s, t) => s + t.length, 0);
      const usage =
        this.#options.usage === null
          ? null
          : {
              promptTokens: Math.ceil(promptChars / 4),
              completionTokens: Math.ceil(completionChars / 4),
              totalTokens: Math.ceil(promptChars / 4) + Math.ceil(completionChars / 4),
            };
      // Like the adapters: an engine without seeds does not apply one and says so.
      const seeded = this.capabilities.seed !== 'none';
      return {
        choices: texts.map((text) => ({ text, finishReason: 'stop' as const })),
        usage,
        latencyMs: ms,
        applied: {
          model: this.model,
          temperature: request.temperature,
          top_p: request.top_p,
          max_tokens: request.max_tokens,
          ...(seeded ? { seed: request.seed } : {}),
          ...(n > 1 ? { n } : {}),
        },
        notes:
          seeded || request.seed === undefined
            ? []
            : [{ param: 'seed', status: 'ignored', message: 'this engine takes no seed' }],
      };
    } finally {
      this.inFlight -= 1;
    }
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** An EmbeddingEngine mapping each text to a vector chosen by the script (L2-normalised). */
export class ScriptedEmbeddingEngine implements EmbeddingEngine {
  readonly id: string;
  readonly providerId = 'scripted';
  readonly model: string;
  readonly location: EngineLocation;
  /** Number of embed calls and of texts embedded. */
  calls = 0;
  texts = 0;
  readonly #vector: (text: string) => number[] | Error;

  /**
   * @param vector The vector of a text, or an Error to fail the whole call.
   * @param id Engine id.
   * @param location Where it runs.
   */
  constructor(
    vector: (text: string) => number[] | Error,
    id = 'scripted/embed',
    location: EngineLocation = 'local',
  ) {
    this.id = id;
    this.model = id;
    this.location = location;
    this.#vector = vector;
  }

  async embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array[]> {
    if (options?.signal?.aborted) throw abortReason(options.signal);
    this.calls += 1;
    this.texts += texts.length;
    return texts.map((t) => {
      const v = this.#vector(t);
      if (v instanceof Error) throw v;
      const norm = Math.hypot(...v) || 1;
      return Float32Array.from(v, (x) => x / norm);
    });
  }
}
