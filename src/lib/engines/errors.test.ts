// Tables for secret redaction, error-body parsing and the provider-error classification.
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedError,
  classifyProviderError,
  corsAdvice,
  CorsBlockedError,
  EngineError,
  InsufficientCreditError,
  InvalidApiKeyError,
  InvalidRequestError,
  ModelNotFoundError,
  NetworkError,
  paramFromText,
  ParameterRejectedError,
  ProviderServerError,
  RateLimitError,
  readErrorBody,
  type ErrorContext,
} from './errors';

describe('readErrorBody', () => {
  it.each([
    [
      'OpenAI',
      { error: { message: 'm', type: 't', code: 'c', param: 'temperature' } },
      { message: 'm', type: 't', code: 'c', param: 'temperature' },
    ],
    [
      'Anthropic',
      { type: 'error', error: { type: 'not_found_error', message: 'model: x' } },
      { message: 'model: x', type: 'not_found_error' },
    ],
    [
      'Gemini',
      {
        error: {
          code: 400,
          message: 'bad',
          status: 'INVALID_ARGUMENT',
          details: [{ reason: 'API_KEY_INVALID' }],
        },
      },
      { message: 'bad', type: 'INVALID_ARGUMENT', code: '400', reasons: ['API_KEY_INVALID'] },
    ],
    [
      'Gemini array body',
      [{ error: { message: 'arr', status: 'NOT_FOUND' } }],
      { message: 'arr', type: 'NOT_FOUND' },
    ],
    ['Ollama string error', { error: 'model "x" not found' }, { message: 'model "x" not found' }],
    ['JSON text', '{"error":{"message":"txt"}}', { message: 'txt' }],
    ['plain text', '404 page not found', { message: '404 page not found' }],
    ['empty', '', {}],
    ['nothing', undefined, {}],
  ])('%s', (_label, body, expected) => {
    expect(readErrorBody(body)).toMatchObject({ reasons: [], ...expected });
  });
});

describe('paramFromText', () => {
  it.each([
    ['temperature', 'temperature'],
    ['top_p', 'top_p'],
    ['topP', 'top_p'],
    ['max_completion_tokens', 'max_tokens'],
    ['maxOutputTokens', 'max_tokens'],
    ['candidateCount', 'n'],
    ['`n` must be 1', 'n'],
    ['n', 'n'],
    ['an n-gram is fine', null],
    ['seed', 'seed'],
    ['stop_sequences', 'stop'],
    ['response_format', 'jsonSchema'],
    ['messages', null],
    ['', null],
    [undefined, null],
  ])('%s -> %s', (text, expected) => {
    expect(paramFromText(text)).toBe(expected);
  });
});

describe('classifyProviderError', () => {
  const ctx: ErrorContext = {
    provider: 'P',
    model: 'm1',
    baseUrl: 'http://x',
    serverKind: 'openai',
  };
  const openai = (message: string, extra: Record<string, unknown> = {}) => ({
    error: { message, ...extra },
  });
  const anthropic = (type: string, message: string) => ({
    type: 'error',
    error: { type, message },
  });
  const gemini = (code: number, status: string, message: string, reason?: string) => ({
    error: { code, status, message, ...(reason && { details: [{ reason }] }) },
  });

  it.each<[string, number | undefined, unknown, new (...a: never[]) => EngineError]>([
    [
      'OpenAI 401',
      401,
      openai('Incorrect API key provided: sk-abc***xyz', { code: 'invalid_api_key' }),
      InvalidApiKeyError,
    ],
    [
      'Anthropic 401',
      401,
      anthropic('authentication_error', 'invalid x-api-key'),
      InvalidApiKeyError,
    ],
    [
      'Gemini 400 API_KEY_INVALID',
      400,
      gemini(400, 'INVALID_ARGUMENT', 'API key not valid.', 'API_KEY_INVALID'),
      InvalidApiKeyError,
    ],
    [
      'OpenAI insufficient_quota 429',
      429,
      openai('You exceeded your current quota', { code: 'insufficient_quota' }),
      InsufficientCreditError,
    ],
    [
      'Anthropic credit 400',
      400,
      anthropic(
        'invalid_request_error',
        'Your credit balance is too low to access the Anthropic API.',
      ),
      InsufficientCreditError,
    ],
    [
      'Anthropic billing_error 402',
      402,
      anthropic('billing_error', 'billing'),
      InsufficientCreditError,
    ],
    ['OpenRouter 402', 402, openai('Insufficient credits'), InsufficientCreditError],
    ['plain 429', 429, openai('Rate limit reached'), RateLimitError],
    [
      'Gemini 429',
      429,
      gemini(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted'),
      RateLimitError,
    ],
    [
      '403',
      403,
      gemini(403, 'PERMISSION_DENIED', 'Requests from referer are blocked.'),
      AccessDeniedError,
    ],
    [
      'OpenAI 404',
      404,
      openai('The model `m1` does not exist', { code: 'model_not_found' }),
      ModelNotFoundError,
    ],
    [
      'Ollama 404',
      404,
      { error: 'model "m1" not found, try pulling it first' },
      ModelNotFoundError,
    ],
    ['vLLM 400 model', 400, openai('The model `m1` does not exist.'), ModelNotFoundError],
    ['500', 500, openai('oops'), ProviderServerError],
    ['529 overloaded', 529, anthropic('overloaded_error', 'Overloaded'), ProviderServerError],
    [
      'OpenAI unsupported_value',
      400,
      openai("Unsupported value: 'temperature'", {
        param: 'temperature',
        code: 'unsupported_value',
      }),
      ParameterRejectedError,
    ],
    [
      'Anthropic temperature',
      400,
      anthropic('invalid_request_error', '`temperature` is deprecated for this model.'),
      ParameterRejectedError,
    ],
    [
      'Gemini seed',
      400,
      gemini(400, 'INVALID_ARGUMENT', 'seed is not supported for this model'),
      ParameterRejectedError,
    ],
    ['other 400', 400, openai('messages must not be empty'), InvalidRequestError],
    ['422', 422, 'Unprocessable', InvalidRequestError],
    ['no status', undefined, undefined, EngineError],
  ])('%s', (_label, status, body, errorClass) => {
    const error = classifyProviderError({ status, body }, ctx, ['sk-abc']);
    expect(error).toBeInstanceOf(errorClass);
    expect(error.context.status).toBe(status);
    expect(error.message).not.toMatch(/sk-abc/);
  });

  it.each([
    ['temperature', "Unsupported value: 'temperature'", { param: 'temperature' }],
    ['top_p', '`top_p` is not supported', {}],
  ])('names the rejected parameter %s', (param, message, extra) => {
    const error = classifyProviderError({ status: 400, body: openai(message, extra) }, ctx);
    expect(error).toBeInstanceOf(ParameterRejectedError);
    expect((error as ParameterRejectedError).param).toBe(param);
    expect(error.message).toContain(`\`${param}\``);
  });

  it('carries the retry wait and attempt count of a rate limit', () => {
    const error = classifyProviderError(
      { status: 429, body: '', retryAfterMs: 3000, attempts: 2 },
      ctx,
    );
    expect(error).toMatchObject({ retryAfterMs: 3000, attempts: 2, retryable: true });
    expect(error.message).toContain('wait 3 s');
  });

  it('shortens and redacts the provider detail', () => {
    const error = classifyProviderError(
      { status: 500, body: openai(`${'x'.repeat(500)} sk-abcdefgh`) },
      ctx,
      [],
    );
    expect(error.context.detail?.length).toBe(300);
    const leaky = classifyProviderError({ status: 500, body: openai('bad key sk-abcdefgh') }, ctx);
    expect(leaky.message).toContain('bad key [REDACTED]');
  });
});

describe('CORS and network messages', () => {
  it.each([
    ['ollama', 'OLLAMA_ORIGINS'],
    ['lmstudio', 'Enable CORS'],
    ['vllm', '--allowed-origins'],
    ['openai', 'OpenAI allows browser calls'],
    ['anthropic', 'anthropic-dangerous-direct-browser-access'],
    ['gemini', "Gemini's native API allows browser calls"],
    ['custom', 'OLLAMA_ORIGINS for Ollama'],
  ] as const)('%s advice names %s', (kind, fragment) => {
    expect(corsAdvice(kind)).toContain(fragment);
    const error = new CorsBlockedError({ provider: 'X', serverKind: kind }, 'http://app.test');
    expect(error.message).toContain(fragment);
    expect(error.message).toContain('CORS');
  });

  it('puts the page origin into the Ollama command', () => {
    expect(corsAdvice('ollama', 'http://127.0.0.1:5173')).toContain(
      'OLLAMA_ORIGINS="http://127.0.0.1:5173"',
    );
  });

  it.each([
    ['ollama', 'Is the local server running'],
    ['openai', 'internet connection'],
  ] as const)('network error for %s says %s', (kind, fragment) => {
    expect(new NetworkError({ provider: 'X', serverKind: kind }).message).toContain(fragment);
  });
});
