// Sentence embeddings from Gemini's batchEmbedContents, and the model list (`GET /v1beta/models`,
// the cheap call behind "Test key").
import type { EmbedOptions, EmbeddingEngine } from '../types';
import { GeminiConnection, type GeminiEngineConfig } from './gemini-connection';

/** Options of a Gemini embedding engine. */
export interface GeminiEmbeddingConfig extends GeminiEngineConfig {
  /** Texts per batchEmbedContents request (the API takes at most 100). */
  batchSize?: number;
  /** e.g. `SEMANTIC_SIMILARITY` (recommended for comparing responses). */
  taskType?: string;
  outputDimensionality?: number;
}

/** Sentence embeddings from Gemini's batchEmbedContents, L2-normalised. */
export class GeminiEmbeddingEngine implements EmbeddingEngine {
  readonly id: string;
  readonly providerId: string;
  readonly model: string;
  readonly location = 'cloud' as const;
  private readonly conn: GeminiConnection;
  private readonly batchSize: number;

  constructor(private readonly config: GeminiEmbeddingConfig) {
    this.conn = new GeminiConnection(config);
    this.providerId = config.providerId;
    this.model = config.model.replace(/^models\//, '');
    this.id = `${config.providerId}/${this.model}`;
    this.batchSize = Math.min(100, Math.max(1, config.batchSize ?? 100));
  }

  /** Embeds `texts` in batches; vectors come back in input order. */
  embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    return this.conn.embed(
      this.model,
      texts,
      this.batchSize,
      options,
      'an embedding without `values`',
      async (client, batch, ctx) => {
        const response = await client.models.embedContent({
          model: this.model,
          contents: batch.map((text) => ({ role: 'user', parts: [{ text }] })),
          config: {
            abortSignal: ctx.signal,
            ...(this.config.taskType && { taskType: this.config.taskType }),
            ...(this.config.outputDimensionality !== undefined && {
              outputDimensionality: this.config.outputDimensionality,
            }),
          },
        });
        const embeddings = response?.embeddings;
        return Array.isArray(embeddings) ? embeddings.map((e) => e.values) : undefined;
      },
    );
  }
}

/** Lists model ids (`GET /v1beta/models`): the cheap call behind "Test key". */
export async function listGeminiModels(
  config: Omit<GeminiEngineConfig, 'model'>,
  signal?: AbortSignal,
): Promise<string[]> {
  const conn = new GeminiConnection({ ...config, model: '' });
  return conn.run(undefined, signal, async (client, ctx) => {
    const pager = await client.models.list({ config: { abortSignal: ctx.signal } });
    const ids: string[] = [];
    for (const m of pager.page) if (m.name) ids.push(m.name.replace(/^models\//, ''));
    return ids.sort();
  });
}
