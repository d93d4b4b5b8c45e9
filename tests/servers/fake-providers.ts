// A local HTTP server speaking the OpenAI, Anthropic and Gemini wire formats for engine tests,
// with CORS, deterministic scriptable replies, injected faults and a record of every request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  classifyBatchRoute,
  FakeBatchService,
  isBatchCreate,
  type BatchFaultKind,
  type BatchRouteId,
  type BatchView,
} from './fake-batches';

export type { BatchView } from './fake-batches';

/** The three wire formats the server speaks; each lives under its own path prefix. */
export type ProviderName = 'openai' | 'anthropic' | 'gemini';

/** Every route the server answers. */
export type RouteId =
  | 'openai.chat'
  | 'openai.models'
  | 'openai.embeddings'
  | 'anthropic.messages'
  | 'anthropic.models'
  | 'gemini.generate'
  | 'gemini.models'
  | 'gemini.embed'
  | BatchRouteId;

/**
 * Faults a test can inject. Each answers the way that provider really does (status and body):
 * `no-credit` is OpenAI's 429 `insufficient_quota`, Anthropic's 400 "credit balance is too low";
 * `payment-required` is a 402 (OpenRouter, Anthropic `billing_error`); `network` drops the socket.
 * `cut-stream` drops the connection after the first streamed token; `stream-error` sends the
 * provider's in-stream error event there instead (Anthropic `overloaded_error`, etc.).
 * `batch-expired` / `batch-partial` are taken by a batch-create route: that batch ends expired
 * (the chosen items never ran) or with the chosen items errored (see `FaultOptions.items`).
 * `batch-reply-lost` creates the batch and then cuts the reply after its first bytes, so the
 * client cannot read the batch id (a reset before any byte would be re-sent by Chromium itself
 * on a reused connection, unseen by the app).
 */
export type FaultKind =
  | 'bad-key'
  | 'no-credit'
  | 'payment-required'
  | 'model-not-found'
  | 'rate-limit'
  | 'server-error'
  | 'malformed'
  | 'hang'
  | 'network'
  | 'param-rejected'
  | 'cut-stream'
  | 'stream-error'
  | 'batch-reply-lost'
  | BatchFaultKind;

/** Options of one injected fault. */
export interface FaultOptions {
  /** How many requests the fault answers before the route behaves normally again (default 1). */
  times?: number;
  /** `Retry-After` header value for `rate-limit` (default `'1'`). */
  retryAfter?: string;
  /** How long `hang` holds the request before dropping it (default 60 s; `close()` ends it). */
  hangMs?: number;
  /** Wire name of the parameter `param-rejected` rejects (default `temperature`). Applies only
   * to requests that contain it, like a model that refuses the parameter. */
  param?: string;
  /** Applies only to requests whose parsed body passes this test (e.g. one prompt's calls). */
  match?: (body: unknown) => boolean;
  /** Batch faults: the items (by their chat request body) that expire or fail; default every
   * second item. */
  items?: (body: unknown) => boolean;
}

/** A request as recorded for assertions; API keys are replaced by `[REDACTED]`. */
export interface RecordedRequest {
  seq: number;
  route: RouteId | 'preflight' | 'unknown';
  provider: ProviderName | null;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** Whether the request carried an API key, and whether it was the expected one. */
  keyPresented: boolean;
  keyMatched: boolean;
}

/** What a `script` function sees for each choice the server is about to generate. */
export interface ScriptInput {
  provider: ProviderName;
  model: string;
  messages: { role: string; content: string }[];
  lastUserText: string;
  /** Index of the choice within this request (0..n-1). */
  choiceIndex: number;
  /** Server-wide running number of this choice, starting at 1 (the default reply's `#n`). */
  replyNumber: number;
  n: number;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  stop: string[];
  /** JSON schema the request asked the reply to follow, if any. */
  jsonSchema?: Record<string, unknown>;
  stream: boolean;
  body: unknown;
}

/** A scripted reply: text, or text with a finish reason and an artificial delay. */
export type ScriptReply =
  string | { text: string; finishReason?: 'stop' | 'length'; delayMs?: number } | undefined;

/** Decides the reply per choice; returning `undefined` falls back to the default reply. */
export type ScriptFn = (input: ScriptInput) => ScriptReply;

/** Server settings; mutable at run time through `handle.settings`. */
export interface FakeProviderOptions {
  /** The key every provider accepts (default `FAKE_API_KEY`). */
  apiKey?: string;
  /** Accept requests that carry no key at all, like a local Ollama (default false). */
  allowNoKey?: boolean;
  /** Delay before each chat/embedding reply, in ms (default 0). */
  latencyMs?: number;
  /** Delay between streamed chunks, in ms (default 0). */
  chunkDelayMs?: number;
  /** Embedding dimensions (default 16). */
  embeddingDims?: number;
  /** Answer one choice whatever `n` asks for, like Ollama's OpenAI endpoint (default false). */
  ignoreN?: boolean;
  /** Status reads a batch stays in progress before it ends (default 1: ends on the 2nd read). */
  batchPolls?: number;
  /**
   * Items of each batch (its first ones) the provider had already answered when the batch was
   * cancelled; their results come with the cancelled batch (default 0).
   */
  batchCancelAnswered?: number;
}

/** The running server. */
export interface FakeProviders {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  url: string;
  settings: Required<FakeProviderOptions>;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Chat/embedding requests being answered right now, and the most seen at once. */
  stats: { inFlight: number; maxInFlight: number };
  setFault(target: RouteId | ProviderName, kind: FaultKind, options?: FaultOptions): void;
  /** Every batch created since the last reset, with its custom ids and status reads. */
  batches(): BatchView[];
  /** Turns CORS headers on or off for a route or a whole provider. */
  setCors(target: RouteId | ProviderName, enabled: boolean): void;
  /** Installs (or with `null` removes) the reply script. */
  script(fn: ScriptFn | null): void;
  /** Clears recorded requests, faults, CORS overrides, the script, stats and the reply counter. */
  reset(): void;
  close(): Promise<void>;
}

/** The key the fake providers accept unless told otherwise. */
export const FAKE_API_KEY = 'sk-fake-test-key-0123456789abcdef';

const DEFAULTS: Required<FakeProviderOptions> = {
  apiKey: FAKE_API_KEY,
  allowNoKey: false,
  latencyMs: 0,
  chunkDelayMs: 0,
  embeddingDims: 16,
  ignoreN: false,
  batchPolls: 1,
  batchCancelAnswered: 0,
};

interface ActiveFault {
  target: RouteId | ProviderName;
  kind: FaultKind;
  remaining: number;
  options: FaultOptions;
}

/** A chat request in provider-neutral form. */
interface NeutralChat {
  provider: ProviderName;
  model: string;
  messages: { role: string; content: string }[];
  n: number;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  stop: string[];
  jsonSchema?: Record<string, unknown>;
  /** Anthropic structured output by forced tool use: the tool's name. */
  toolName?: string;
  /** Anthropic: the system text carried a `cache_control` marker. */
  cacheMarked?: boolean;
  stream: boolean;
  includeUsage: boolean;
}

interface Generated {
  text: string;
  finish: 'stop' | 'length';
  chunks: string[];
}

type Json = Record<string, unknown>;

const KEY_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key'];

type StreamFault = 'cut-stream' | 'stream-error';

/** How each provider reports a failure inside an already started stream. */
const STREAM_ERROR_EVENTS: Record<ProviderName, string> = {
  openai:
    'data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}\n\n',
  anthropic:
    'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
  gemini:
    'data: {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}\r\n\r\n',
};

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Whitespace word count: the fake tokenizer behind every usage figure. */
export function fakeTokenCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Word-sized pieces (each keeps its trailing space) that concatenate back to `text`. */
function splitChunks(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** A minimal value matching `schema`, so structured-output calls get valid JSON by default. */
export function exampleFromSchema(schema: unknown, text: string): unknown {
  if (!isRecord(schema)) return text;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ('const' in schema) return schema.const;
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return exampleFromSchema(options[0], text);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (typeof type === 'string' ? type.toLowerCase() : undefined) {
    case 'object': {
      const out: Json = {};
      const props = isRecord(schema.properties) ? schema.properties : {};
      for (const [name, sub] of Object.entries(props)) out[name] = exampleFromSchema(sub, text);
      return out;
    }
    case 'array':
      return [exampleFromSchema(schema.items, text)];
    case 'integer':
    case 'number':
      return num(schema.minimum) ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return text;
  }
}

/** A deterministic, un-normalised bag-of-words vector: similar texts get similar vectors. */
export function fakeEmbedding(text: string, dims: number): number[] {
  const vector = new Array<number>(dims).fill(0);
  vector[0] = 0.25;
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 2166136261;
    for (const ch of word) hash = Math.imul(hash ^ ch.codePointAt(0)!, 16777619) >>> 0;
    vector[hash % dims] = (vector[hash % dims] ?? 0) + 3;
  }
  return vector;
}

function classifyRoute(
  method: string,
  path: string,
): { route: RouteId | 'unknown'; model?: string } {
  const batch = classifyBatchRoute(method, path);
  if (batch) return { route: batch.route };
  if (path === '/openai/v1/chat/completions' && method === 'POST') return { route: 'openai.chat' };
  if (path === '/openai/v1/models' && method === 'GET') return { route: 'openai.models' };
  if (path === '/openai/v1/embeddings' && method === 'POST') return { route: 'openai.embeddings' };
  if (path === '/anthropic/v1/messages' && method === 'POST')
    return { route: 'anthropic.messages' };
  if (path === '/anthropic/v1/models' && method === 'GET') return { route: 'anthropic.models' };
  if (path === '/gemini/v1beta/models' && method === 'GET') return { route: 'gemini.models' };
  const gemini = /^\/gemini\/v1beta\/models\/([^/:]+):(\w+)$/.exec(path);
  if (gemini && method === 'POST') {
    const model = decodeURIComponent(gemini[1] ?? '');
    const action = gemini[2];
    if (action === 'generateContent' || action === 'streamGenerateContent') {
      return { route: 'gemini.generate', model };
    }
    if (action === 'batchEmbedContents' || action === 'embedContent') {
      return { route: 'gemini.embed', model };
    }
  }
  return { route: 'unknown' };
}

function providerOf(route: RouteId | 'unknown' | 'preflight', path: string): ProviderName | null {
  for (const p of ['openai', 'anthropic', 'gemini'] as const) {
    if (route.startsWith(`${p}.`) || path.startsWith(`/${p}/`)) return p;
  }
  return null;
}

function presentedKey(
  provider: ProviderName | null,
  req: IncomingMessage,
  url: URL,
): string | null {
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
  if (provider === 'anthropic') return str(req.headers['x-api-key']) ?? bearer;
  if (provider === 'gemini')
    return str(req.headers['x-goog-api-key']) ?? url.searchParams.get('key');
  return bearer;
}

function redactedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name] = KEY_HEADERS.includes(name)
      ? text.startsWith('Bearer ')
        ? 'Bearer [REDACTED]'
        : '[REDACTED]'
      : text;
  }
  return out;
}

function textOfContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (isRecord(part) ? (str(part.text) ?? '') : ''))
      .filter(Boolean)
      .join('\n');
  }
  return '';
}

/** A JSON schema written on its own line of a prompt: JSON mode obeys it like a good model. */
function schemaInPrompt(messages: { content: string }[]): Json | undefined {
  for (const m of messages) {
    for (const line of m.content.split('\n')) {
      if (!line.trim().startsWith('{')) continue;
      try {
        const parsed: unknown = JSON.parse(line);
        if (isRecord(parsed) && ('type' in parsed || 'properties' in parsed)) return parsed;
      } catch {
        // Not JSON: keep looking.
      }
    }
  }
  return undefined;
}

function parseOpenAIChat(body: Json): NeutralChat {
  const messages = (Array.isArray(body.messages) ? body.messages : [])
    .filter(isRecord)
    .map((m) => ({
      role: str(m.role) ?? 'user',
      content: textOfContent(m.content),
    }));
  const format = isRecord(body.response_format) ? body.response_format : undefined;
  const jsonSchema =
    format?.type === 'json_object'
      ? (schemaInPrompt(messages) ?? {})
      : format?.type === 'json_schema' &&
          isRecord(format.json_schema) &&
          isRecord(format.json_schema.schema)
        ? format.json_schema.schema
        : undefined;
  const stop =
    typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : [];
  const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
  return {
    provider: 'openai',
    model: str(body.model) ?? '',
    messages,
    n: num(body.n) ?? 1,
    temperature: num(body.temperature),
    topP: num(body.top_p),
    maxTokens: num(body.max_completion_tokens) ?? num(body.max_tokens),
    seed: num(body.seed),
    stop: stop.filter((s): s is string => typeof s === 'string'),
    jsonSchema,
    stream: body.stream === true,
    includeUsage: streamOptions.include_usage === true,
  };
}

function parseAnthropic(body: Json): NeutralChat {
  const system = textOfContent(body.system);
  const cacheMarked =
    Array.isArray(body.system) && body.system.some((b) => isRecord(b) && isRecord(b.cache_control));
  const messages = (Array.isArray(body.messages) ? body.messages : [])
    .filter(isRecord)
    .map((m) => ({
      role: str(m.role) ?? 'user',
      content: textOfContent(m.content),
    }));
  const choice = isRecord(body.tool_choice) ? body.tool_choice : undefined;
  const tools = (Array.isArray(body.tools) ? body.tools : []).filter(isRecord);
  const forced = choice?.type === 'tool' ? tools.find((t) => t.name === choice.name) : undefined;
  const outputFormat =
    isRecord(body.output_config) && isRecord(body.output_config.format)
      ? body.output_config.format
      : undefined;
  const jsonSchema = isRecord(forced?.input_schema)
    ? forced.input_schema
    : isRecord(outputFormat?.schema)
      ? outputFormat.schema
      : undefined;
  return {
    provider: 'anthropic',
    model: str(body.model) ?? '',
    messages: system ? [{ role: 'system', content: system }, ...messages] : messages,
    n: 1,
    temperature: num(body.temperature),
    topP: num(body.top_p),
    maxTokens: num(body.max_tokens),
    stop: (Array.isArray(body.stop_sequences) ? body.stop_sequences : []).filter(
      (s): s is string => typeof s === 'string',
    ),
    jsonSchema,
    toolName: forced ? str(forced.name) : undefined,
    cacheMarked,
    stream: body.stream === true,
    includeUsage: true,
  };
}

function parseGemini(body: Json, model: string, stream: boolean): NeutralChat {
  const system = isRecord(body.systemInstruction)
    ? textOfContent(body.systemInstruction.parts)
    : '';
  const messages = (Array.isArray(body.contents) ? body.contents : [])
    .filter(isRecord)
    .map((c) => ({
      role: c.role === 'model' ? 'assistant' : (str(c.role) ?? 'user'),
      content: textOfContent(c.parts),
    }));
  const config = isRecord(body.generationConfig) ? body.generationConfig : {};
  const schema = isRecord(config.responseJsonSchema)
    ? config.responseJsonSchema
    : isRecord(config.responseSchema)
      ? config.responseSchema
      : undefined;
  return {
    provider: 'gemini',
    model,
    messages: system ? [{ role: 'system', content: system }, ...messages] : messages,
    n: num(config.candidateCount) ?? 1,
    temperature: num(config.temperature),
    topP: num(config.topP),
    maxTokens: num(config.maxOutputTokens),
    seed: num(config.seed),
    stop: (Array.isArray(config.stopSequences) ? config.stopSequences : []).filter(
      (s): s is string => typeof s === 'string',
    ),
    jsonSchema: schema ?? (config.responseMimeType === 'application/json' ? {} : undefined),
    stream,
    includeUsage: true,
  };
}

function errorBody(
  provider: ProviderName,
  status: number,
  message: string,
  extra: Json = {},
): Json {
  if (provider === 'anthropic') {
    const type =
      (str(extra.type) ??
        {
          400: 'invalid_request_error',
          401: 'authentication_error',
          402: 'billing_error',
          404: 'not_found_error',
          429: 'rate_limit_error',
        }[status]) ||
      'api_error';
    return { type: 'error', error: { type, message }, request_id: 'req_fake' };
  }
  if (provider === 'gemini') {
    const statusName =
      str(extra.status) ??
      ({ 400: 'INVALID_ARGUMENT', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED' }[status] ||
        'INTERNAL');
    const details = Array.isArray(extra.details) ? { details: extra.details } : {};
    return { error: { code: status, message, status: statusName, ...details } };
  }
  return {
    error: {
      message,
      type: str(extra.type) ?? 'invalid_request_error',
      param: extra.param ?? null,
      code: extra.code ?? null,
    },
  };
}

/** The status, body and headers each provider answers a fault with. */
function faultReply(
  provider: ProviderName,
  kind: FaultKind,
  options: FaultOptions,
  model: string,
): { status: number; body: Json; headers?: Record<string, string> } | null {
  switch (kind) {
    case 'bad-key':
      return badKeyReply(provider);
    case 'no-credit':
      if (provider === 'anthropic') {
        return {
          status: 400,
          body: errorBody(
            provider,
            400,
            'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
          ),
        };
      }
      if (provider === 'gemini') {
        // Modelled on Gemini's prepaid-billing refusal; Google's exact wording was not verifiable
        // offline, so the engine keys on "credit"/"billing" words, not on this sentence.
        return {
          status: 429,
          body: errorBody(
            provider,
            429,
            'Your prepayment credits are depleted. Please go to AI Studio to manage your project and billing.',
          ),
        };
      }
      return {
        status: 429,
        body: errorBody(
          provider,
          429,
          'You exceeded your current quota, please check your plan and billing details.',
          { type: 'insufficient_quota', code: 'insufficient_quota' },
        ),
      };
    case 'payment-required':
      return {
        status: 402,
        body: errorBody(
          provider,
          402,
          'Insufficient credits. Add more credits to your account to continue.',
          { code: 402 },
        ),
      };
    case 'model-not-found':
      if (provider === 'anthropic') {
        return { status: 404, body: errorBody(provider, 404, `model: ${model}`) };
      }
      if (provider === 'gemini') {
        return {
          status: 404,
          body: errorBody(
            provider,
            404,
            `models/${model} is not found for API version v1beta, or is not supported for generateContent.`,
          ),
        };
      }
      return {
        status: 404,
        body: errorBody(
          provider,
          404,
          `The model \`${model}\` does not exist or you do not have access to it.`,
          { code: 'model_not_found' },
        ),
      };
    case 'rate-limit': {
      const headers = { 'retry-after': options.retryAfter ?? '1' };
      const message =
        provider === 'gemini'
          ? 'Resource has been exhausted (e.g. check quota).'
          : `Rate limit reached for ${model}. Please try again in 1s.`;
      return {
        status: 429,
        headers,
        body: errorBody(provider, 429, message, { code: 'rate_limit_exceeded', type: undefined }),
      };
    }
    case 'server-error':
      return {
        status: 500,
        body: errorBody(
          provider,
          500,
          'The server had an error while processing your request. Sorry about that!',
          { type: provider === 'openai' ? 'server_error' : undefined },
        ),
      };
    case 'param-rejected': {
      const param = options.param ?? 'temperature';
      if (provider === 'anthropic') {
        return {
          status: 400,
          body: errorBody(
            provider,
            400,
            `\`${param}\` is not supported for this model. Remove it and use the default.`,
          ),
        };
      }
      if (provider === 'gemini') {
        return {
          status: 400,
          body: errorBody(
            provider,
            400,
            `Invalid value at 'generation_config.${param}': ${param} is not supported for this model.`,
          ),
        };
      }
      return {
        status: 400,
        body: errorBody(
          provider,
          400,
          `Unsupported value: '${param}' does not support this value with this model. Only the default value is supported.`,
          { param, code: 'unsupported_value' },
        ),
      };
    }
    default:
      return null;
  }
}

function badKeyReply(provider: ProviderName): { status: number; body: Json } {
  if (provider === 'anthropic') {
    return { status: 401, body: errorBody(provider, 401, 'invalid x-api-key') };
  }
  if (provider === 'gemini') {
    return {
      status: 400,
      body: errorBody(provider, 400, 'API key not valid. Please pass a valid API key.', {
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            domain: 'googleapis.com',
          },
        ],
      }),
    };
  }
  return {
    status: 401,
    body: errorBody(
      provider,
      401,
      // OpenAI echoes a masked key; the engine must not let even this reach the user.
      'Incorrect API key provided: sk-fake-****************cdef. You can find your API key at https://platform.openai.com/account/api-keys.',
      { code: 'invalid_api_key' },
    ),
  };
}

function paramPresent(provider: ProviderName, body: Json, param: string): boolean {
  if (provider === 'gemini') {
    return isRecord(body.generationConfig) && body.generationConfig[param] !== undefined;
  }
  return body[param] !== undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts the fake providers on 127.0.0.1 with an ephemeral port. */
export async function startFakeProviders(
  options: FakeProviderOptions = {},
): Promise<FakeProviders> {
  const settings: Required<FakeProviderOptions> = { ...DEFAULTS, ...options };
  const requests: RecordedRequest[] = [];
  const stats = { inFlight: 0, maxInFlight: 0 };
  let faults: ActiveFault[] = [];
  let corsOff = new Set<string>();
  let scriptFn: ScriptFn | null = null;
  let replyCounter = 0;
  let seq = 0;
  /** System prompts seen so far, by provider and model (the prompt-cache model). */
  const seenPrefixes = new Set<string>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const corsEnabled = (route: string, provider: ProviderName | null): boolean =>
    !corsOff.has(route) && !(provider && corsOff.has(provider));

  function setCorsHeaders(req: IncomingMessage, res: ServerResponse, preflight: boolean): void {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Vary', 'Origin');
    res.setHeader(
      'Access-Control-Expose-Headers',
      'retry-after, retry-after-ms, request-id, x-request-id',
    );
    if (preflight) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      // Echo what the browser asks for: the SDKs send many x-stainless-* and provider headers.
      res.setHeader(
        'Access-Control-Allow-Headers',
        req.headers['access-control-request-headers'] ?? '*',
      );
      res.setHeader('Access-Control-Max-Age', '600');
    }
  }

  function takeFault(route: RouteId, provider: ProviderName, body: Json): ActiveFault | null {
    for (const fault of faults) {
      if (fault.remaining <= 0) continue;
      if (fault.target !== route && fault.target !== provider) continue;
      if (fault.options.match !== undefined && !fault.options.match(body)) continue;
      // Batch faults shape a batch, so only a batch-create request takes them.
      if (fault.kind.startsWith('batch-') && !isBatchCreate(route)) continue;
      if (
        fault.kind === 'param-rejected' &&
        !paramPresent(provider, body, fault.options.param ?? 'temperature')
      ) {
        continue;
      }
      fault.remaining -= 1;
      return fault;
    }
    return null;
  }

  function generate(chat: NeutralChat, body: unknown): { choices: Generated[]; delayMs: number } {
    const lastUser = [...chat.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const choices: Generated[] = [];
    let delayMs = 0;
    const count = settings.ignoreN && chat.provider === 'openai' ? 1 : Math.max(1, chat.n);
    for (let i = 0; i < count; i += 1) {
      replyCounter += 1;
      const input: ScriptInput = {
        provider: chat.provider,
        model: chat.model,
        messages: chat.messages,
        lastUserText: lastUser,
        choiceIndex: i,
        replyNumber: replyCounter,
        n: chat.n,
        temperature: chat.temperature,
        topP: chat.topP,
        maxTokens: chat.maxTokens,
        seed: chat.seed,
        stop: chat.stop,
        jsonSchema: chat.jsonSchema,
        stream: chat.stream,
        body,
      };
      const scripted = scriptFn?.(input);
      const fallback = chat.jsonSchema
        ? JSON.stringify(exampleFromSchema(chat.jsonSchema, `Reply #${replyCounter}`))
        : `Reply #${replyCounter} to: ${lastUser}`;
      const reply =
        typeof scripted === 'string' ? { text: scripted } : (scripted ?? { text: fallback });
      delayMs = Math.max(delayMs, typeof scripted === 'object' ? (scripted.delayMs ?? 0) : 0);
      let text = reply.text;
      let finish: 'stop' | 'length' =
        typeof scripted === 'object' ? (scripted.finishReason ?? 'stop') : 'stop';
      for (const stop of chat.stop) {
        const at = stop ? text.indexOf(stop) : -1;
        if (at >= 0) text = text.slice(0, at);
      }
      let chunks = splitChunks(text);
      if (chat.maxTokens !== undefined && !chat.toolName) {
        const words = text.match(/\S+\s*/g) ?? [];
        if (words.length > chat.maxTokens) {
          text = words.slice(0, chat.maxTokens).join('').trimEnd();
          chunks = splitChunks(text);
          finish = 'length';
        }
      }
      choices.push({ text, finish, chunks });
    }
    return { choices, delayMs };
  }

  const promptTokens = (chat: NeutralChat): number =>
    chat.messages.reduce((sum, m) => sum + fakeTokenCount(m.content), 0);

  function sendJson(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  async function writeSse(
    res: ServerResponse,
    events: string[],
    midStream?: { fault: StreamFault; after: number; provider: ProviderName },
  ): Promise<void> {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    for (const [index, event] of events.entries()) {
      if (res.destroyed) return;
      if (midStream && index === midStream.after) {
        if (midStream.fault === 'cut-stream') {
          // Give the client time to read what was sent: a reset that overtakes unread bytes
          // makes the kernel drop them, and the cut would then look like a reply that never began.
          await sleep(100);
          res.socket?.destroy();
          return;
        }
        res.end(STREAM_ERROR_EVENTS[midStream.provider]);
        return;
      }
      // Wait for the flush so a later cut cannot swallow chunks already "sent".
      await new Promise<void>((done) => res.write(event, () => done()));
      if (settings.chunkDelayMs > 0) await sleep(settings.chunkDelayMs);
    }
    res.end();
  }

  /**
   * Prompt-cache model: a system message this server saw before (same provider and model) is
   * read from the cache, so its tokens count as cached; anything else is not. Anthropic caches
   * only text marked with `cache_control`.
   */
  function cachedTokens(chat: NeutralChat): number {
    const first = chat.messages[0];
    if (first?.role !== 'system') return 0;
    if (chat.provider === 'anthropic' && chat.cacheMarked !== true) return 0;
    const key = `${chat.provider}\u0000${chat.model}\u0000${first.content}`;
    if (seenPrefixes.has(key)) return fakeTokenCount(first.content);
    seenPrefixes.add(key);
    return 0;
  }

  function openAIUsage(chat: NeutralChat, choices: Generated[]): Json {
    const completion = choices.reduce((sum, c) => sum + fakeTokenCount(c.text), 0);
    const usage = {
      prompt_tokens: promptTokens(chat),
      completion_tokens: completion,
      total_tokens: promptTokens(chat) + completion,
    };
    // Reported when the cache was read, so plain calls keep the plain usage shape.
    const cached = cachedTokens(chat);
    return cached > 0 ? { ...usage, prompt_tokens_details: { cached_tokens: cached } } : usage;
  }

  /** A non-streamed chat completion. */
  function openAIChatBody(chat: NeutralChat, choices: Generated[]): Json {
    return {
      id: `chatcmpl-fake${seq}`,
      created: 1_700_000_000,
      model: chat.model,
      object: 'chat.completion',
      system_fingerprint: 'fp_fake',
      choices: choices.map((c, index) => ({
        index,
        message: { role: 'assistant', content: c.text, refusal: null },
        logprobs: null,
        finish_reason: c.finish,
      })),
      usage: openAIUsage(chat, choices),
    };
  }

  /** Anthropic's usage: `input_tokens` excludes what was read from the cache. */
  function anthropicUsage(chat: NeutralChat, input: number, output: number): Json {
    const cached = cachedTokens(chat);
    return cached > 0
      ? { input_tokens: input - cached, output_tokens: output, cache_read_input_tokens: cached }
      : { input_tokens: input, output_tokens: output };
  }

  /** A non-streamed Anthropic message (a tool call when the request forced one). */
  function anthropicMessageBody(chat: NeutralChat, choice: Generated): Json {
    const { message, block, stopReason, input, output } = anthropicParts(chat, choice);
    return {
      ...message,
      content: [block],
      stop_reason: stopReason,
      usage: anthropicUsage(chat, input, output),
    };
  }

  function anthropicParts(chat: NeutralChat, choice: Generated) {
    const input = promptTokens(chat);
    const output = fakeTokenCount(choice.text);
    let toolInput: unknown;
    if (chat.toolName) {
      try {
        toolInput = JSON.parse(choice.text);
      } catch {
        toolInput = undefined;
      }
    }
    const useTool = chat.toolName !== undefined && toolInput !== undefined;
    const stopReason = useTool
      ? 'tool_use'
      : choice.finish === 'length'
        ? 'max_tokens'
        : 'end_turn';
    const message = {
      id: `msg_fake${seq}`,
      type: 'message',
      role: 'assistant',
      model: chat.model,
      stop_sequence: null,
    };
    const block = useTool
      ? { type: 'tool_use', id: `toolu_fake${seq}`, name: chat.toolName, input: toolInput }
      : { type: 'text', text: choice.text };
    return { input, output, toolInput, useTool, stopReason, message, block };
  }

  /** A non-streamed generateContent response. */
  function geminiBody(chat: NeutralChat, choices: Generated[]): Json {
    const prompt = promptTokens(chat);
    const completion = choices.reduce((sum, c) => sum + fakeTokenCount(c.text), 0);
    return {
      candidates: choices.map((c, index) => ({
        content: { parts: [{ text: c.text }], role: 'model' },
        finishReason: c.finish === 'length' ? 'MAX_TOKENS' : 'STOP',
        index,
      })),
      usageMetadata: {
        promptTokenCount: prompt,
        candidatesTokenCount: completion,
        totalTokenCount: prompt + completion,
      },
      modelVersion: chat.model,
      responseId: `resp_fake${seq}`,
    };
  }

  /** One batch item answered as the provider's plain (non-streamed) chat endpoint would. */
  function answerItem(provider: ProviderName, model: string, body: Json) {
    const chat =
      provider === 'openai'
        ? parseOpenAIChat(body)
        : provider === 'anthropic'
          ? parseAnthropic(body)
          : parseGemini(body, model, false);
    const { choices } = generate(chat, body);
    const reply =
      provider === 'openai'
        ? openAIChatBody(chat, choices)
        : provider === 'anthropic'
          ? anthropicMessageBody(chat, choices[0]!)
          : geminiBody(chat, choices);
    return { status: 200, body: reply };
  }

  const batchService = new FakeBatchService(
    answerItem,
    () => settings.batchPolls,
    () => settings.batchCancelAnswered,
  );

  function openAIChat(
    res: ServerResponse,
    chat: NeutralChat,
    choices: Generated[],
    fault?: StreamFault,
  ): Promise<void> {
    const base = { id: `chatcmpl-fake${seq}`, created: 1_700_000_000, model: chat.model };
    if (!chat.stream) {
      sendJson(res, 200, openAIChatBody(chat, choices));
      return Promise.resolve();
    }
    const usage = openAIUsage(chat, choices);
    const chunk = (choicesPart: Json[], extra: Json = {}): string =>
      `data: ${JSON.stringify({
        ...base,
        object: 'chat.completion.chunk',
        system_fingerprint: 'fp_fake',
        choices: choicesPart,
        ...(chat.includeUsage ? { usage: null } : {}),
        ...extra,
      })}\n\n`;
    const events: string[] = [];
    choices.forEach((_c, index) =>
      events.push(
        chunk([
          { index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null },
        ]),
      ),
    );
    const longest = Math.max(...choices.map((c) => c.chunks.length));
    for (let k = 0; k < longest; k += 1) {
      choices.forEach((c, index) => {
        const piece = c.chunks[k];
        if (piece !== undefined) {
          events.push(
            chunk([{ index, delta: { content: piece }, logprobs: null, finish_reason: null }]),
          );
        }
      });
    }
    choices.forEach((c, index) =>
      events.push(chunk([{ index, delta: {}, logprobs: null, finish_reason: c.finish }])),
    );
    if (chat.includeUsage) events.push(chunk([], { usage }));
    events.push('data: [DONE]\n\n');
    return writeSse(res, events, fault && { fault, after: choices.length + 1, provider: 'openai' });
  }

  function anthropicMessage(
    res: ServerResponse,
    chat: NeutralChat,
    choice: Generated,
    fault?: StreamFault,
  ): Promise<void> {
    const { input, output, toolInput, useTool, stopReason, message, block } = anthropicParts(
      chat,
      choice,
    );
    if (!chat.stream) {
      sendJson(res, 200, anthropicMessageBody(chat, choice));
      return Promise.resolve();
    }
    const event = (name: string, data: Json): string =>
      `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
    const pieces = useTool ? splitChunks(JSON.stringify(toolInput)) : choice.chunks;
    const events = [
      event('message_start', {
        message: {
          ...message,
          content: [],
          stop_reason: null,
          usage: { input_tokens: input, output_tokens: 1 },
        },
      }),
      event('content_block_start', {
        index: 0,
        content_block: useTool ? { ...block, input: {} } : { type: 'text', text: '' },
      }),
      event('ping', {}),
      ...pieces.map((piece) =>
        event('content_block_delta', {
          index: 0,
          delta: useTool
            ? { type: 'input_json_delta', partial_json: piece }
            : { type: 'text_delta', text: piece },
        }),
      ),
      event('content_block_stop', { index: 0 }),
      event('message_delta', {
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: output },
      }),
      event('message_stop', {}),
    ];
    // After message_start, content_block_start, ping and the first delta.
    return writeSse(res, events, fault && { fault, after: 4, provider: 'anthropic' });
  }

  function geminiGenerate(
    res: ServerResponse,
    chat: NeutralChat,
    choices: Generated[],
    fault?: StreamFault,
  ): Promise<void> {
    const prompt = promptTokens(chat);
    const completion = choices.reduce((sum, c) => sum + fakeTokenCount(c.text), 0);
    const usageMetadata = {
      promptTokenCount: prompt,
      candidatesTokenCount: completion,
      totalTokenCount: prompt + completion,
    };
    const finish = (c: Generated): string => (c.finish === 'length' ? 'MAX_TOKENS' : 'STOP');
    if (!chat.stream) {
      sendJson(res, 200, geminiBody(chat, choices));
      return Promise.resolve();
    }
    const events: string[] = [];
    const longest = Math.max(...choices.map((c) => c.chunks.length), 1);
    for (let k = 0; k < longest; k += 1) {
      const last = k === longest - 1;
      const candidates = choices
        .map((c, index) => ({ c, index, piece: c.chunks[k] }))
        .filter(({ piece }) => piece !== undefined || last)
        .map(({ c, index, piece }) => ({
          content: { parts: [{ text: piece ?? '' }], role: 'model' },
          index,
          ...(last ? { finishReason: finish(c) } : {}),
        }));
      const payload = {
        candidates,
        usageMetadata: last ? usageMetadata : { promptTokenCount: prompt },
        modelVersion: chat.model,
        responseId: `resp_fake${seq}`,
      };
      events.push(`data: ${JSON.stringify(payload)}\r\n\r\n`);
    }
    return writeSse(res, events, fault && { fault, after: 1, provider: 'gemini' });
  }

  function embeddings(res: ServerResponse, route: RouteId, body: Json, model: string): void {
    const dims = settings.embeddingDims;
    if (route === 'openai.embeddings') {
      const input = Array.isArray(body.input) ? body.input : [body.input];
      const texts = input.map((t) => (typeof t === 'string' ? t : ''));
      const base64 = body.encoding_format === 'base64';
      sendJson(res, 200, {
        object: 'list',
        data: texts.map((text, index) => {
          const values = fakeEmbedding(text, dims);
          return {
            object: 'embedding',
            index,
            embedding: base64
              ? Buffer.from(new Float32Array(values).buffer).toString('base64')
              : values,
          };
        }),
        model: str(body.model) ?? '',
        usage: {
          prompt_tokens: texts.reduce((s, t) => s + fakeTokenCount(t), 0),
          total_tokens: texts.reduce((s, t) => s + fakeTokenCount(t), 0),
        },
      });
      return;
    }
    const requestsList = Array.isArray(body.requests) ? body.requests : [body];
    const texts = requestsList.map((r) =>
      isRecord(r) && isRecord(r.content) ? textOfContent(r.content.parts) : '',
    );
    sendJson(res, 200, {
      embeddings: texts.map((text) => ({ values: fakeEmbedding(text, dims) })),
      model,
    });
  }

  function models(res: ServerResponse, route: RouteId): void {
    const ids = ['fake-small', 'fake-large'];
    if (route === 'openai.models') {
      sendJson(res, 200, {
        object: 'list',
        data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })),
      });
    } else if (route === 'anthropic.models') {
      sendJson(res, 200, {
        data: ids.map((id) => ({
          type: 'model',
          id,
          display_name: id,
          created_at: '2025-01-01T00:00:00Z',
        })),
        has_more: false,
        first_id: ids[0],
        last_id: ids[ids.length - 1],
      });
    } else {
      sendJson(res, 200, {
        models: ids.map((id) => ({
          name: `models/${id}`,
          displayName: id,
          supportedGenerationMethods: ['generateContent', 'embedContent'],
        })),
      });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawData = Buffer.concat(chunks);
    const raw = rawData.toString('utf8');
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const preflight = method === 'OPTIONS';
    const classified: { route: RouteId | 'unknown' | 'preflight'; model?: string } = preflight
      ? { route: 'preflight' }
      : classifyRoute(method, url.pathname);
    const route = classified.route;
    const provider = providerOf(route, url.pathname);
    const expectedKey = settings.apiKey;
    const key = presentedKey(provider, req, url);
    const query = Object.fromEntries(url.searchParams);
    if ('key' in query) query.key = '[REDACTED]';
    seq += 1;
    requests.push({
      seq,
      route,
      provider,
      method,
      path: url.pathname,
      query,
      headers: redactedHeaders(req),
      body,
      keyPresented: key !== null,
      keyMatched: key === expectedKey,
    });

    // A preflight carries no method of its own: find the route by path alone.
    const corsRoute = preflight
      ? ([classifyRoute('POST', url.pathname).route, classifyRoute('GET', url.pathname).route].find(
          (r) => r !== 'unknown',
        ) ?? 'unknown')
      : route;
    const cors = corsEnabled(corsRoute === 'unknown' ? url.pathname : corsRoute, provider);
    if (cors) setCorsHeaders(req, res, preflight);
    if (preflight) {
      res.writeHead(204);
      res.end();
      return;
    }
    if (route === 'unknown' || route === 'preflight' || !provider) {
      sendJson(res, 404, { error: { message: `No route for ${method} ${url.pathname}` } });
      return;
    }
    const json = isRecord(body) ? body : {};
    const model =
      classified.model ?? str(json.model) ?? (route.endsWith('.models') ? '' : 'unknown-model');

    // Key and header checks come first, as on the real services.
    if (key === null ? !settings.allowNoKey : key !== expectedKey) {
      const reply = badKeyReply(provider);
      sendJson(res, reply.status, reply.body);
      return;
    }
    if (provider === 'anthropic') {
      if (!req.headers['anthropic-version']) {
        sendJson(res, 400, errorBody(provider, 400, 'anthropic-version: header is required'));
        return;
      }
      if (
        req.headers.origin &&
        req.headers['anthropic-dangerous-direct-browser-access'] !== 'true'
      ) {
        sendJson(
          res,
          401,
          errorBody(
            provider,
            401,
            "CORS requests must set 'anthropic-dangerous-direct-browser-access' header",
          ),
        );
        return;
      }
    }

    const counted = !route.endsWith('.models');
    if (counted) {
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      res.on('close', () => {
        stats.inFlight -= 1;
      });
    }

    const fault = takeFault(route, provider, json);
    if (fault?.kind === 'hang') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        req.socket.destroy();
      }, fault.options.hangMs ?? 60_000);
      timers.add(timer);
      return;
    }
    if (fault?.kind === 'network') {
      req.socket.destroy();
      return;
    }
    if (settings.latencyMs > 0) await sleep(settings.latencyMs);
    if (fault?.kind === 'malformed') {
      const stream = json.stream === true || url.searchParams.get('alt') === 'sse';
      if (stream) {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.end('data: {"choices": [ {"broken"\n\n');
      } else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"id": "broken", "choices": [');
      }
      return;
    }
    if (fault) {
      const reply = faultReply(provider, fault.kind, fault.options, model);
      if (reply) {
        sendJson(res, reply.status, reply.body, reply.headers);
        return;
      }
    }

    const batchRoute = classifyBatchRoute(method, url.pathname);
    if (batchRoute) {
      const batchFault =
        fault && (fault.kind === 'batch-expired' || fault.kind === 'batch-partial')
          ? { kind: fault.kind as BatchFaultKind, items: fault.options.items }
          : undefined;
      const reply = await batchService.handle(
        batchRoute.route,
        batchRoute.param,
        body,
        { contentType: req.headers['content-type'] ?? '', data: rawData },
        `http://${req.headers.host ?? '127.0.0.1'}`,
        batchFault,
      );
      if (fault?.kind === 'batch-reply-lost') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        // Reset only after the first bytes left, so the client sees a cut reply.
        res.write('{"id": ', () => res.socket?.destroy());
        return;
      }
      if (typeof reply.body === 'string') {
        res.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'text/plain' });
        res.end(reply.body);
      } else sendJson(res, reply.status, reply.body);
      return;
    }
    if (route.endsWith('.models')) {
      models(res, route);
      return;
    }
    if (route === 'openai.embeddings' || route === 'gemini.embed') {
      embeddings(res, route, json, model);
      return;
    }
    const chat =
      route === 'openai.chat'
        ? parseOpenAIChat(json)
        : route === 'anthropic.messages'
          ? parseAnthropic(json)
          : parseGemini(json, model, url.pathname.endsWith(':streamGenerateContent'));
    const { choices, delayMs } = generate(chat, body);
    if (delayMs > 0) await sleep(delayMs);
    const midStream =
      fault?.kind === 'cut-stream' || fault?.kind === 'stream-error' ? fault.kind : undefined;
    if (midStream && !chat.stream) {
      // Without a stream the same faults mean a cut body or a plain 503.
      if (midStream === 'cut-stream') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        // Cut only after the start of the body left, so the client sees a truncated reply.
        res.write('{"id": "cut", "choices": [', () => res.socket?.destroy());
      } else {
        sendJson(res, 503, errorBody(provider, 503, 'The service is overloaded.'));
      }
      return;
    }
    if (route === 'openai.chat') await openAIChat(res, chat, choices, midStream);
    else if (route === 'anthropic.messages') {
      await anthropicMessage(res, chat, choices[0]!, midStream);
    } else await geminiGenerate(res, chat, choices, midStream);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err) } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    settings,
    requests,
    stats,
    setFault(target, kind, faultOptions = {}) {
      faults.push({ target, kind, remaining: faultOptions.times ?? 1, options: faultOptions });
    },
    batches() {
      return batchService.list();
    },
    setCors(target, enabled) {
      if (enabled) corsOff.delete(target);
      else corsOff.add(target);
    },
    script(fn) {
      scriptFn = fn;
    },
    reset() {
      requests.length = 0;
      faults = [];
      corsOff = new Set();
      scriptFn = null;
      replyCounter = 0;
      batchService.reset();
      seenPrefixes.clear();
      stats.inFlight = 0;
      stats.maxInFlight = 0;
      Object.assign(settings, DEFAULTS, options);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
