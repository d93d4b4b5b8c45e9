// Imports the real published benchmark files from ../shared/data (see its SOURCES.md) and checks
// counts and spot values: SimpleQA, MATH-500, NoveltyBench prompts and generations, MacGyver.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { HAS_SHARED_DATA, sharedDataPath } from '../../../tests/shared-data';
import { parseDataset, sampleByGroup, type ImportedItem, type ParseResult } from './importers';

const read = (...parts: string[]): Uint8Array =>
  new Uint8Array(readFileSync(sharedDataPath(...parts)));
const load = (...parts: string[]): ParseResult => parseDataset(parts.at(-1)!, read(...parts));

/** Reads lazily: skipped suites still run their bodies, and the data may be absent. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

function countBy<T>(values: readonly T[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

const MODELS = [
  ['gpt-4o-2024-11-20', 'gpt-4o-2024-11-20'],
  ['claude-3-5-sonnet-v2-20241022', 'claude-3-5-sonnet-v2@20241022'],
  ['Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.1-8B-Instruct'],
  ['gemma-3-27b-it', 'gemma-3-27b-it'],
  ['claude-3-5-haiku-20241022', 'claude-3-5-haiku@20241022'],
] as const;

describe.skipIf(!HAS_SHARED_DATA)('real benchmark files', () => {
  describe('SimpleQA', () => {
    const result = once(() => load('simpleqa', 'simple_qa_test_set.csv'));

    it('reads all 4,326 rows as category A with short gold answers', () => {
      expect(result().format).toBe('simpleqa');
      expect(result().rowCount).toBe(4326);
      expect(result().items).toHaveLength(4326);
      expect(
        result().items.every((i) => i.category === 'A' && i.answerType === 'short' && i.answer),
      ).toBe(true);
      expect(new Set(result().items.map((i) => i.id)).size).toBe(4326);
    });

    it('keeps the six answers with quoted line breaks', () => {
      expect(
        result()
          .items.filter((i) => i.answer?.includes('\n'))
          .map((i) => i.id),
      ).toEqual([
        'simpleqa-1362',
        'simpleqa-2428',
        'simpleqa-2952',
        'simpleqa-3696',
        'simpleqa-4099',
        'simpleqa-4116',
      ]);
    });

    it('parses every metadata dict (topic, answer_type, urls)', () => {
      for (const item of result().items) {
        expect(Object.keys(item.meta ?? {}).sort()).toEqual(['answer_type', 'topic', 'urls']);
        expect(Array.isArray(item.meta?.urls)).toBe(true);
      }
      expect(countBy(result().items.map((i) => i.meta?.answer_type))).toEqual({
        Date: 1418,
        Person: 1041,
        Other: 777,
        Number: 663,
        Place: 427,
      });
    });

    it.each<[number, Partial<ImportedItem>]>([
      [
        0,
        {
          prompt: 'Who received the IEEE Frank Rosenblatt Award in 2010?',
          answer: 'Michio Sugeno',
        },
      ],
      [
        3,
        {
          prompt: 'In whose honor was the Leipzig 1877 tournament organized?',
          answer: 'Adolf Anderssen',
        },
      ],
    ])('row %i', (index, expected) => {
      expect(result().items[index]).toMatchObject(expected);
    });

    it('gives the same items from a CRLF copy', () => {
      const text = new TextDecoder().decode(read('simpleqa', 'simple_qa_test_set.csv'));
      expect(parseDataset('s.csv', text.replace(/\n/g, '\r\n')).items).toEqual(result().items);
    });

    it('points at the right physical line after the six multi-line records', () => {
      // 4,333 physical lines: an extra record starts on line 4,334.
      const text = new TextDecoder().decode(read('simpleqa', 'simple_qa_test_set.csv'));
      expect(() => parseDataset('s.csv', `${text}"{}",one,two,three\n`)).toThrow(
        /s\.csv, line 4334: This record has 4 fields/,
      );
    });
  });

  describe('MATH-500', () => {
    const result = once(() => load('math500.jsonl'));

    it('reads 500 category-D problems with unique ids and math answers', () => {
      expect(result().format).toBe('math500');
      expect(result().items).toHaveLength(500);
      expect(new Set(result().items.map((i) => i.id)).size).toBe(500);
      expect(result().items.every((i) => i.category === 'D' && i.answerType === 'math')).toBe(true);
      expect(result().items[0]).toMatchObject({
        id: 'test/precalculus/807.json',
        answer: '\\left( 3, \\frac{\\pi}{2} \\right)',
        meta: { subject: 'Precalculus', level: 2 },
      });
    });

    it('has 5 levels and 7 subjects to sample by, and 10 per level gives 50', () => {
      expect(Object.keys(countBy(result().items.map((i) => i.meta?.level)))).toEqual([
        '1',
        '2',
        '3',
        '4',
        '5',
      ]);
      expect(Object.keys(countBy(result().items.map((i) => i.meta?.subject)))).toHaveLength(7);
      const sample = sampleByGroup(result().items, 'level', 10, 2025);
      expect(sample).toHaveLength(50);
      expect(countBy(sample.map((i) => i.meta?.level))).toEqual({
        1: 10,
        2: 10,
        3: 10,
        4: 10,
        5: 10,
      });
    });
  });

  describe('NoveltyBench', () => {
    const curated = once(() => load('noveltybench', 'curated.jsonl'));

    it('maps the 100 curated prompts onto B, C, G and H', () => {
      expect(curated().format).toBe('noveltybench-curated');
      expect(curated().items).toHaveLength(100);
      expect(countBy(curated().items.map((i) => i.category))).toEqual({
        B: 28,
        C: 15,
        G: 27,
        H: 30,
      });
      expect(
        Object.fromEntries(curated().categoryMapping!.map((m) => [m.source, m.count])),
      ).toEqual({
        'Factual Knowledge': 28,
        'Subjective Rankings & Opinions': 23,
        Creativity: 20,
        'Random Generation & Selection': 15,
        'Character & Entity Naming': 7,
        'Product & Purchase Recommendations': 7,
      });
      expect(
        curated().items.every((i) => (i.meta?.prompt_paraphrases as unknown[]).length === 10),
      ).toBe(true);
    });

    it('reads the 200 WildChat prompts without a category', () => {
      const result = load('noveltybench', 'wildchat-1k.first200.jsonl');
      expect(result.format).toBe('noveltybench-wildchat');
      expect(result.items).toHaveLength(200);
      expect(
        result.items.every((i) => i.id?.startsWith('WildChat-') && i.category === undefined),
      ).toBe(true);
    });

    const curatedPrompt = once(() => new Map(curated().items.map((i) => [i.id, i.prompt])));

    describe.each(MODELS)('generations of %s', (dir, model) => {
      it.each(['generations.jsonl', 'partitions.jsonl', 'scores.jsonl'])(
        '%s: 100 prompts x 10 responses',
        (file) => {
          const result = load('noveltybench', 'generations', dir, file);
          expect(result.format).toBe('noveltybench-generations');
          expect(result.items).toHaveLength(100);
          for (const item of result.items) {
            expect(item.prompt).toBe(curatedPrompt().get(item.id));
            expect(item.responses).toHaveLength(10);
            expect(item.responses?.every((r) => r.model === model)).toBe(true);
          }
        },
      );

      it('reference class counts reproduce summary.json mean_distinct', () => {
        const result = load('noveltybench', 'generations', dir, 'partitions.jsonl');
        const summary = JSON.parse(
          new TextDecoder().decode(read('noveltybench', 'generations', dir, 'summary.json')),
        ) as {
          mean_distinct: number;
        };
        const classes = result.items.map((i) => i.meta?.reference_classes as number);
        expect(classes.reduce((a, b) => a + b, 0) / classes.length).toBeCloseTo(
          summary.mean_distinct,
          9,
        );
        // The published `distinct` is max(partition), one less than the class count.
        expect(
          result.items.every((i) => i.meta?.distinct === (i.meta?.reference_classes as number) - 1),
        ).toBe(true);
      });
    });

    it('reads humans.jsonl: 100 prompts with 8 human answers each', () => {
      const result = load('noveltybench', 'humans.jsonl');
      expect(result.items).toHaveLength(100);
      expect(
        result.items.every(
          (i) => i.responses?.length === 8 && i.responses.every((r) => r.model === 'human'),
        ),
      ).toBe(true);
      expect(result.items[0]).toMatchObject({
        id: 'curated-17',
        meta: { partition: [0, 1, 2, 3, 4, 0, 5, 6], distinct: 6, reference_classes: 7 },
      });
    });
  });

  describe('MacGyver', () => {
    it('reads problem_solution_pair.xlsx (shared strings): 1,683 problems', () => {
      const result = load('macgyver', 'problem_solution_pair.xlsx');
      expect(result.format).toBe('macgyver');
      expect(result.rowCount).toBe(1683);
      expect(result.items).toHaveLength(1683);
      expect(result.items.every((i) => i.category === 'E')).toBe(true);
      expect(countBy(result.items.map((i) => i.meta?.solvable))).toEqual({ Yes: 1306, No: 377 });
      expect(countBy(result.items.map((i) => i.meta?.unconventional))).toEqual({
        unconventional: 956,
        conventional: 350,
        'N/A': 377,
      });
      expect(result.items[0]).toMatchObject({
        id: '541',
        meta: { label: expect.any(String) as string },
      });
      expect(result.items[0]?.prompt).toMatch(/^You spilled red wine on the hotel carpet/);

      const results = JSON.parse(
        new TextDecoder().decode(read('macgyver', 'benchmark_results.json')),
      ) as Record<string, unknown>;
      const ids = new Set(result.items.map((i) => i.id));
      expect(Object.keys(results).filter((id) => !ids.has(id))).toEqual([]);
    });

    it('reads additional_human_solutions.xlsx (inline strings): 519 rows, 273 problems', () => {
      const result = load('macgyver', 'additional_human_solutions.xlsx');
      expect(result.format).toBe('macgyver');
      expect(result.rowCount).toBe(519);
      expect(result.items).toHaveLength(273);
      const solutions = result.items.map((i) => (i.meta?.solutions as unknown[]).length);
      expect(solutions.reduce((a, b) => a + b, 0)).toBe(519);
      expect(countBy(solutions)).toEqual({ 1: 27, 2: 246 });
      expect(result.items[0]).toMatchObject({ id: '2005', meta: { solvable: 'No' } });
      // Excel's &#13; line breaks arrive as plain LF.
      expect(result.items.some((i) => JSON.stringify(i.meta).includes('\\r'))).toBe(false);
    });
  });
});
