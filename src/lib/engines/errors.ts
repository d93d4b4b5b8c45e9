// Engine errors: one class per failure, each message telling the user what to do next.
// Provider replies are classified here; API keys are scrubbed from every message.
import { redactSecrets } from '../core/redact';
import type { ChatRequest } from './types';

export { REDACTED, redactSecrets } from '../core/redact';

/** Local or hosted servers whose CORS set-up we can give exact advice for. */
export type ServerKind =
  | 'openai'
  | 'anthropic'
  | 'gemini'
  | 'ollama'
  | 'lmstudio'
  | 'vllm'
  | 'openrouter'
  | 'together'
  | 'groq'
  | 'custom';

/** Stable machine-readable error codes (one per class). */
export type EngineErrorCode =
  | 'invalid-api-key'
  | 'insufficient-credit'
  | 'model-not-found'
  | 'rate-limited'
  | 'provider-server'
  | 'timeout'
  | 'cors-blocked'
  | 'network'
  | 'truncated-response'
  | 'offline'
  | 'malformed-response'
  | 'parameter-rejected'
  | 'access-denied'
  | 'invalid-request'
  | 'cancelled'
  | 'unknown';

/** Where a failed call went; every field is safe to show (no keys). */
export interface ErrorContext {
  /** Human name of the provider, e.g. `OpenAI`, `Ollama (local)`. */
  provider: string;
  serverKind?: ServerKind;
  baseUrl?: string;
  model?: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** The provider's own explanation, already redacted and shortened. */
  detail?: string;
}

const DETAIL_MAX = 300;

function at(ctx: ErrorContext): string {
  return ctx.baseUrl ? `${ctx.provider} (${ctx.baseUrl})` : ctx.provider;
}

/** ` (tried 3 times)`: the number of requests actually sent for the call. */
function tried(attempts: number): string {
  return `tried ${attempts} time${attempts === 1 ? '' : 's'}`;
}

function said(ctx: ErrorContext): string {
  return ctx.detail ? ` ${ctx.provider} said: "${ctx.detail}"` : '';
}

/** Base class: `code` identifies the failure, `retryable` whether trying again may help. */
export class EngineError extends Error {
  override name = 'EngineError';
  readonly code: EngineErrorCode = 'unknown';
  readonly retryable: boolean = false;
  readonly context: ErrorContext;

  constructor(message: string, context: ErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.context = context;
  }
}

/** The key is missing, wrong or revoked. */
export class InvalidApiKeyError extends EngineError {
  override name = 'InvalidApiKeyError';
  override readonly code = 'invalid-api-key';
  constructor(ctx: ErrorContext) {
    // The provider's own text is left out on purpose: OpenAI's includes a masked key.
    super(
      `${at(ctx)} rejected the API key. Check the key in Settings (copy it again from the ` +
        `provider's dashboard, without spaces) and make sure it has not been revoked.`,
      { ...ctx, detail: undefined },
    );
  }
}

/** The account has no credit or quota left. */
export class InsufficientCreditError extends EngineError {
  override name = 'InsufficientCreditError';
  override readonly code = 'insufficient-credit';
  constructor(ctx: ErrorContext) {
    super(
      `${at(ctx)} refused the call because the account has no credit or quota left. ` +
        `Add credit or raise the limit in the provider's billing settings, then retry.${said(ctx)}`,
      ctx,
    );
  }
}

/** The model name does not exist at this endpoint (or the key may not use it). */
export class ModelNotFoundError extends EngineError {
  override name = 'ModelNotFoundError';
  override readonly code = 'model-not-found';
  constructor(ctx: ErrorContext) {
    const pull =
      ctx.serverKind === 'ollama' && ctx.model
        ? ` For Ollama, download it first with \`ollama pull ${ctx.model}\`.`
        : '';
    const base =
      ctx.serverKind && !['openai', 'anthropic', 'gemini'].includes(ctx.serverKind)
        ? ' Also check that the base URL is right (OpenAI-compatible servers usually end in /v1).'
        : '';
    const what = ctx.model
      ? `${at(ctx)} has no model "${ctx.model}" (or this key may not use it). Pick a model ` +
        `from the provider's model list in Settings.`
      : `${at(ctx)} answered "not found" (HTTP 404).`;
    super(`${what}${pull}${base}${said(ctx)}`, ctx);
  }
}

/**
 * A failure that trying again later may cure (rate limit, 5xx, network, cut-off reply). It
 * carries how many requests were really sent for the call, and its message says so.
 */
export abstract class RetryableEngineError extends EngineError {
  override readonly retryable = true;
  readonly attempts: number;
  constructor(
    message: string,
    context: ErrorContext,
    attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, context, options);
    this.attempts = attempts;
  }
}

/** Still rate limited after every retry, or asked to wait longer than we are willing to. */
export class RateLimitError extends RetryableEngineError {
  override name = 'RateLimitError';
  override readonly code = 'rate-limited';
  readonly retryAfterMs: number | undefined;
  constructor(ctx: ErrorContext, attempts: number, retryAfterMs?: number) {
    const wait =
      retryAfterMs !== undefined
        ? ` The provider asked to wait ${Math.ceil(retryAfterMs / 1000)} s before the next call.`
        : '';
    super(
      `${at(ctx)} is rate limiting this key (${tried(attempts)}).${wait} ` +
        `Wait until then and retry the failed units, lower the concurrency for this provider in ` +
        `Settings, or raise your rate limit with the provider.${said(ctx)}`,
      ctx,
      attempts,
    );
    this.retryAfterMs = retryAfterMs;
  }
}

/** The provider failed (5xx), after retries. */
export class ProviderServerError extends RetryableEngineError {
  override name = 'ProviderServerError';
  override readonly code = 'provider-server';
  constructor(ctx: ErrorContext, attempts: number) {
    super(
      `${at(ctx)} had an internal error (HTTP ${ctx.status ?? '5xx'}, ${tried(attempts)}). ` +
        `This is on the provider's side: retry the failed units later, or switch to another ` +
        `model.${said(ctx)}`,
      ctx,
      attempts,
    );
  }
}

/** No answer (or no new streamed token) within the time limit. */
export class TimeoutError extends EngineError {
  override name = 'TimeoutError';
  override readonly code = 'timeout';
  readonly timeoutMs: number;
  constructor(ctx: ErrorContext, timeoutMs: number) {
    super(
      `${at(ctx)} did not answer within ${(timeoutMs / 1000).toFixed(1)} s. The server may be ` +
        `overloaded or the model still loading: retry, or raise the timeout in Settings.`,
      ctx,
    );
    this.timeoutMs = timeoutMs;
  }
}

const CORS_ADVICE: Record<ServerKind, string> = {
  ollama:
    "Ollama only answers pages it trusts: restart it with OLLAMA_ORIGINS set to this page's " +
    'origin (e.g. `OLLAMA_ORIGINS="{origin}" ollama serve`, or `launchctl setenv` / a systemd ' +
    'override on macOS and Linux).',
  lmstudio:
    'In LM Studio, open the Developer tab, server settings, and switch on "Enable CORS" ' +
    '(or start it with `lms server start --cors`).',
  vllm:
    'Start vLLM with `--allowed-origins \'["{origin}"]\'` (and `--allowed-headers \'["*"]\'` ' +
    'if you changed the defaults).',
  openai:
    'OpenAI allows browser calls, so something between this page and api.openai.com (proxy, ' +
    "browser extension, firewall) is blocking it; or the base URL is not OpenAI's.",
  anthropic:
    'Anthropic allows browser calls with the `anthropic-dangerous-direct-browser-access` header ' +
    '(this app sends it), so check the base URL and any proxy or extension in between.',
  gemini:
    "Gemini's native API allows browser calls (its OpenAI-compatible endpoint does not), so use " +
    'the Gemini provider type and check any proxy or extension in between.',
  openrouter: 'OpenRouter allows browser calls; check the base URL and any proxy in between.',
  together:
    'This provider may not allow browser calls: run a small proxy that adds CORS headers, or ' +
    'use a provider that allows browsers.',
  groq: 'Groq allows browser calls; check the base URL and any proxy in between.',
  custom:
    "Enable CORS on that server for this page's origin ({origin}): OLLAMA_ORIGINS for Ollama, " +
    '"Enable CORS" in LM Studio, `--allowed-origins` for vLLM. OpenAI, Anthropic and Gemini ' +
    'allow browsers as they are.',
};

/** Advice for the server setting that lets this page's origin through CORS. */
export function corsAdvice(kind: ServerKind, origin = '<this page origin>'): string {
  return CORS_ADVICE[kind].split('{origin}').join(origin);
}

/** The server is up but the browser blocked its reply (CORS). */
export class CorsBlockedError extends EngineError {
  override name = 'CorsBlockedError';
  override readonly code = 'cors-blocked';
  constructor(ctx: ErrorContext, origin?: string) {
    super(
      `The browser blocked the reply from ${at(ctx)} because the server does not allow ` +
        `requests from this page (CORS). ${corsAdvice(ctx.serverKind ?? 'custom', origin)}`,
      ctx,
    );
  }
}

/** The server could not be reached at all. */
export class NetworkError extends RetryableEngineError {
  override name = 'NetworkError';
  override readonly code = 'network';
  constructor(ctx: ErrorContext, options?: { cause?: unknown; attempts?: number }) {
    const attempts = options?.attempts ?? 1;
    const local =
      ctx.serverKind && ['ollama', 'lmstudio', 'vllm', 'custom'].includes(ctx.serverKind)
        ? ' Is the local server running, and is the base URL (host and port) right?'
        : ' Check your internet connection and the base URL.';
    super(`Could not reach ${at(ctx)} (${tried(attempts)}).${local}`, ctx, attempts, options);
  }
}

/**
 * The server answered, but the connection closed before the reply was complete (a body or a
 * stream cut off). The server was reachable, so this is not a NetworkError.
 */
export class TruncatedResponseError extends RetryableEngineError {
  override name = 'TruncatedResponseError';
  override readonly code = 'truncated-response';
  constructor(ctx: ErrorContext, options?: { cause?: unknown; attempts?: number }) {
    const attempts = options?.attempts ?? 1;
    super(
      `${at(ctx)} started to answer, but the connection closed before the reply was complete ` +
        `(${tried(attempts)}). The server or a proxy in between cut it off: retry the failed ` +
        `units; if it keeps happening, check the server's timeouts and logs, or lower the ` +
        `maximum tokens so replies finish sooner.`,
      ctx,
      attempts,
      options,
    );
  }
}

/**
 * The browser has no network at all, so no cloud provider can be reached. Not retried: waiting
 * a few seconds does not bring the network back, and local models work meanwhile.
 */
export class OfflineError extends EngineError {
  override name = 'OfflineError';
  override readonly code = 'offline';
  constructor(ctx: ErrorContext, options?: { cause?: unknown }) {
    super(
      `You are offline, so ${ctx.provider} cannot be reached. Reconnect and retry, or use a ` +
        'local model (WebLLM or transformers.js) downloaded in Settings, which works offline.',
      ctx,
      options,
    );
  }
}

/** Whether the browser knows it has no network (`navigator.onLine` false); false outside one. */
export function browserOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** The reply was not valid JSON / SSE, or lacked required fields. */
export class MalformedResponseError extends EngineError {
  override name = 'MalformedResponseError';
  override readonly code = 'malformed-response';
  constructor(ctx: ErrorContext, what = 'a reply it could not read') {
    super(
      `${at(ctx)} sent ${what}. If this is an OpenAI-compatible server, check that it really ` +
        `speaks the chat-completions format at this base URL; otherwise retry.${said(ctx)}`,
      ctx,
    );
  }
}

/** The model refused a sampling or output parameter. */
export class ParameterRejectedError extends EngineError {
  override name = 'ParameterRejectedError';
  override readonly code = 'parameter-rejected';
  readonly param: keyof ChatRequest;
  constructor(ctx: ErrorContext, param: keyof ChatRequest) {
    super(
      `${at(ctx)} rejected the parameter \`${param}\` for model "${ctx.model ?? '?'}". Leave ` +
        `\`${param}\` at the provider default for this model (some newer models accept only the ` +
        `default), or pick a model that supports it.${said(ctx)}`,
      ctx,
    );
    this.param = param;
  }
}

/** The key works but may not do this (region, project, key restrictions). */
export class AccessDeniedError extends EngineError {
  override name = 'AccessDeniedError';
  override readonly code = 'access-denied';
  constructor(ctx: ErrorContext) {
    super(
      `${at(ctx)} refused access (HTTP 403). The key is valid but not allowed to do this: check ` +
        `the key's restrictions (allowed websites, APIs, project) and the model's availability ` +
        `in your region.${said(ctx)}`,
      ctx,
    );
  }
}

/** Any other 4xx: the provider could not accept the request as sent. */
export class InvalidRequestError extends EngineError {
  override name = 'InvalidRequestError';
  override readonly code = 'invalid-request';
  constructor(ctx: ErrorContext) {
    super(
      `${at(ctx)} could not accept the request (HTTP ${ctx.status ?? '4xx'}). Check the model ` +
        `name and the generation settings.${said(ctx)}`,
      ctx,
    );
  }
}

/** The caller aborted the call. */
export class RequestCancelledError extends EngineError {
  override name = 'RequestCancelledError';
  override readonly code = 'cancelled';
  constructor(ctx: ErrorContext) {
    super(`The call to ${at(ctx)} was cancelled.`, ctx);
  }
}

/** Everything `classifyProviderError` needs to know about one failed HTTP exchange. */
export interface ProviderFailure {
  /** HTTP status if the server answered. */
  status?: number;
  /** Error body: parsed JSON or raw text. */
  body?: unknown;
  /** `Retry-After` in ms, already parsed, if the server sent one. */
  retryAfterMs?: number;
  /** How many attempts were made (for the message). */
  attempts?: number;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Pulls `{ message, type, code, param, status, reason }` out of any provider error body. */
export function readErrorBody(body: unknown): {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
  reasons: string[];
} {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return { message: body.trim() || undefined, reasons: [] };
    }
  }
  if (Array.isArray(parsed)) parsed = parsed[0];
  if (!isRecord(parsed)) return { reasons: [] };
  const error = isRecord(parsed.error) ? parsed.error : parsed;
  const text = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  const reasons: string[] = [];
  if (Array.isArray(error.details)) {
    for (const d of error.details)
      if (isRecord(d) && typeof d.reason === 'string') reasons.push(d.reason);
  }
  return {
    message: text(error.message) ?? (typeof parsed.error === 'string' ? parsed.error : undefined),
    type: text(error.type) ?? text(error.status),
    code:
      text(error.code) ?? (isRecord(error.details) ? text(error.details.error_code) : undefined),
    param: text(error.param),
    reasons,
  };
}

// Wire names of request parameters across providers, mapped to ChatRequest fields.
const PARAM_ALIASES: [RegExp, keyof ChatRequest][] = [
  [/\btemperature\b/i, 'temperature'],
  [/\btop_?p\b/i, 'top_p'],
  [/\b(?:max_tokens|max_completion_tokens|max_?output_?tokens)\b/i, 'max_tokens'],
  [/\bseed\b/i, 'seed'],
  [/^n$|\b(?:candidate_?count|candidates?)\b|\bn\b[`'"]? *(?:must|is|should|=|>)/i, 'n'],
  [/\b(?:stop|stop_sequences|stop_?sequences)\b/i, 'stop'],
  [
    /\b(?:response_format|response_?schema|response_?json_?schema|response_?mime_?type|output_config)\b/i,
    'jsonSchema',
  ],
];

/** Maps a provider's parameter name (or an error text naming one) to the ChatRequest field. */
export function paramFromText(text: string | undefined): keyof ChatRequest | null {
  if (!text) return null;
  for (const [pattern, param] of PARAM_ALIASES) if (pattern.test(text)) return param;
  return null;
}

const REJECTION_WORDS =
  /unsupported|not supported|does not support|cannot|deprecated|not allowed|invalid value|unknown name|only the default/i;

/**
 * Turns an HTTP failure into the engine error the user should see. The provider's message is
 * shortened and stripped of secrets before it is attached.
 */
export function classifyProviderError(
  failure: ProviderFailure,
  ctx: ErrorContext,
  secrets: readonly (string | undefined)[] = [],
): EngineError {
  const info = readErrorBody(failure.body);
  const raw = info.message ?? '';
  const detail = raw ? redactSecrets(raw, secrets).slice(0, DETAIL_MAX) : undefined;
  const status = failure.status;
  const c: ErrorContext = { ...ctx, status, detail };
  const attempts = failure.attempts ?? 1;
  const lower = `${raw} ${info.type ?? ''} ${info.code ?? ''}`.toLowerCase();
  const creditWords =
    /insufficient_quota|credit balance|credits? (?:are|is) (?:depleted|exhausted)|insufficient credits|billing_error|spend_limit|prepayment/;

  if (status === undefined) return new EngineError(detail ?? 'Unknown engine failure.', c);
  if (
    status === 401 ||
    info.reasons.includes('API_KEY_INVALID') ||
    /api key not valid|invalid[ _-]?api[ _-]?key|invalid x-api-key/.test(lower)
  ) {
    return new InvalidApiKeyError(c);
  }
  if (status === 402 || creditWords.test(lower)) return new InsufficientCreditError(c);
  if (status === 429) return new RateLimitError(c, attempts, failure.retryAfterMs);
  if (status === 403) return new AccessDeniedError(c);
  if (
    status === 404 ||
    info.code === 'model_not_found' ||
    /model.{0,80}(?:not found|does not exist|not_found)/.test(lower)
  ) {
    return new ModelNotFoundError(c);
  }
  if (status >= 500) return new ProviderServerError(c, attempts);
  if (status === 400 || status === 422) {
    const param =
      paramFromText(info.param) ?? (REJECTION_WORDS.test(raw) ? paramFromText(raw) : null);
    if (param) return new ParameterRejectedError(c, param);
  }
  return new InvalidRequestError(c);
}
