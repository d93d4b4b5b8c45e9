// The local embedding engine on transformers.js: batches embedded in the worker, with progress.
import type { EmbedOptions, EmbeddingEngine } from '../types';
import { TransformersEngineBase, type TransformersEngineOptions } from './engine-base';
import { TransformersAbortError } from './errors';

/** Options of the embedding engine. */
export interface TransformersEmbeddingOptions extends TransformersEngineOptions {
  /** Texts per inference call (default 32). */
  batchSize?: number;
  /** Pooling of token vectors (default mean, as sentence-transformers does for MiniLM). */
  pooling?: 'mean' | 'cls';
}

/**
 * Sentence embeddings on transformers.js, mean-pooled and L2-normalised, in a Web Worker.
 * Defaults to WASM rather than `auto`: MiniLM is fast on CPU, and one fixed device and dtype
 * keep vectors (and the embedding cache) identical across machines.
 */
export class TransformersEmbeddingEngine extends TransformersEngineBase implements EmbeddingEngine {
  readonly #batchSize: number;
  readonly #pooling: 'mean' | 'cls';

  /** @param options model, device, dtype, batch size, client and progress callback */
  constructor(options: TransformersEmbeddingOptions) {
    super('feature-extraction', 'wasm', options);
    this.#batchSize = Math.max(1, Math.floor(options.batchSize ?? 32));
    this.#pooling = options.pooling ?? 'mean';
  }

  /** Embed texts in input order, reporting progress after every batch. */
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    if (options.signal?.aborted) throw new TransformersAbortError();
    if (texts.length === 0) return [];
    const spec = await this.spec();
    await this.load({ signal: options.signal });
    const out = await this.client.request(
      {
        type: 'embed',
        params: {
          spec,
          texts: [...texts],
          batchSize: this.#batchSize,
          pooling: this.#pooling,
          normalize: true,
        },
      },
      {
        signal: options.signal,
        onEvent: (e) => {
          if (e.type === 'embed-progress') options.onProgress?.(e.done, e.total);
        },
      },
    );
    return out.vectors;
  }
}
