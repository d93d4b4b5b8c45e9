// Sentence embeddings from `/embeddings` of an OpenAI-compatible endpoint, and the endpoint's
// model list (`GET /models`, the cheap call behind "Test key").
import type { EmbedOptions, EmbeddingEngine, EngineLocation } from '../types';
import { malformed } from './http';
import { OpenAIConnection, type OpenAIEngineConfig } from './openai-connection';
import { isLoopbackUrl } from './presets';

/** Options of an OpenAI-compatible embedding engine. */
export interface OpenAIEmbeddingConfig extends OpenAIEngineConfig {
  /** Texts per request (OpenAI accepts up to 2048; local servers prefer fewer). */
  batchSize?: number;
  /** Shortened output size, for models that support it (text-embedding-3-*). */
  dimensions?: number;
}

/** Sentence embeddings from `/embeddings` of an OpenAI-compatible endpoint, L2-normalised. */
export class OpenAIEmbeddingEngine implements EmbeddingEngine {
  readonly id: string;
  readonly providerId: string;
  readonly model: string;
  readonly location: EngineLocation;
  private readonly conn: OpenAIConnection;
  private readonly batchSize: number;

  constructor(private readonly config: OpenAIEmbeddingConfig) {
    this.conn = new OpenAIConnection(config);
    this.providerId = config.providerId;
    this.model = config.model;
    this.id = `${config.providerId}/${config.model}`;
    this.location = isLoopbackUrl(this.conn.baseUrl) ? 'local' : 'cloud';
    this.batchSize = Math.max(1, config.batchSize ?? 64);
  }

  /** Embeds `texts` in batches; vectors come back in input order. */
  embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    return this.conn.embed(
      this.model,
      texts,
      this.batchSize,
      options,
      'an embedding that is not a number list',
      async (client, batch, ctx) => {
        const response = await client.embeddings.create(
          {
            model: this.model,
            input: batch,
            // Floats, not the SDK's default base64: not every compatible server does base64.
            encoding_format: 'float',
            ...(this.config.dimensions !== undefined && { dimensions: this.config.dimensions }),
          },
          { signal: ctx.signal },
        );
        if (!response || !Array.isArray(response.data)) return undefined;
        return [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      },
    );
  }
}

/** Lists the model ids the endpoint offers (`GET /models`): the cheap call behind "Test key". */
export async function listOpenAIModels(
  config: Omit<OpenAIEngineConfig, 'model'>,
  signal?: AbortSignal,
): Promise<string[]> {
  const conn = new OpenAIConnection({ ...config, model: '' });
  const site = conn.site();
  return conn.run(undefined, signal, async (client, ctx) => {
    const page = await client.models.list({ signal: ctx.signal });
    if (!page || !Array.isArray(page.data)) throw malformed(site, 'a model list without `data`');
    return page.data.map((m) => m.id).sort();
  });
}
