// @vitest-environment node
// Real transformers.js inference (onnxruntime-node) through TransformersRunner on the tiny
// generated models: embedding geometry, batching, and generation limits, stops and sampling.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GENERATED_DIR,
  TINY_EMBED_DIMS,
  TINY_EMBED_MODEL,
  TINY_GEN_MODEL,
  makeTinyModels,
} from '../../../../tests/fixtures/make-tiny-models';
import { TransformersAbortError, TransformersLoadError, TransformersRequestError } from './errors';
import type { GenerateParams, LoadSpec } from './protocol';
import { TransformersRunner } from './runner';

const EMBED: LoadSpec = {
  task: 'feature-extraction',
  model: TINY_EMBED_MODEL,
  device: 'cpu',
  dtype: 'fp32',
};
const GEN: LoadSpec = {
  task: 'text-generation',
  model: TINY_GEN_MODEL,
  device: 'cpu',
  dtype: 'fp32',
};

let runner: TransformersRunner;

beforeAll(() => {
  makeTinyModels(GENERATED_DIR);
  runner = new TransformersRunner({
    env: { allowRemoteModels: false, allowLocalModels: true, localModelPath: GENERATED_DIR },
  });
});

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

async function embed(texts: string[], batchSize = 8): Promise<Float32Array[]> {
  const out = await runner.embed({
    spec: EMBED,
    texts,
    batchSize,
    pooling: 'mean',
    normalize: true,
  });
  return out.vectors;
}

describe('embeddings on the tiny model', () => {
  it.each([
    [
      'shared words',
      'the cat sat on the mat',
      'a cat sat on a rug',
      'stock markets fell sharply today',
    ],
    [
      'music',
      'I play the guitar and the piano',
      'she played a song on the piano',
      'cold rain and snow at night',
    ],
    ['science', 'quantum physics theory', 'the theory of quantum energy', 'happy dogs eat bread'],
    ['case and accents fold', 'Café au lait', 'cafe au lait', 'the red car on the road'],
  ])('%s: similar texts are closer than unrelated ones', async (_label, anchor, similar, other) => {
    const [a, s, o] = await embed([anchor, similar, other]);
    expect(cosine(a!, s!)).toBeGreaterThan(cosine(a!, o!) + 0.1);
  });

  it.each([
    ['one word', 'hello'],
    ['empty text', ''],
    ['unicode', 'ünïcödé ☕ 東京'],
    ['long single word', 'a'.repeat(500)],
    ['many words', 'the cat sat on the mat '.repeat(40)],
  ])('%s: right dims, L2-normalised, finite', async (_label, text) => {
    const [v] = await embed([text]);
    expect(v).toHaveLength(TINY_EMBED_DIMS);
    expect(v!.every(Number.isFinite)).toBe(true);
    expect(norm(v!)).toBeCloseTo(1, 5);
  });

  it('identical texts give identical vectors', async () => {
    const [a, b] = await embed(['the same text', 'the same text']);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it.each([[1], [2], [3], [16]])('batch size %i gives the single-text results', async (size) => {
    const texts = ['a cat', 'the cat sat on the mat', '', 'stock markets fell', 'hello world'];
    const batched = await embed(texts, size);
    const single = await Promise.all(texts.map(async (t) => (await embed([t], 1))[0]!));
    expect(batched).toHaveLength(texts.length);
    batched.forEach((v, i) => {
      Array.from(v).forEach((x, j) => expect(x).toBeCloseTo(single[i]![j]!, 5));
    });
  });

  it.each([
    [5, 2, [2, 4, 5]],
    [3, 3, [3]],
    [1, 10, [1]],
    [0, 4, []],
  ])('%i texts in batches of %i report progress %j', async (count, size, expected) => {
    const seen: number[] = [];
    const out = await runner.embed(
      {
        spec: EMBED,
        texts: Array.from({ length: count }, (_, i) => `text ${i}`),
        batchSize: size,
        pooling: 'mean',
        normalize: true,
      },
      {
        onProgress: (done, total) => {
          seen.push(done);
          expect(total).toBe(count);
        },
      },
    );
    expect(seen).toEqual(expected);
    expect(out.vectors).toHaveLength(count);
  });

  it('rejects a cancelled request', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runner.embed(
        { spec: EMBED, texts: ['x'], batchSize: 1, pooling: 'mean', normalize: true },
        { signal: controller.signal },
      ),
    ).rejects.toBeInstanceOf(TransformersAbortError);
  });

  it.each([
    ['zero batch size', { spec: EMBED, batchSize: 0 }, TransformersRequestError],
    ['generation model', { spec: GEN, batchSize: 1 }, TransformersRequestError],
    [
      'missing model',
      { spec: { ...EMBED, model: 'no-such-model' }, batchSize: 1 },
      TransformersLoadError,
    ],
  ])('%s fails with a clear error', async (_label, partial, errorClass) => {
    const promise = runner.embed({ texts: ['x'], pooling: 'mean', normalize: true, ...partial });
    await expect(promise).rejects.toBeInstanceOf(errorClass);
  });

  it('names the model and the next step when loading fails', async () => {
    const err = await runner.load({ ...EMBED, model: 'no-such-model' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransformersLoadError);
    expect((err as Error).message).toMatch(/"no-such-model".*try again/s);
  });
});

function gen(content: string, extra: Partial<GenerateParams> = {}): GenerateParams {
  return {
    spec: GEN,
    messages: [{ role: 'user', content }],
    maxNewTokens: 20,
    temperature: 0,
    ...extra,
  };
}

describe('generation on the tiny model', () => {
  it.each([
    ['count one', 3, 'two three four', 'length', 3],
    ['count one', 1, 'two', 'length', 1],
    ['count one', 20, 'two three four five six seven eight nine ten', 'stop', 9],
    ['count one', 9, 'two three four five six seven eight nine ten', 'length', 9],
    ['count eight', 5, 'nine ten', 'stop', 2],
    ['count ten', 5, '', 'stop', 0],
    ['COUNT ONE', 2, 'two three', 'length', 2],
  ])('greedy "%s", max %i -> "%s" (%s)', async (prompt, max, text, finish, tokens) => {
    const out = await runner.generate(gen(prompt, { maxNewTokens: max }));
    expect(out).toMatchObject({
      text,
      finishReason: finish,
      completionTokens: tokens,
      sampled: false,
    });
    expect(out.promptTokens).toBe(2);
  });

  it.each([
    [['five'], 'two three four '],
    [['three', 'six'], 'two '],
    [['nothing-like-this'], 'two three four five six seven eight nine ten'],
  ])('stop %j cuts the reply', async (stop, text) => {
    const out = await runner.generate(gen('count one', { stop }));
    expect(out.text).toBe(text);
    expect(out.finishReason).toBe('stop');
  });

  it.each([[1], [5], [12]])('sampling never exceeds max_new_tokens (%i)', async (max) => {
    for (const seed of [1, 2, 3]) {
      const out = await runner.generate(gen('hello', { maxNewTokens: max, temperature: 1, seed }));
      expect(out.sampled).toBe(true);
      expect(out.completionTokens).toBeLessThanOrEqual(max);
      expect(out.finishReason === 'length').toBe(out.completionTokens === max);
    }
  });

  it('a seed makes sampling reproducible, different seeds differ', async () => {
    const sample = (seed: number) =>
      runner
        .generate(gen('hello', { maxNewTokens: 8, temperature: 1.5, seed }))
        .then((o) => o.text);
    const a = await sample(11);
    expect(await sample(11)).toBe(a);
    const others = await Promise.all([12, 13, 14].map(sample));
    expect(new Set([a, ...others]).size).toBeGreaterThan(2);
  });

  it('a tiny top_p reduces sampling to greedy decoding', async () => {
    const greedy = await runner.generate(gen('hello', { maxNewTokens: 8 }));
    for (const seed of [1, 2, 3]) {
      const out = await runner.generate(
        gen('hello', { maxNewTokens: 8, temperature: 1, topP: 0.001, seed }),
      );
      expect(out.text).toBe(greedy.text);
      expect(out.topP).toBe(0.001);
    }
  });

  it('streamed deltas add up to the final text', async () => {
    const deltas: string[] = [];
    const out = await runner.generate(gen('count one', { stream: true }), {
      onToken: (d) => deltas.push(d),
    });
    expect(deltas.join('')).toBe(out.text);
    expect(deltas.length).toBeGreaterThan(3);
  });

  it('stops at the next token when aborted mid-generation', async () => {
    const controller = new AbortController();
    let afterAbort = 0;
    const promise = runner.generate(gen('hello', { maxNewTokens: 200, stream: true }), {
      signal: controller.signal,
      onToken: () => {
        if (controller.signal.aborted) afterAbort++;
        controller.abort();
      },
    });
    await expect(promise).rejects.toBeInstanceOf(TransformersAbortError);
    expect(afterAbort).toBe(0);
  });

  it.each([
    ['zero max tokens', { maxNewTokens: 0 }],
    ['fractional max tokens', { maxNewTokens: 2.5 }],
    ['embedding model', { spec: EMBED }],
  ])('%s is rejected', async (_label, extra) => {
    await expect(runner.generate(gen('count one', extra))).rejects.toBeInstanceOf(
      TransformersRequestError,
    );
  });
});
