// Tests of the Experiments area's run formatting: unit ids decoded back into their parts, unit
// descriptions, the summary table built from a run summary, and number formats.
import { judgeCallSavings } from '../core/aggregate';
import { describe, expect, it } from 'vitest';
import {
  accuracyUnitId,
  checklistUnitId,
  classifyUnitId,
  gradeUnitId,
  judgeUnitId,
  metricsUnitId,
  sampleUnitId,
} from '../pipeline/ids';
import { parseExperiment, type ExperimentDefinition } from '../pipeline/experiment';
import { emptyGroup, type GroupSummary, type RunSummary } from '../pipeline/results';
import {
  describeUnit,
  formatCost,
  formatDuration,
  formatQuality,
  formatRange,
  parseUnitId,
  promptLabel,
  summaryRows,
  type UnitParts,
} from './run-summary';

const RUN = 'run:1%';
const NO_JUDGING = judgeCallSavings([]);

function definition(extra: Record<string, unknown> = {}): ExperimentDefinition {
  const parsed = parseExperiment({
    prompts: [
      { id: 'p1', text: 'Name a prime number greater than 100.', category: 'B' },
      { id: 'p:2', text: 'Write a story about a lighthouse keeper who finds a message.' },
    ],
    generators: ['ollama/llama3:8b'],
    judges: ['openai/gpt-4o'],
    strategies: ['temperature', 'system-general'],
    ...extra,
  });
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  return parsed.value;
}

describe('parseUnitId', () => {
  it.each<[string, string, UnitParts]>([
    [
      'classify',
      classifyUnitId(RUN, 'ollama/llama3:8b', 'p:2'),
      { kind: 'classify', model: 'ollama/llama3:8b', promptId: 'p:2' },
    ],
    [
      'sample one',
      sampleUnitId(RUN, 'm', 'p1', 'temperature', 3),
      { kind: 'sample', model: 'm', promptId: 'p1', strategy: 'temperature', index: 3 },
    ],
    [
      'sample all',
      sampleUnitId(RUN, 'm', 'p1', 'system-general', 'all'),
      { kind: 'sample', model: 'm', promptId: 'p1', strategy: 'system-general', index: 'all' },
    ],
    [
      'judge',
      judgeUnitId(RUN, 'j%1', 'm', 'p1', 'icr-general'),
      { kind: 'judge', judge: 'j%1', model: 'm', promptId: 'p1', strategy: 'icr-general' },
    ],
    [
      'metrics',
      metricsUnitId(RUN, 'm', 'p1', 'temperature'),
      { kind: 'metrics', model: 'm', promptId: 'p1', strategy: 'temperature' },
    ],
    [
      'checklist',
      checklistUnitId(RUN, 'j', 'p1'),
      { kind: 'checklist', judge: 'j', promptId: 'p1' },
    ],
    [
      'grade',
      gradeUnitId(RUN, 'j', 'm', 'p1', 'temperature', 0),
      { kind: 'grade', judge: 'j', model: 'm', promptId: 'p1', strategy: 'temperature', index: 0 },
    ],
    [
      'accuracy',
      accuracyUnitId(RUN, 'm', 'é東', 'icr-task-anchored', 4),
      { kind: 'accuracy', model: 'm', promptId: 'é東', strategy: 'icr-task-anchored', index: 4 },
    ],
  ])('%s', (_name, id, expected) => {
    expect(parseUnitId(id, RUN)).toEqual(expected);
  });

  it.each([
    ['another run', classifyUnitId('other', 'm', 'p1')],
    ['unknown kind', `${'run%3A1%25'}:bake:m:p1`],
    ['too few parts', `${'run%3A1%25'}:sample:m:p1`],
    ['empty', ''],
  ])('rejects %s', (_name, id) => {
    expect(parseUnitId(id, RUN)).toBeNull();
  });
});

describe('describeUnit', () => {
  const def = definition();
  it.each([
    [
      classifyUnitId(RUN, 'ollama/llama3:8b', 'p1'),
      'Classification · #1 “Name a prime number greater than 100.”',
    ],
    [
      sampleUnitId(RUN, 'ollama/llama3:8b', 'p:2', 'temperature', 1),
      'Sampling · #2 “Write a story about a lighthouse keeper…” · Temperature sampling · sample 2',
    ],
    [
      judgeUnitId(RUN, 'openai/gpt-4o', 'ollama/llama3:8b', 'p1', 'system-general'),
      'Judging · #1 “Name a prime number greater than 100.” · System prompt (general)',
    ],
    ['not-a-unit', 'not-a-unit'],
  ])('%s', (id, expected) => {
    expect(describeUnit(id, RUN, def)).toBe(expected);
  });

  it('names models and judges only when a run has several', () => {
    const several = definition({ generators: ['a/x', 'b/y'], judges: ['c/z', 'd/w'] });
    const id = gradeUnitId(RUN, 'c/z', 'b/y', 'p1', 'temperature', 0);
    expect(describeUnit(id, RUN, several, (e) => e.toUpperCase())).toBe(
      'Quality grade · #1 “Name a prime number greater than 100.” · Temperature sampling · sample 1 · B/Y · judge C/Z',
    );
  });

  it('falls back to ids without a definition', () => {
    expect(describeUnit(checklistUnitId(RUN, 'j', 'p1'), RUN, null)).toBe(
      'Checklist · p1 · judge j',
    );
  });
});

describe('promptLabel', () => {
  it.each([
    ['p1', '#1 “Name a prime number greater than 100.”'],
    ['missing', 'missing'],
  ])('%s', (id, expected) => {
    expect(promptLabel(definition(), id)).toBe(expected);
  });
});

function group(
  partial: Partial<GroupSummary> & Pick<GroupSummary, 'promptId' | 'strategy'>,
): GroupSummary {
  return {
    ...emptyGroup(partial.promptId, 'ollama/llama3:8b', partial.strategy),
    responses: 5,
    ...partial,
  };
}

describe('summaryRows', () => {
  it('puts groups in prompt and strategy order, with row quality over graded cells', () => {
    const summary: RunSummary = {
      groups: [
        group({
          promptId: 'p:2',
          strategy: 'temperature',
          meanClassCount: 1,
          quality: 4,
          category: 'G',
        }),
        group({ promptId: 'p1', strategy: 'system-general', meanClassCount: 5, quality: 2 }),
        group({
          promptId: 'p1',
          strategy: 'temperature',
          meanClassCount: 2.5,
          quality: 3,
          accuracy: { correct: 3, graded: 5, rate: 0.6 },
        }),
      ],
      judgeCalls: NO_JUDGING,
      classifiers: [],
    };
    const rows = summaryRows(definition(), summary);
    expect(rows.map((r) => [r.promptId, r.category, r.quality])).toEqual([
      ['p1', 'B', 2.5],
      ['p:2', 'G', 4],
    ]);
    expect(rows[0]!.cells).toEqual([
      { strategy: 'temperature', classes: 2.5, responses: 5, quality: 3, accuracy: 0.6 },
      { strategy: 'system-general', classes: 5, responses: 5, quality: 2, accuracy: null },
    ]);
    expect(rows[1]!.cells[1]).toEqual({
      strategy: 'system-general',
      classes: null,
      responses: 0,
      quality: null,
      accuracy: null,
    });
  });

  it('has one row per prompt and generator', () => {
    const rows = summaryRows(definition({ generators: ['a/x', 'b/y'] }), {
      groups: [],
      judgeCalls: NO_JUDGING,
      classifiers: [],
    });
    expect(rows.map((r) => `${r.model}:${r.promptId}`)).toEqual([
      'a/x:p1',
      'a/x:p:2',
      'b/y:p1',
      'b/y:p:2',
    ]);
    expect(rows.every((r) => r.quality === null)).toBe(true);
  });
});

describe('formats', () => {
  it.each([
    [null, '–'],
    [4, '4.00'],
    [3.456, '3.46'],
  ])('formatQuality(%s) = %s', (value, expected) => {
    expect(formatQuality(value)).toBe(expected);
  });

  it.each([
    [0, '0 s'],
    [-5, '0 s'],
    [44_600, '45 s'],
    [185_000, '3 min 5 s'],
    [3_720_000, '1 h 2 min'],
  ])('formatDuration(%s) = %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each([
    [{ min: 40, max: 40 }, '40'],
    [{ min: 160, max: 400 }, '160–400'],
    [{ min: 1234, max: 1234567 }, '1,234–1,234,567'],
    [{ min: 0, max: 0 }, '0'],
  ])('formatRange(%j) = %s', (range, expected) => {
    expect(formatRange(range)).toBe(expected);
  });

  it.each([
    [{ min: 0, max: 0 }, '$0'],
    [{ min: 0.0042, max: 0.0042 }, '$0.0042'],
    [{ min: 1.2, max: 3.456 }, '$1.20–$3.46'],
    [{ min: 0, max: 0.5 }, '$0–$0.50'],
  ])('formatCost(%j) = %s', (range, expected) => {
    expect(formatCost(range)).toBe(expected);
  });
});
