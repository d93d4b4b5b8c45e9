// Table tests of the result-point adapter: summary groups to rows, category fallback, contexts,
// missing measurements, stable ids, and the display order of strategies and models.

import { judgeCallSavings } from '../aggregate';
import { describe, expect, it } from 'vitest';
// Type-only: checks that the pipeline's real summary type fits the adapter's structural input.
import type { GroupSummary, RunSummary } from '../../pipeline/results';
import type { NormativeContext } from '../mmhs';
import type { CategoryId } from '../taxonomy';
import {
  importedSourceOf,
  importedStrategyId,
  importedStrategyLabel,
  orderModels,
  orderStrategies,
  pointId,
  pointsFromSummary,
  type PointsFromSummaryOptions,
  type ResultPoint,
  type SummaryGroupLike,
} from './points';
import { referenceMarksFor } from './category-diversity';

function group(overrides: Partial<SummaryGroupLike> = {}): SummaryGroupLike {
  return {
    promptId: 'p1',
    model: 'openai/gpt-4o',
    strategy: 'temperature',
    category: 'G',
    responses: 5,
    meanClassCount: 3,
    general: { vocabulary: 0.6, embedding: 0.2, compression: 2.5 },
    quality: 4.5,
    accuracy: null,
    ...overrides,
  };
}

describe('pointId', () => {
  it.each([
    ['p1', 'm', 's', 'p1/m/s'],
    ['p1', 'openai/gpt-4o', 'temperature', 'p1/openai%2Fgpt-4o/temperature'],
    ['a/b', 'c', 'd', 'a%2Fb/c/d'],
    ['a', 'b/c', 'd', 'a/b%2Fc/d'],
    ['', '', '', '//'],
    ['问题 1', 'ü', 's', '%E9%97%AE%E9%A2%98%201/%C3%BC/s'],
  ])('pointId(%j, %j, %j) = %j', (p, m, s, expected) => {
    expect(pointId(p, m, s)).toBe(expected);
  });

  it('never collides when a separator moves between parts', () => {
    expect(pointId('a/b', 'c', 'd')).not.toBe(pointId('a', 'b/c', 'd'));
  });
});

describe('pointsFromSummary', () => {
  it.each<[string, SummaryGroupLike, PointsFromSummaryOptions, Partial<ResultPoint>]>([
    [
      'a fully measured group',
      group(),
      {},
      {
        id: 'p1/openai%2Fgpt-4o/temperature',
        category: 'G',
        k: 5,
        classCount: 3,
        vocabulary: 0.6,
        embedding: 0.2,
        compression: 2.5,
        quality: 4.5,
        accuracy: null,
        contexts: ['interactional'],
      },
    ],
    [
      'no general metrics and no judge',
      group({ general: null, meanClassCount: null, quality: null }),
      {},
      { classCount: null, vocabulary: null, embedding: null, compression: null, quality: null },
    ],
    [
      'accuracy rate carried over; null rate stays null',
      group({ category: 'A', accuracy: { rate: 0.8 } }),
      {},
      { accuracy: 0.8, contexts: ['epistemic'] },
    ],
    [
      'accuracy without graded responses',
      group({ accuracy: { rate: null } }),
      {},
      { accuracy: null },
    ],
    [
      'category from the prompt when the group has none',
      group({ category: undefined }),
      { promptCategory: () => 'D' },
      { category: 'D', contexts: ['epistemic', 'interactional'] },
    ],
    [
      'the judged category wins over the prompt category',
      group({ category: 'A' }),
      { promptCategory: () => 'D' },
      { category: 'A' },
    ],
    ['no category anywhere', group({ category: undefined }), {}, { category: null, contexts: [] }],
    [
      'conditional contexts on request',
      group({ category: 'H' }),
      { includeConditional: true },
      { contexts: ['interactional', 'societal', 'epistemic', 'safety'] },
    ],
    [
      'conditional contexts left out by default',
      group({ category: 'H' }),
      {},
      { contexts: ['interactional', 'societal'] },
    ],
    [
      'custom contexts (e.g. edited by the user)',
      group(),
      { contexts: (): NormativeContext[] => ['safety'] },
      { contexts: ['safety'] },
    ],
    ['k from the experiment', group({ responses: 3 }), { k: 5 }, { k: 5 }],
    ['k defaults to the stored responses', group({ responses: 3 }), {}, { k: 3 }],
    [
      'non-finite numbers become null',
      group({
        meanClassCount: Number.NaN,
        quality: Number.POSITIVE_INFINITY,
        general: { vocabulary: Number.NaN, embedding: null, compression: 2 },
      }),
      {},
      { classCount: null, quality: null, vocabulary: null, embedding: null, compression: 2 },
    ],
  ])('%s', (_label, g, options, expected) => {
    const [p] = pointsFromSummary({ groups: [g] }, options);
    expect(p).toMatchObject(expected);
  });

  it("accepts summarizeRun's RunSummary unchanged", () => {
    const g: GroupSummary = {
      promptId: 'q',
      model: 'local/llama',
      strategy: 'icr-general',
      comparedAs: 'icr-general',
      category: 'F',
      responses: 4,
      classCounts: [
        { judge: 'j1', classCount: 2, failedPairs: 0 },
        { judge: 'j2', classCount: 3, failedPairs: 1 },
      ],
      meanClassCount: 2.5,
      general: { vocabulary: 0.5, embedding: null, compression: 1.8 },
      quality: 3.5,
      accuracy: { correct: 1, graded: 4, rate: 0.25 },
      judgeCalls: judgeCallSavings([]),
    };
    const summary: RunSummary = {
      groups: [g],
      judgeCalls: judgeCallSavings([]),
      classifiers: [],
    };
    expect(pointsFromSummary(summary)).toEqual([
      {
        id: 'q/local%2Fllama/icr-general',
        promptId: 'q',
        category: 'F',
        model: 'local/llama',
        strategy: 'icr-general',
        k: 4,
        classCount: 2.5,
        vocabulary: 0.5,
        embedding: null,
        compression: 1.8,
        quality: 3.5,
        accuracy: 0.25,
        contexts: ['epistemic', 'societal'],
      },
    ]);
  });

  it('keeps the summary order and maps every group', () => {
    const groups = [group({ promptId: 'b' }), group({ promptId: 'a' }), group({ promptId: 'c' })];
    expect(pointsFromSummary({ groups }).map((p) => p.promptId)).toEqual(['b', 'a', 'c']);
    expect(pointsFromSummary({ groups: [] })).toEqual([]);
  });

  it('passes the category to the contexts callback', () => {
    const seen: [string, CategoryId][] = [];
    pointsFromSummary(
      { groups: [group({ promptId: 'x', category: 'B' })] },
      {
        contexts: (promptId, category) => {
          seen.push([promptId, category]);
          return [];
        },
      },
    );
    expect(seen).toEqual([['x', 'B']]);
  });
});

describe('imported groups', () => {
  it('are shown under their own strategy while their id keeps the stored key', () => {
    const [p] = pointsFromSummary({
      groups: [
        {
          promptId: 'q',
          model: 'imported/gpt',
          strategy: 'temperature',
          comparedAs: importedStrategyId('gens.jsonl'),
          responses: 3,
          meanClassCount: 2,
          general: null,
          quality: null,
          accuracy: null,
        },
      ],
    });
    expect(p?.strategy).toBe('imported:gens.jsonl');
    expect(p?.id).toBe(pointId('q', 'imported/gpt', 'temperature'));
  });

  it.each<[string, string | null, string | null]>([
    ['imported:gens.jsonl', 'gens.jsonl', 'Imported (gens.jsonl)'],
    ['imported:', '', 'Imported ()'],
    ['temperature', null, null],
    ['imported', null, null],
  ])('%s', (id, source, label) => {
    expect(importedSourceOf(id)).toBe(source);
    expect(importedStrategyLabel(id)).toBe(label);
  });

  it("get no paper reference values and sort after the paper's strategies", () => {
    expect(referenceMarksFor('B', importedStrategyId('x'))).toEqual([]);
    expect(referenceMarksFor('B', 'temperature')).not.toEqual([]);
    expect(orderStrategies([importedStrategyId('x'), 'temperature'])).toEqual([
      'temperature',
      'imported:x',
    ]);
  });
});

describe('orderStrategies / orderModels', () => {
  it.each<[string[], string[]]>([
    [[], []],
    [
      ['icr-task-anchored', 'temperature', 'system-general'],
      ['temperature', 'system-general', 'icr-task-anchored'],
    ],
    [
      ['zeta', 'temperature', 'alpha', 'temperature'],
      ['temperature', 'alpha', 'zeta'],
    ],
    [
      ['icr-general', 'system-task-anchored', 'custom'],
      ['system-task-anchored', 'icr-general', 'custom'],
    ],
  ])('orderStrategies(%j) = %j', (input, expected) => {
    expect(orderStrategies(input)).toEqual(expected);
  });

  it.each<[string[], string[]]>([
    [[], []],
    [
      ['openai/gpt-4o', 'anthropic/claude', 'openai/gpt-4o'],
      ['anthropic/claude', 'openai/gpt-4o'],
    ],
    [
      ['b', 'B', 'a'],
      ['B', 'a', 'b'],
    ],
  ])('orderModels(%j) = %j', (input, expected) => {
    expect(orderModels(input)).toEqual(expected);
  });
});
