// Tests for the general diversity metrics: hand-computed tables, unicode and edge cases. The
// byte-exact comparison of the compression ratio with Python's gzip is metrics.compression.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compressionRatio,
  compressionSizes,
  cosineDistance,
  embeddingDiversity,
  meanPairwise,
  summarizeGeneralMetrics,
  vocabularyDistance,
  vocabularyDiversity,
  words,
} from './metrics';
import { sharedDataPath } from '../../../tests/shared-data';

const GENERATIONS = sharedDataPath(
  'noveltybench',
  'generations',
  'gpt-4o-2024-11-20',
  'generations.jsonl',
);

interface GenerationRow {
  id: string;
  generations: string[];
}

function readGenerations(): GenerationRow[] {
  return readFileSync(GENERATIONS, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as GenerationRow);
}

/** Deterministic pseudo-random lower-case text (LCG), so the test never flakes. */
function pseudoRandomText(length: number): string {
  let state = 12345;
  let text = '';
  for (let k = 0; k < length; k += 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += 'abcdefghijklmnopqrstuvwxyz '[state % 27];
  }
  return text;
}

describe('words', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['  ... !? ', []],
    ['Hello, World!', ['hello', 'world']],
    ['the the THE', ['the', 'the', 'the']],
    ['Café crème', ['café', 'crème']],
    ['Cafe\u0301', ['café']], // decomposed accent joins the word after NFC
    ['ÉCOLE', ['école']],
    ['中文 测试', ['中文', '测试']],
    ['GPT-4o scored 98.5%', ['gpt', '4o', 'scored', '98', '5']],
    ['٣ apples', ['٣', 'apples']], // Arabic-Indic digit is \p{N}
    ["don't", ['don', 't']],
  ])('words(%j) = %j', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });
});

describe('vocabularyDistance', () => {
  it.each<[string, string, number]>([
    ['the cat', 'the dog', 1 - 1 / 3],
    ['the cat', 'the cat', 0],
    ['The CAT!', 'the cat', 0],
    ['cat cat cat', 'cat', 0],
    ['', '', 0],
    ['...', '!!!', 0],
    ['cat', '', 1],
    ['cat', 'dog', 1],
    ['a b c', 'c d', 1 - 1 / 4],
    ['café au lait', 'CAFÉ noir', 1 - 1 / 4],
    ['中文 很好', '中文', 1 - 1 / 2],
    ['route 66', 'route 67', 1 - 1 / 3],
  ])('vocabularyDistance(%j, %j) = %d', (a, b, expected) => {
    expect(vocabularyDistance(a, b)).toBeCloseTo(expected, 12);
    expect(vocabularyDistance(b, a)).toBeCloseTo(expected, 12);
  });
});

describe('cosineDistance', () => {
  it.each<[string, ArrayLike<number>, ArrayLike<number>, number]>([
    ['orthogonal', [1, 0], [0, 1], 1],
    ['identical', [1, 0], [1, 0], 0],
    ['opposite', [1, 0], [-1, 0], 2],
    ['45 degrees', [1, 1], [1, 0], 1 - 1 / Math.SQRT2],
    ['parallel, scaled', [3, 4], [6, 8], 0],
    ['3-d', [1, 2, 3], [4, 5, 6], 1 - 32 / Math.sqrt(14 * 77)],
    ['both zero', [0, 0], [0, 0], 0],
    ['both empty', [], [], 0],
    ['first zero', [0, 0], [1, 2], 1],
    ['second zero', [1, 2], [0, 0], 1],
    ['typed array vs array', new Float32Array([1, 2, 3]), [1, 2, 3], 0],
  ])('%s', (_name, u, v, expected) => {
    expect(cosineDistance(u, v)).toBeCloseTo(expected, 6);
    expect(cosineDistance(v, u)).toBeCloseTo(expected, 6);
  });

  it.each<[number[]]>([[[0.1, 0.2, 0.3]], [[1e-3, 7, -2.5, 1 / 3]], [[0.7, 0.7, 0.7]]])(
    'a vector is at distance ~0 (never negative) from itself: %j',
    (v) => {
      const d = cosineDistance(v, v);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(1e-12);
    },
  );

  it.each<[string, ArrayLike<number>, ArrayLike<number>, RegExp]>([
    ['length mismatch', [1, 2], [1], /lengths differ \(2 vs 1\)/],
    ['empty vs non-empty', [], [1], /lengths differ \(0 vs 1\)/],
    ['NaN component', [Number.NaN, 1], [1, 1], /non-finite/],
    ['infinite component', [1, 1], [Infinity, 1], /non-finite/],
  ])('throws RangeError on %s', (_name, u, v, message) => {
    expect(() => cosineDistance(u, v)).toThrow(RangeError);
    expect(() => cosineDistance(u, v)).toThrow(message);
  });
});

describe('compressionRatio', () => {
  it.each<[string, string[], number]>([
    ['no texts', [], 0],
    ['one empty text', [''], 0],
    // ' ' (1 byte): 10-byte header + 3-byte fixed-Huffman block (3+8+7 bits) + 8-byte trailer.
    ['two empty texts join to one space', ['', ''], 1 / 21],
    // 'é' is 2 UTF-8 bytes; literals >= 144 take 9 bits: 3+9+9+7 = 28 bits -> 4 bytes.
    ['one two-byte character', ['é'], 2 / 22],
  ])('%s', (_name, texts, expected) => {
    expect(compressionRatio(texts)).toBeCloseTo(expected, 12);
  });

  it.each<[string, string[], string]>([
    ['joins with one space', ['a', 'b'], 'a b'],
    ['joins unicode', ['中文', 'é', '1'], '中文 é 1'],
  ])('%s', (_name, texts, joined) => {
    expect(compressionRatio(texts)).toBe(compressionRatio([joined]));
  });

  it.each<[string, string[], string[]]>([
    ['repeated string vs pseudo-random text', ['abc '.repeat(500)], [pseudoRandomText(2000)]],
    [
      'identical responses vs distinct responses',
      Array.from({ length: 5 }, () => 'One source of protein is chicken.'),
      ['Chicken.', 'Lentils are great.', 'Try tofu!', 'Greek yogurt works', 'Eggs, of course'],
    ],
  ])('%s: the repetitive set compresses better', (_name, repetitive, varied) => {
    expect(compressionRatio(repetitive)).toBeGreaterThan(compressionRatio(varied));
  });

  it('uses UTF-8 byte lengths, not UTF-16 code units', () => {
    // 'é'.repeat(1000) is 2000 UTF-8 bytes but 1000 UTF-16 units; the ratio must reflect 2000.
    const sizes = compressionSizes(['é'.repeat(1000)]);
    expect(sizes.utf8Bytes).toBe(2000);
    expect(compressionRatio(['é'.repeat(1000)])).toBe(2000 / sizes.gzipBytes);
  });

  it('ranks the all-identical NoveltyBench row above a creative-writing row', () => {
    const rows = readGenerations();
    const identical = rows.find((row) => row.id === 'curated-79'); // 10x the same sentence
    const creative = rows.find((row) => row.id === 'curated-18'); // 10 distinct stories
    expect(identical).toBeDefined();
    expect(creative).toBeDefined();
    expect(compressionRatio(identical?.generations ?? [])).toBeGreaterThan(
      compressionRatio(creative?.generations ?? []) + 1,
    );
  });
});

describe('meanPairwise', () => {
  const absDiff = (a: number, b: number): number => Math.abs(a - b);

  it.each<[number[], number]>([
    [[], 0],
    [[7], 0],
    [[1, 2], 1],
    [[1, 2, 4], (1 + 3 + 2) / 3],
    [[0, 0, 0], 0],
    [[0, 10, 0, 10], (10 + 0 + 10 + 10 + 0 + 10) / 6],
  ])('meanPairwise(%j, |a-b|) = %d', (items, expected) => {
    expect(meanPairwise(items, absDiff)).toBeCloseTo(expected, 12);
  });

  it.each<[number, number]>([
    [0, 0],
    [1, 0],
    [2, 1],
    [5, 10],
  ])('calls the distance once per unordered pair (%i items -> %i calls)', (n, calls) => {
    const seen: string[] = [];
    meanPairwise(
      Array.from({ length: n }, (_, k) => k),
      (a, b) => {
        seen.push(`${a}-${b}`);
        return 0;
      },
    );
    expect(seen).toHaveLength(calls);
    expect(new Set(seen).size).toBe(calls);
  });
});

describe('vocabularyDiversity', () => {
  it.each<[string[], number]>([
    [[], 0],
    [['only one response'], 0],
    [['same text', 'same text'], 0],
    [['', ''], 0],
    [['the cat', 'the dog'], 2 / 3],
    // cat/dog 2/3; 'a bird' shares nothing with either -> 1 and 1.
    [['the cat', 'the dog', 'a bird'], (2 / 3 + 1 + 1) / 3],
    [['中文', '中文 测试'], 1 / 2],
  ])('vocabularyDiversity(%j) = %d', (texts, expected) => {
    expect(vocabularyDiversity(texts)).toBeCloseTo(expected, 12);
  });
});

describe('embeddingDiversity', () => {
  it.each<[number[][], number]>([
    [[], 0],
    [[[1, 2]], 0],
    [
      [
        [1, 0],
        [1, 0],
      ],
      0,
    ],
    [
      [
        [1, 0],
        [0, 1],
        [1, 0],
      ],
      (1 + 0 + 1) / 3,
    ],
    [
      [
        [1, 0],
        [-1, 0],
      ],
      2,
    ],
  ])('embeddingDiversity(%j) = %d', (vectors, expected) => {
    expect(embeddingDiversity(vectors)).toBeCloseTo(expected, 12);
  });

  it('throws RangeError on vectors of different lengths', () => {
    expect(() => embeddingDiversity([[1, 0], [1]])).toThrow(RangeError);
  });
});

describe('summarizeGeneralMetrics', () => {
  it.each<[string, string[], number[][] | undefined, number | null, number]>([
    ['without embeddings', ['the cat', 'the dog'], undefined, null, 2 / 3],
    [
      'with embeddings',
      ['the cat', 'the dog'],
      [
        [1, 0],
        [0, 1],
      ],
      1,
      2 / 3,
    ],
    ['no responses', [], [], 0, 0],
  ])('%s', (_name, texts, embeddings, embedding, vocabulary) => {
    const summary = summarizeGeneralMetrics(texts, embeddings);
    expect(summary.vocabulary).toBeCloseTo(vocabulary, 12);
    if (embedding === null) expect(summary.embedding).toBeNull();
    else expect(summary.embedding).toBeCloseTo(embedding, 12);
    expect(summary.compression).toBe(compressionRatio(texts));
  });

  it('throws RangeError when embeddings and texts differ in number', () => {
    expect(() => summarizeGeneralMetrics(['a', 'b'], [[1, 0]])).toThrow(/1 embeddings for 2 texts/);
  });
});
