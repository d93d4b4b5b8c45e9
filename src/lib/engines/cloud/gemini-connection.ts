// The connection to Gemini's API: the official @google/genai SDK built per attempt, the key sent
// as a header, and no SDK retries (http.ts retries).
import { GoogleGenAI } from '@google/genai';
import type { CloudEngineConfig } from './common';
import { CloudConnection } from './connection';
import type { AttemptContext } from './http';

/** Gemini API root (the SDK appends `/v1beta/models/...`). */
export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';

/** Configuration of a Gemini engine. */
export type GeminiEngineConfig = CloudEngineConfig;

/** Connection pieces shared by chat and embedding engines. */
export class GeminiConnection extends CloudConnection<GoogleGenAI, GeminiEngineConfig> {
  constructor(config: GeminiEngineConfig) {
    super(config, {
      baseUrl: GEMINI_DEFAULT_BASE_URL,
      label: 'Gemini',
      serverKind: 'gemini',
      maxConcurrency: 4,
    });
  }

  client(ctx: AttemptContext): GoogleGenAI {
    return new GoogleGenAI({
      // Sent as the `x-goog-api-key` header, never in the URL.
      apiKey: this.config.apiKey?.trim() ?? '',
      httpOptions: {
        baseUrl: this.baseUrl,
        apiVersion: 'v1beta',
        // No retryOptions: the SDK then makes exactly one attempt; http.ts does the retrying.
        fetch: ctx.fetch,
      },
    });
  }
}
