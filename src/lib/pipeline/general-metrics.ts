// General-metrics stage: vocabulary distance, gzip compression ratio and, with an embedding
// engine, embedding distance of one group's responses (the paper's task-agnostic baselines).

import { compressionRatio, embeddingDiversity, vocabularyDiversity } from '../core/metrics';

/** The metrics of one group, plus why the embedding metric is missing if it is. */
export interface GeneralMetricsOutcome {
  vocabulary: number;
  compression: number;
  /** Null without an embedding function or when embedding failed. */
  embedding: number | null;
  embeddingError?: string;
}

/**
 * Computes the general metrics of a group's responses. An embedding failure (after the engine's
 * retries) does not fail the other two metrics: it is reported as `embeddingError`, unless the
 * run was cancelled, in which case the cancellation propagates.
 * @param texts The responses.
 * @param embed Embeds texts (one vector per text), e.g. through the runner's limited wrapper.
 * @param signal The run's abort signal.
 */
export async function computeGeneralMetrics(
  texts: readonly string[],
  embed?: (texts: readonly string[]) => Promise<ArrayLike<number>[]>,
  signal?: AbortSignal,
): Promise<GeneralMetricsOutcome> {
  const vocabulary = vocabularyDiversity(texts);
  const compression = compressionRatio(texts);
  if (embed === undefined || texts.length < 2) {
    return { vocabulary, compression, embedding: embed === undefined ? null : 0 };
  }
  try {
    const vectors = await embed(texts);
    if (vectors.length !== texts.length) {
      return {
        vocabulary,
        compression,
        embedding: null,
        embeddingError: `expected ${texts.length} embeddings, got ${vectors.length}`,
      };
    }
    return { vocabulary, compression, embedding: embeddingDiversity(vectors) };
  } catch (err) {
    if (signal?.aborted) throw err;
    const message = err instanceof Error ? err.message : String(err);
    return { vocabulary, compression, embedding: null, embeddingError: message };
  }
}
