// Tests of analysing imported responses: what is seeded, that sampling is never called, that the
// judge classifies each uncategorized prompt once, and the numbers the scripted judge implies.

import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { freshDatabases } from '../storage/testing/databases';
import type { ImportedItem } from '../core/importers';
import { countRecords } from '../storage/testing/records';
import {
  analyseExistingResponses,
  ExistingAnalysisError,
  importedEngineId,
  importedModelEngines,
  planExistingAnalysis,
  type ExistingAnalysisInput,
} from './analyse-existing';
import { summarizeRun } from './results';
import { RunSetupError } from './runner';
import { PlaygroundRunStore } from './store';
import { ScriptedEmbeddingEngine, ScriptedEngine } from './testing/scripted-engine';
import { pipelineScript } from './testing/scripts';

const freshDb = freshDatabases();

/** Imported responses of one model. */
const by = (model: string, ...texts: string[]): { text: string; model: string }[] =>
  texts.map((text) => ({ text, model }));

/** Labels before '#' decide classes (see labelOf): colours 2 classes for model-a, 1 for model-b. */
const ITEMS: ImportedItem[] = [
  {
    id: 'colour',
    prompt: 'Name a colour.',
    category: 'B',
    responses: [
      ...by('model-a', 'Blue#1', 'Blue#2', 'Green#3'),
      ...by('model-b', 'Red#1', 'Red#2'),
    ],
  },
  {
    prompt: 'Tell me a joke.',
    responses: [...by('model-a', 'Pun#1', 'Knock#2'), ...by('model-b', 'Pun#3')],
  },
  {
    id: 'capital',
    prompt: 'What is the capital of France?',
    category: 'A',
    answer: 'Paris',
    answerType: 'short',
    responses: by('model-a', 'Paris, right#1', 'Lyon#2'),
  },
  { id: 'no-responses', prompt: 'Left out: nothing to analyse.' },
];

function input(extra: Partial<ExistingAnalysisInput> = {}): ExistingAnalysisInput {
  return {
    name: 'Imported',
    items: ITEMS,
    judges: ['cloud/judge'],
    embedding: 'scripted/embed',
    ...extra,
  };
}

describe('planExistingAnalysis', () => {
  it('files every response under its imported model and settles sampling', () => {
    const seed = planExistingAnalysis('r1', input(), 1000);
    expect(seed.definition.generators).toEqual(['imported/model-a', 'imported/model-b']);
    expect(seed.definition.k).toBe(3);
    expect(seed.definition.strategies).toEqual(['temperature']);
    // The strategy is only the storage key: the source is recorded and shown instead.
    expect(seed.definition.imported).toEqual({ source: 'Imported' });
    expect(planExistingAnalysis('r1', input({ source: 'gens.jsonl' })).definition.imported).toEqual(
      {
        source: 'gens.jsonl',
      },
    );
    expect(seed.definition.classify).toBe(true);
    expect(seed.definition.prompts.map((p) => p.id)).toEqual(['colour', 'p2', 'capital']);
    expect(seed.responses).toHaveLength(10);
    const status = (stage: string, s: string): number =>
      seed.units.filter((u) => u.stage === stage && u.status === s).length;
    // 3 prompts x 2 models x k=3 sample units: 10 responses, 8 holes.
    expect(status('sample', 'done')).toBe(10);
    expect(status('sample', 'skipped')).toBe(8);
    // The two categorized prompts are not classified (2 prompts x 2 models).
    expect(status('classify', 'skipped')).toBe(4);
    expect(seed.run.status).toBe('pending');
  });

  it.each([
    ['no responses at all', [{ prompt: 'x' }], /no responses to analyse/],
    [
      'more than 100 per prompt and model',
      [{ prompt: 'x', responses: Array.from({ length: 101 }, (_, i) => ({ text: `r${i}` })) }],
      /101 responses from unknown; at most 100/,
    ],
  ] as [string, ImportedItem[], RegExp][])('refuses %s', (_, items, message) => {
    expect(() => planExistingAnalysis('r1', input({ items }))).toThrow(ExistingAnalysisError);
    expect(() => planExistingAnalysis('r1', input({ items }))).toThrow(message);
  });

  it.each([
    [undefined, 'imported/unknown'],
    ['', 'imported/unknown'],
    [' gpt-4o ', 'imported/gpt-4o'],
    ['org/model:8b', 'imported/org/model:8b'],
  ])('names model %j as %s', (model, id) => {
    expect(importedEngineId(model)).toBe(id);
  });

  it('needs no classification when every prompt has a category, or without a judge', () => {
    const categorized = ITEMS.filter((i) => i.category !== undefined);
    expect(planExistingAnalysis('r', input({ items: categorized })).definition.classify).toBe(
      false,
    );
    expect(planExistingAnalysis('r', input({ judges: [] })).definition.classify).toBe(false);
  });
});

describe('importedModelEngines', () => {
  it('shares one classification per request and asks again on a re-ask', async () => {
    const judge = new ScriptedEngine(() => 'C', { id: 'cloud/judge' });
    const [a, b] = importedModelEngines(['imported/a', 'imported/b'], judge);
    const request = { messages: [{ role: 'user' as const, content: 'classify me' }] };
    await a!.chat(request);
    await b!.chat(request);
    expect(judge.requests).toHaveLength(1);
    await a!.chat(request);
    expect(judge.requests).toHaveLength(2);
  });

  it('refuses every call without a classifier', async () => {
    const [a] = importedModelEngines(['imported/gpt'], undefined);
    await expect(a!.chat({ messages: [] })).rejects.toThrow(/gpt were imported/);
  });
});

describe('analyseExistingResponses', () => {
  it('classifies, judges, measures and grades without ever sampling', async () => {
    const db = await freshDb();
    const judge = new ScriptedEngine(pipelineScript({ classify: () => 'G' }), {
      id: 'cloud/judge',
    });
    const embed = new ScriptedEmbeddingEngine((t) => [t.length % 3, 1, 0]);
    const outcome = await analyseExistingResponses({
      db,
      runId: 'r1',
      input: input(),
      judges: [judge],
      embeddingEngines: [embed],
    });
    expect(outcome.status).toBe('completed');
    expect(judge.callsOf('sample')).toHaveLength(0);
    // One classification for the one prompt without a category, shared by both models.
    expect(judge.callsOf('classify')).toHaveLength(1);
    const persisted = await new PlaygroundRunStore(db).load('r1');
    expect(persisted.run?.status).toBe('completed');
    const summary = summarizeRun(persisted);
    const row = (promptId: string, model: string) =>
      summary.groups.find((g) => g.promptId === promptId && g.model === model);
    // Labelled as imported from their source, never as temperature sampling.
    expect(new Set(summary.groups.map((g) => g.comparedAs))).toEqual(
      new Set(['imported:Imported']),
    );
    expect(
      summary.groups.map((g) => [g.promptId, g.model, g.responses, g.meanClassCount, g.category]),
    ).toEqual([
      ['capital', 'imported/model-a', 2, 2, 'A'],
      ['colour', 'imported/model-a', 3, 2, 'B'],
      ['colour', 'imported/model-b', 2, 1, 'B'],
      ['p2', 'imported/model-a', 2, 2, 'G'],
      ['p2', 'imported/model-b', 1, 1, 'G'],
    ]);
    expect(row('colour', 'imported/model-a')?.quality).toBe(4);
    expect(row('capital', 'imported/model-a')?.accuracy).toEqual({
      correct: 1,
      graded: 2,
      rate: 0.5,
    });
    expect(row('colour', 'imported/model-a')?.general?.embedding).not.toBeNull();
    // The imported responses are stored once, unchanged.
    expect(persisted.responses.map((r) => r.text).sort()).toEqual(
      ITEMS.flatMap((i) => (i.responses ?? []).map((r) => r.text)).sort(),
    );
    // Classification records only for the uncategorized prompt (one per imported model).
    expect(persisted.classifications.map((c) => [c.promptId, c.predicted])).toEqual([
      ['p2', 'G'],
      ['p2', 'G'],
    ]);
  });

  it('stores nothing when an engine is missing', async () => {
    const db = await freshDb();
    await expect(
      analyseExistingResponses({ db, runId: 'r1', input: input(), judges: [] }),
    ).rejects.toThrow(RunSetupError);
    expect(await countRecords(db, 'runs')).toBe(0);
    expect(await countRecords(db, 'responses')).toBe(0);
  });

  it('refuses a run id that exists, keeping the stored run', async () => {
    const db = await freshDb();
    const judge = new ScriptedEngine(pipelineScript(), { id: 'cloud/judge' });
    const options = { db, runId: 'r1', judges: [judge] };
    await analyseExistingResponses({ ...options, input: input({ embedding: undefined }) });
    const before = await countRecords(db, 'responses');
    await expect(
      analyseExistingResponses({ ...options, input: input({ embedding: undefined }) }),
    ).rejects.toThrow(ExistingAnalysisError);
    expect(await countRecords(db, 'responses')).toBe(before);
  });
});
