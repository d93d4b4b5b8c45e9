// Entry point of the cloud engines: errors, presets and prices load eagerly (small); each SDK
// (30-100 KB gzipped) loads only when an engine for its provider is first created.
import type { ChatEngine, EmbeddingEngine } from '../types';
import type { CloudEngineConfig } from './common';
import type { OpenAIPresetId } from './presets';

export * from '../errors';
export type { CloudEngineConfig, RejectedParamMode } from './common';
export {
  DEFAULT_RETRY_POLICY,
  limiterFor,
  parseRetryAfter,
  probeServerReachable,
  type RetryPolicy,
} from './http';
export { OPENAI_PRESETS, type OpenAIPreset, type OpenAIPresetId } from './presets';
export * from './prices';

/** The wire format a configured provider speaks. */
export type CloudProviderKind = 'openai-compatible' | 'anthropic' | 'gemini';

/** A provider as stored in Settings: everything but the model. */
export interface CloudProviderConfig extends Omit<CloudEngineConfig, 'model'> {
  kind: CloudProviderKind;
  /** For `openai-compatible`: which server (decides defaults and capabilities). */
  preset?: OpenAIPresetId;
}

/** Creates the chat engine for `model` at the configured provider, loading its SDK on demand. */
export async function createCloudChatEngine(
  provider: CloudProviderConfig,
  model: string,
): Promise<ChatEngine> {
  const config = { ...provider, model };
  switch (provider.kind) {
    case 'anthropic':
      return new (await import('./anthropic')).AnthropicChatEngine(config);
    case 'gemini':
      return new (await import('./gemini')).GeminiChatEngine(config);
    default:
      return new (await import('./openai')).OpenAIChatEngine(config);
  }
}

/** Whether the provider kind has an embeddings API (Anthropic has none). */
export function hasCloudEmbeddings(kind: CloudProviderKind): boolean {
  return kind !== 'anthropic';
}

/** Creates an embedding engine; rejects for Anthropic, which offers no embeddings. */
export async function createCloudEmbeddingEngine(
  provider: CloudProviderConfig,
  model: string,
): Promise<EmbeddingEngine> {
  const config = { ...provider, model };
  switch (provider.kind) {
    case 'gemini':
      return new (await import('./gemini')).GeminiEmbeddingEngine(config);
    case 'openai-compatible':
      return new (await import('./openai')).OpenAIEmbeddingEngine(config);
    default:
      throw new Error(
        'Anthropic has no embeddings API. Choose a local embedding model, or an OpenAI or Gemini provider.',
      );
  }
}

/** Lists the models the provider offers: one cheap call that also tests the key. */
export async function listCloudModels(
  provider: CloudProviderConfig,
  signal?: AbortSignal,
): Promise<string[]> {
  switch (provider.kind) {
    case 'anthropic':
      return (await import('./anthropic')).listAnthropicModels(provider, signal);
    case 'gemini':
      return (await import('./gemini')).listGeminiModels(provider, signal);
    default:
      return (await import('./openai')).listOpenAIModels(provider, signal);
  }
}
