// General-metrics stage: vocabulary, compression and embedding distance of one group, with an
// embedding function that works, fails or returns the wrong number of vectors.

import { describe, expect, it } from 'vitest';
import { compressionRatio, vocabularyDiversity } from '../core/metrics';
import { computeGeneralMetrics } from './general-metrics';

type Embed = (texts: readonly string[]) => Promise<ArrayLike<number>[]>;

const oneHot: Embed = async (texts) => texts.map((t) => (t.startsWith('a') ? [1, 0] : [0, 1]));

describe('computeGeneralMetrics', () => {
  it.each<[string, string[], Embed | undefined, number | null, RegExp | undefined]>([
    ['no embedding engine', ['a b', 'c d'], undefined, null, undefined],
    ['orthogonal embeddings', ['a x', 'b y'], oneHot, 1, undefined],
    ['identical texts', ['a x', 'a x'], oneHot, 0, undefined],
    ['one response: nothing to compare', ['a x'], oneHot, 0, undefined],
    ['embedding fails', ['a', 'b'], async () => Promise.reject(new Error('OOM')), null, /OOM/],
    ['wrong number of vectors', ['a', 'b'], async () => [[1, 0]], null, /expected 2 embeddings/],
    ['mismatched dimensions', ['a', 'b'], async () => [[1, 0], [1]], null, /lengths differ/],
  ])('%s', async (_label, texts, embed, embedding, error) => {
    const out = await computeGeneralMetrics(texts, embed);
    expect(out.vocabulary).toBeCloseTo(vocabularyDiversity(texts));
    expect(out.compression).toBeCloseTo(compressionRatio(texts));
    expect(out.embedding === null ? null : Number(out.embedding.toFixed(6))).toBe(embedding);
    if (error === undefined) expect(out.embeddingError).toBeUndefined();
    else expect(out.embeddingError).toMatch(error);
  });

  it('lets a cancellation through instead of recording it', async () => {
    const controller = new AbortController();
    controller.abort();
    const embed: Embed = async () => Promise.reject(new Error('aborted'));
    await expect(computeGeneralMetrics(['a', 'b'], embed, controller.signal)).rejects.toThrow(
      'aborted',
    );
  });
});
