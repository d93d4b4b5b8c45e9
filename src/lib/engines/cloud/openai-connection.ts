// The connection to an OpenAI-compatible endpoint: its preset, and the official `openai` SDK
// client built per attempt with its retries off (http.ts retries) and telemetry headers removed.
import OpenAI from 'openai';
import type { ServerKind } from '../errors';
import type { CloudEngineConfig } from './common';
import { CloudConnection } from './connection';
import type { AttemptContext } from './http';
import { OPENAI_PRESETS, type OpenAIPreset, type OpenAIPresetId } from './presets';

/** Configuration of an OpenAI-compatible engine. */
export interface OpenAIEngineConfig extends CloudEngineConfig {
  /** Server kind (default `openai`); decides defaults, capabilities and CORS advice. */
  preset?: OpenAIPresetId;
  /** Overrides the preset's `nativeN` (e.g. a custom server known to support `n`). */
  nativeN?: boolean;
  /**
   * Whether the server offers OpenAI's Batch API (`/files` + `/batches`); default: only the
   * `openai` preset does.
   */
  batch?: boolean;
}

// The SDK's telemetry headers force extra CORS preflight permissions that local servers may
// not grant; null removes them (OpenAI itself allows them, so they stay for OpenAI).
const STAINLESS_HEADERS = [
  'X-Stainless-Lang',
  'X-Stainless-Package-Version',
  'X-Stainless-OS',
  'X-Stainless-Arch',
  'X-Stainless-Runtime',
  'X-Stainless-Runtime-Version',
  'X-Stainless-Retry-Count',
  'X-Stainless-Timeout',
];

/** Shared plumbing of the chat and embedding engines: SDK client per attempt, limits, site. */
export class OpenAIConnection extends CloudConnection<OpenAI, OpenAIEngineConfig> {
  readonly preset: OpenAIPreset;

  constructor(config: OpenAIEngineConfig) {
    const preset = OPENAI_PRESETS[config.preset ?? 'openai'];
    super(config, {
      baseUrl: preset.defaultBaseUrl,
      label: preset.label,
      serverKind: preset.id as ServerKind,
      maxConcurrency: preset.defaultConcurrency,
    });
    this.preset = preset;
  }

  client(ctx: AttemptContext): OpenAI {
    const key = this.config.apiKey?.trim() || null;
    const headers: Record<string, null> = {};
    if (this.preset.id !== 'openai') for (const h of STAINLESS_HEADERS) headers[h] = null;
    // The SDK refuses to start without a key, so keyless servers get a placeholder whose
    // Authorization header is then removed (null), and nothing is sent.
    if (!key) headers.Authorization = null;
    return new OpenAI({
      apiKey: key ?? 'no-key',
      organization: null,
      project: null,
      baseURL: this.baseUrl,
      dangerouslyAllowBrowser: true,
      maxRetries: 0,
      // Our own silence timer (http.ts) fires first; this is only a backstop.
      timeout: this.policy.timeoutMs + 5_000,
      fetch: ctx.fetch,
      defaultHeaders: headers,
    });
  }
}
