// The one retry, timeout, cancellation and concurrency policy of the app (nothing above it retries).
// SDK retries are switched off; each attempt runs through a fetch wrapper that records failures.
import pLimit, { type LimitFunction } from 'p-limit';
import { removeKnownSecrets } from '../../core/redact';
import {
  classifyProviderError,
  CorsBlockedError,
  EngineError,
  MalformedResponseError,
  NetworkError,
  OfflineError,
  browserOffline,
  readErrorBody,
  redactSecrets,
  RateLimitError,
  RequestCancelledError,
  TimeoutError,
  TruncatedResponseError,
  type ErrorContext,
  type ServerKind,
} from '../errors';
import { providerPauses, type PauseBoard, type ProviderPause } from '../provider-pauses';

/** How calls are retried and timed out. */
export interface RetryPolicy {
  /** Attempts in total, including the first (1 = no retries). */
  maxAttempts: number;
  /** First backoff step; doubled each retry, with jitter. */
  baseDelayMs: number;
  /** Upper bound of one backoff step. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the call fails with the wait in its message. */
  maxRetryAfterMs: number;
  /**
   * A `Retry-After` longer than this pauses every call to the provider and is announced on the
   * pause board (the run shows a countdown) instead of being slept through silently.
   */
  announceWaitMs: number;
  /** Longest silence allowed: until the response starts, and between streamed chunks. */
  timeoutMs: number;
  /** Multiplies every wait (tests shrink `Retry-After: 1` to milliseconds). */
  delayScale: number;
}

/**
 * Defaults: 4 attempts, 0.5 s → 8 s backoff, 120 s silence; Retry-After honoured up to an hour,
 * and announced as a provider pause beyond 30 s.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 3_600_000,
  announceWaitMs: 30_000,
  timeoutMs: 120_000,
  delayScale: 1,
};

/** A provider endpoint as far as error messages and limits are concerned. */
export interface CallSite {
  /** Provider instance id: the concurrency limit is shared per id. */
  providerId: string;
  /** Human name used in messages. */
  provider: string;
  serverKind: ServerKind;
  baseUrl: string;
  model?: string;
  /** Values to scrub from any text shown to the user (the API key). */
  secrets: readonly (string | undefined)[];
}

/** What one attempt gets: a signal to pass to the SDK, a fetch to give it, and a keep-alive. */
export interface AttemptContext {
  signal: AbortSignal;
  fetch: typeof fetch;
  attempt: number;
  /** Resets the silence timer; call it for every streamed chunk. */
  touch(): void;
  /** Marks that output already reached the caller, so this attempt must not be retried. */
  delivered(): void;
}

/** Extra knobs for one `runWithRetry` call. */
export interface RunOptions {
  policy: RetryPolicy;
  signal?: AbortSignal;
  limiter?: LimitFunction;
  /** Underlying fetch (defaults to the global one, looked up at call time). */
  fetch?: typeof fetch;
  /** Decides whether a failed fetch means CORS (server up) rather than a dead server. */
  probe?: (url: string) => Promise<boolean>;
  /** Random source in [0,1) for jitter (tests fix it). */
  random?: () => number;
  /** Origin named in CORS advice; defaults to the page's origin. */
  origin?: string;
  /** Where long waits are announced and shared (default: the page's board). */
  pauses?: PauseBoard;
}

const limiters = new Map<string, LimitFunction>();

/**
 * Returns the shared limiter for a provider instance, created on first use. Asking again with
 * another `max` changes the limit for everyone using that provider.
 */
export function limiterFor(providerId: string, max: number): LimitFunction {
  const existing = limiters.get(providerId);
  const concurrency = Math.max(1, Math.floor(max));
  if (existing) {
    if (existing.concurrency !== concurrency) existing.concurrency = concurrency;
    return existing;
  }
  const created = pLimit(concurrency);
  limiters.set(providerId, created);
  return created;
}

/**
 * Parses `Retry-After` (seconds, possibly fractional, or an HTTP date) and OpenAI's
 * `retry-after-ms` into milliseconds; `undefined` when absent or unreadable.
 */
export function parseRetryAfter(
  headers: Headers | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) {
    return Math.max(0, Number(ms));
  }
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Gemini puts its wait in the body (`RetryInfo.retryDelay: "13s"`) rather than a header. */
export function retryDelayFromBody(body: unknown): number | undefined {
  const match = typeof body === 'string' ? /"retryDelay"\s*:\s*"([\d.]+)s"/.exec(body) : null;
  return match?.[1] !== undefined ? Number(match[1]) * 1000 : undefined;
}

/** Exponential backoff with "equal jitter": half the step fixed, half random. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return step / 2 + (random() * step) / 2;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function inBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/**
 * A browser reports a CORS refusal and a dead server the same way ("TypeError: Failed to
 * fetch"). An opaque `no-cors` GET needs no CORS permission, so if it gets any answer the server
 * is up and CORS is what failed. Outside a browser there is no CORS, so the answer is no.
 */
export async function probeServerReachable(
  url: string,
  fetchImpl?: typeof fetch,
): Promise<boolean> {
  if (!inBrowser()) return false;
  const f = fetchImpl ?? globalThis.fetch;
  try {
    await f(url, {
      mode: 'no-cors',
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(3_000),
    });
    return true;
  } catch {
    return false;
  }
}

interface Captured {
  /** The server answered (headers arrived), so a later failure is not "unreachable". */
  responded?: boolean;
  status?: number;
  headers?: Headers;
  body?: string;
  fetchFailed?: unknown;
}

function isAbortLike(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === 'AbortError' ||
    err.name === 'APIUserAbortError' ||
    err.constructor.name === 'APIUserAbortError' ||
    /abort/i.test(err.message)
  );
}

const CONNECTION_WORDS = /network|terminated|socket|fetch|connection|closed|reset|ECONN/i;

// Error types of in-stream error events, for events that carry no HTTP status of their own.
const STATUS_BY_TYPE: Record<string, number> = {
  overloaded_error: 529,
  api_error: 500,
  server_error: 500,
  rate_limit_error: 429,
  authentication_error: 401,
  not_found_error: 404,
  invalid_request_error: 400,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  RESOURCE_EXHAUSTED: 429,
};

/**
 * An error event inside a 200 stream reaches us as an SDK error holding the provider's body
 * (OpenAI/Anthropic: `err.error`; Gemini: JSON inside `err.message` plus `err.status`).
 */
function sdkReportedFailure(err: unknown): { status: number; body: unknown } | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { status?: unknown; error?: unknown; message?: unknown };
  let body: unknown = typeof e.error === 'object' && e.error !== null ? e.error : undefined;
  if (body === undefined && typeof e.message === 'string' && e.message.includes('{"error"')) {
    body = e.message.slice(e.message.indexOf('{"error"'));
  }
  if (body === undefined) return null;
  const info = readErrorBody(body);
  const status =
    typeof e.status === 'number'
      ? e.status
      : (STATUS_BY_TYPE[info.type ?? ''] ?? (info.message ? 500 : undefined));
  return status !== undefined && status >= 400 ? { status, body } : null;
}

function errorContext(site: CallSite): ErrorContext {
  return {
    provider: site.provider,
    serverKind: site.serverKind,
    baseUrl: site.baseUrl,
    model: site.model,
  };
}

/** Builds a MalformedResponseError for a reply whose shape is wrong. */
export function malformed(site: CallSite, what: string): MalformedResponseError {
  return new MalformedResponseError(errorContext(site), what);
}

function pageOrigin(): string | undefined {
  return typeof location !== 'undefined' ? location.origin : undefined;
}

async function classify(
  err: unknown,
  captured: Captured,
  site: CallSite,
  state: { timedOut: boolean; userAborted: boolean; attempt: number },
  options: RunOptions,
): Promise<EngineError> {
  const ctx = errorContext(site);
  if (state.userAborted) return new RequestCancelledError(ctx);
  if (state.timedOut) return new TimeoutError(ctx, options.policy.timeoutMs);
  if (err instanceof EngineError) return err;
  if (captured.status !== undefined && captured.status >= 400) {
    const retryAfterMs = parseRetryAfter(captured.headers) ?? retryDelayFromBody(captured.body);
    return classifyProviderError(
      { status: captured.status, body: captured.body, retryAfterMs, attempts: state.attempt },
      ctx,
      site.secrets,
    );
  }
  const inStream = sdkReportedFailure(err);
  if (inStream) {
    return classifyProviderError({ ...inStream, attempts: state.attempt }, ctx, site.secrets);
  }
  const attempts = state.attempt;
  if (captured.fetchFailed !== undefined) {
    // navigator.onLine alone can be wrong when true, but false is reliable: say "offline".
    if (browserOffline()) return new OfflineError(ctx, { cause: captured.fetchFailed });
    const probe = options.probe ?? ((url: string) => probeServerReachable(url, options.fetch));
    if (await probe(site.baseUrl)) {
      return new CorsBlockedError(ctx, options.origin ?? pageOrigin());
    }
    return new NetworkError(ctx, { cause: captured.fetchFailed, attempts });
  }
  if (err instanceof SyntaxError) {
    return new MalformedResponseError(ctx, 'a reply that is not valid JSON');
  }
  // The connection broke after the response started (body or stream cut off): the server was
  // reached, so this is a truncated reply, not an unreachable server.
  if (err instanceof Error && CONNECTION_WORDS.test(`${err.message} ${String(err.cause)}`)) {
    if (captured.responded) return new TruncatedResponseError(ctx, { cause: err, attempts });
    if (browserOffline()) return new OfflineError(ctx, { cause: err });
    if (err instanceof TypeError) return new NetworkError(ctx, { cause: err, attempts });
  }
  if (isAbortLike(err)) return new RequestCancelledError(ctx);
  const message = err instanceof Error ? err.message : String(err);
  return new MalformedResponseError(
    { ...ctx, detail: redactSecrets(message, site.secrets).slice(0, 300) },
    'a reply the client library could not handle',
  );
}

function sanitise(error: EngineError, site: CallSite): EngineError {
  // Every message is built from redacted parts already; this is the last line of defence.
  error.message = removeKnownSecrets(error.message, site.secrets);
  return error;
}

/**
 * Runs `operation` with the shared policy: one slot of the provider's limiter per attempt (freed
 * during backoff), a silence timeout, cancellation by `options.signal` (also during backoff and
 * while queued), and retries on 429, 5xx and network errors honouring `Retry-After`.
 */
export async function runWithRetry<T>(
  site: CallSite,
  operation: (ctx: AttemptContext) => Promise<T>,
  options: RunOptions,
): Promise<T> {
  const { policy, signal } = options;
  const random = options.random ?? Math.random;
  const pauses = options.pauses ?? providerPauses;
  const ctx = errorContext(site);
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw new RequestCancelledError(ctx);
    const state = { timedOut: false, userAborted: false, attempt, delivered: false };
    const captured: Captured = {};
    const runAttempt = async (): Promise<T> => {
      if (signal?.aborted) throw new RequestCancelledError(ctx);
      // Nothing goes out while the provider asked everyone to wait.
      await holdWhilePaused(pauses, site.providerId, signal, ctx);
      const controller = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const touch = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(() => {
          state.timedOut = true;
          controller.abort(new Error('timeout'));
        }, policy.timeoutMs);
      };
      const onAbort = (): void => {
        state.userAborted = true;
        controller.abort(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const baseFetch =
        options.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
      const capturingFetch: typeof fetch = async (input, init) => {
        let response: Response;
        try {
          response = await baseFetch(input, init);
        } catch (err) {
          if (!controller.signal.aborted) captured.fetchFailed = err;
          throw err;
        }
        touch();
        captured.responded = true;
        if (!response.ok) {
          captured.status = response.status;
          captured.headers = response.headers;
          captured.body = await response
            .clone()
            .text()
            .catch(() => '');
        }
        return response;
      };
      touch();
      try {
        return await operation({
          signal: controller.signal,
          fetch: capturingFetch,
          attempt,
          touch,
          delivered: () => {
            state.delivered = true;
          },
        });
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    };

    let error: EngineError;
    try {
      if (!options.limiter) return await runAttempt();
      // Race the queue against abort so a cancelled call does not wait for a free slot.
      return await raceAbort(options.limiter(runAttempt), signal, ctx);
    } catch (err) {
      error = sanitise(await classify(err, captured, site, state, options), site);
    }

    const retryAfter = error instanceof RateLimitError ? error.retryAfterMs : undefined;
    const canRetry =
      error.retryable && !state.delivered && attempt < policy.maxAttempts && !signal?.aborted;
    if (!canRetry || (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs)) {
      throw withAttempts(error, attempt, site);
    }
    const wait = (retryAfter ?? backoffDelay(attempt, policy, random)) * policy.delayScale;
    // A long wait holds every call to this provider and is shown, not slept through silently.
    const pause =
      retryAfter !== undefined && retryAfter > policy.announceWaitMs
        ? pauses.start({
            providerId: site.providerId,
            provider: site.provider,
            until: Date.now() + wait,
            reason: `${site.provider} is rate limiting this key and asked to wait ${Math.ceil(retryAfter / 1000)} s (Retry-After) before the next call`,
          })
        : undefined;
    try {
      await abortableSleep(wait, signal);
    } catch {
      throw new RequestCancelledError(ctx);
    } finally {
      if (pause !== undefined) pauses.end(pause);
    }
  }
}

/** Waits while the provider's pause is in force (a pause may be extended while waiting). */
async function holdWhilePaused(
  pauses: PauseBoard,
  providerId: string,
  signal: AbortSignal | undefined,
  ctx: ErrorContext,
): Promise<void> {
  for (let pause: ProviderPause | undefined; (pause = pauses.get(providerId)) !== undefined;) {
    try {
      await abortableSleep(pause.until - Date.now(), signal);
    } catch {
      throw new RequestCancelledError(ctx);
    }
  }
}

function withAttempts(error: EngineError, attempts: number, site: CallSite): EngineError {
  // Rebuild the final rate-limit error so its message states how many attempts were made.
  if (error instanceof RateLimitError && error.attempts !== attempts) {
    return sanitise(new RateLimitError(error.context, attempts, error.retryAfterMs), site);
  }
  return error;
}

function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  ctx: ErrorContext,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new RequestCancelledError(ctx));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
