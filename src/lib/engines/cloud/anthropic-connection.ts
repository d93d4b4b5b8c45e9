// The connection to Anthropic's Messages API: the official SDK built per attempt (browser access
// header on, retries off: http.ts retries), and the model list behind "Test key".
import Anthropic from '@anthropic-ai/sdk';
import type { CloudEngineConfig } from './common';
import { CloudConnection } from './connection';
import { malformed, type AttemptContext } from './http';

/** Anthropic's API root (the SDK appends `/v1/...`). */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

/** The SDK client, base URL, retry policy and concurrency limit of one Anthropic provider. */
export class AnthropicConnection extends CloudConnection<Anthropic> {
  constructor(config: CloudEngineConfig) {
    super(config, {
      baseUrl: ANTHROPIC_DEFAULT_BASE_URL,
      label: 'Anthropic',
      serverKind: 'anthropic',
      maxConcurrency: 4,
    });
  }

  client(ctx: AttemptContext): Anthropic {
    return new Anthropic({
      // Passing the key (even empty) keeps the SDK from reading environment variables or files.
      apiKey: this.config.apiKey?.trim() ?? '',
      baseURL: this.baseUrl,
      // Adds `anthropic-dangerous-direct-browser-access: true`, without which the API refuses CORS.
      dangerouslyAllowBrowser: true,
      maxRetries: 0,
      timeout: this.policy.timeoutMs + 5_000,
      fetch: ctx.fetch,
    });
  }
}

/** Lists model ids (`GET /v1/models`): the cheap call behind "Test key". */
export async function listAnthropicModels(
  config: Omit<CloudEngineConfig, 'model'>,
  signal?: AbortSignal,
): Promise<string[]> {
  const conn = new AnthropicConnection({ ...config, model: '' });
  const site = conn.site();
  return conn.run(undefined, signal, async (client, ctx) => {
    const page = await client.models.list({}, { signal: ctx.signal });
    if (!page || !Array.isArray(page.data)) throw malformed(site, 'a model list without `data`');
    return page.data.map((m) => m.id).sort();
  });
}
