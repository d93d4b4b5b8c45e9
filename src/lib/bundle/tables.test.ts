// Tests of the flat exports: responses and groups as CSV (read back with papaparse), prompt
// collections as JSONL that the generic importer reads back, and CSV formula escaping.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDataset } from '../core/importers';
import { analyseExistingResponses } from '../pipeline/analyse-existing';
import { PlaygroundRunStore, type PersistedRun } from '../pipeline/store';
import { ScriptedEngine } from '../pipeline/testing/scripted-engine';
import { pipelineScript } from '../pipeline/testing/scripts';
import { openDatabase, type PlaygroundDB } from '../storage/db';
import { groupsCsv, promptsJsonl, responsesCsv, type ExportPrompt } from './tables';

const opened: PlaygroundDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function run(): Promise<PersistedRun> {
  const db = await openDatabase({ factory: new IDBFactory(), name: 'tables' });
  opened.push(db);
  const judge = new ScriptedEngine(
    pipelineScript({
      grade: (response) => (response.startsWith('Blue') ? 'Score: 5' : 'Score: 2'),
    }),
    { id: 'cloud/judge' },
  );
  await analyseExistingResponses({
    db,
    runId: 'r',
    judges: [judge],
    input: {
      name: 'Tables',
      judges: ['cloud/judge'],
      items: [
        {
          id: 'q1',
          prompt: 'Name a colour, please',
          category: 'B',
          responses: ['Blue#1', 'Red#2', 'Blue#3'].map((text) => ({ text, model: 'm' })),
        },
        {
          id: 'q2',
          prompt: 'Capital of France?',
          category: 'A',
          answer: 'Paris',
          responses: [
            { text: 'Paris, right#1', model: 'm' },
            { text: '=1+1 "quoted"\nline#2', model: 'm' },
          ],
        },
      ],
    },
  });
  return new PlaygroundRunStore(db).load('r');
}

function rowsOf(csv: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
}

describe('responsesCsv', () => {
  it('writes one row per response with its class, grade, correctness and group metrics', async () => {
    const rows = rowsOf(responsesCsv(await run()));
    expect(rows.map((r) => [r.prompt_id, r.index, r['class:cloud/judge'], r.quality_mean])).toEqual(
      [
        ['q1', '0', '1', '5'],
        ['q1', '1', '2', '2'],
        ['q1', '2', '1', '5'],
        ['q2', '0', '1', '2'],
        ['q2', '1', '2', '2'],
      ],
    );
    expect(rows.map((r) => r.correct)).toEqual(['', '', '', 'true', 'false']);
    expect(rows[0]).toMatchObject({
      run_id: 'r',
      prompt: 'Name a colour, please',
      category: 'B',
      model: 'imported/m',
      // Imported responses: labelled with their source, never as temperature sampling.
      strategy: 'imported:Tables',
      group_classes_mean: '2',
    });
    expect(Number(rows[0]!.group_vocabulary)).toBeGreaterThan(0);
  });

  it('keeps quotes and line breaks and escapes formulas', async () => {
    const rows = rowsOf(responsesCsv(await run()));
    expect(rows[4]!.response).toBe('\'=1+1 "quoted"\nline#2');
  });
});

describe('groupsCsv', () => {
  it('writes one row per prompt, model and strategy with classes and means', async () => {
    const rows = rowsOf(groupsCsv(await run()));
    expect(
      rows.map((r) => [r.prompt_id, r.responses, r['classes:cloud/judge'], r.classes_mean]),
    ).toEqual([
      ['q1', '3', '2', '2'],
      ['q2', '2', '2', '2'],
    ]);
    expect(rows.map((r) => [r.quality_mean, r.accuracy, r.accuracy_graded])).toEqual([
      ['4', '', ''],
      ['2', '0.5', '2'],
    ]);
  });

  it('writes the judge calls asked, sent, answered from the cache and skipped apart', async () => {
    const persisted = await run();
    const rows = rowsOf(groupsCsv(persisted));
    const columns = [
      'judge_calls_asked',
      'judge_calls_sent',
      'judge_calls_cached',
      'judge_calls_skipped',
      'judge_calls_every_pair',
    ];
    // q1: Blue, Red, Blue: (0,1) different, (0,2) equivalent, (1,2) asked (not connected).
    // q2: two responses, one pair. Each request was new, so nothing came from the cache.
    expect(rows.map((r) => columns.map((c) => r[c]))).toEqual([
      ['3', '3', '0', '0', '3'],
      ['1', '1', '0', '0', '1'],
    ]);
    const metrics = persisted.metrics.filter((m) => m.kind === 'functional');
    expect(metrics.map((m) => [m.calls, m.sentCalls, m.cachedCalls])).toEqual([
      [3, 3, 0],
      [1, 1, 0],
    ]);
  });
});

describe('promptsJsonl', () => {
  const prompts: ExportPrompt[] = [
    { id: 'a1', text: 'What is 2+2?', category: 'D', answer: '4', answerType: 'math' },
    {
      id: 'u2',
      text: 'Écris un poème — “unicode” ✓',
      category: 'G',
      extra: { contexts: ['societal'] },
    },
    { id: 'x3', text: 'No category at all' },
  ];

  it.each([
    [[], ''],
    [[{ id: '1', text: 'Hi' }], '{"id":"1","prompt":"Hi"}\n'],
    [
      [{ id: '1', text: 'Hi', extra: { id: 'clash', note: 'n' } }],
      '{"id":"1","prompt":"Hi","note":"n"}\n',
    ],
  ] as [ExportPrompt[], string][])('writes %j as %j', (input, expected) => {
    expect(promptsJsonl(input)).toBe(expected);
  });

  it('is read back by the generic JSONL importer without a mapping', () => {
    const result = parseDataset('library.jsonl', promptsJsonl(prompts));
    expect(result.items.map((i) => [i.id, i.prompt, i.category, i.answer, i.answerType])).toEqual([
      ['a1', 'What is 2+2?', 'D', '4', 'math'],
      ['u2', 'Écris un poème — “unicode” ✓', 'G', undefined, undefined],
      ['x3', 'No category at all', undefined, undefined, undefined],
    ]);
  });
});
