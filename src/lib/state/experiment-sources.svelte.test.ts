// Tests of the prompt sources: choosing prompts one by one or by category, carrying categories
// and gold answers into the form, the built-in sets, and datasets read from IndexedDB.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { PROMPT_LIBRARY, SAFETY_PROBES, SOCIETAL_PROBES } from '../core/library';
import { openDatabase } from '../storage/db';
import { putRecord } from '../storage/testing/records';
import type { DraftPrompt } from './experiment-form.svelte';
import {
  DatasetSource,
  LibrarySource,
  PromptSelection,
  toDraftPrompts,
  type SourcePrompt,
} from './experiment-sources.svelte';

const CANDIDATES: DraftPrompt[] = [
  { id: 'a1', text: 'A one', category: 'A', origin: 'library' },
  { id: 'a2', text: 'A two', category: 'A', origin: 'library' },
  { id: 'g1', text: 'G one', category: 'G', origin: 'library' },
  { id: 'n1', text: 'No category', origin: 'library' },
];

describe('PromptSelection', () => {
  it('counts candidates per category in A-H order, uncategorized last', () => {
    const selection = new PromptSelection([...CANDIDATES].reverse());
    expect(selection.categories).toEqual([
      { key: 'A', count: 2 },
      { key: 'G', count: 1 },
      { key: 'none', count: 1 },
    ]);
  });

  it.each<[string, (s: PromptSelection) => void, string[], string]>([
    ['nothing', () => undefined, [], 'none'],
    ['one of A', (s) => s.toggle('a2', true), ['a2'], 'some'],
    ['all of A', (s) => s.toggleCategory('A', true), ['a1', 'a2'], 'all'],
    [
      'all of A, then one off',
      (s) => {
        s.toggleCategory('A', true);
        s.toggle('a1', false);
      },
      ['a2'],
      'some',
    ],
    [
      'A and the uncategorized',
      (s) => {
        s.toggleCategory('none', true);
        s.toggleCategory('A', true);
      },
      ['a1', 'a2', 'n1'],
      'all',
    ],
    [
      'A on then off',
      (s) => {
        s.toggleCategory('A', true);
        s.toggleCategory('A', false);
      },
      [],
      'none',
    ],
  ])('selects %s', (_name, act, chosen, stateOfA) => {
    const selection = new PromptSelection(CANDIDATES);
    act(selection);
    expect(selection.chosen().map((p) => p.id)).toEqual(chosen);
    expect(selection.size).toBe(chosen.length);
    expect(selection.categoryState('A')).toBe(stateOfA);
    expect(selection.categoryState('G')).toBe('none');
  });

  it('clears the selection when the candidates change or on request', () => {
    const selection = new PromptSelection(CANDIDATES);
    selection.toggleCategory('A', true);
    selection.clear();
    expect(selection.size).toBe(0);
    selection.toggle('g1', true);
    selection.setCandidates(CANDIDATES.slice(0, 1));
    expect([selection.size, selection.candidates.length]).toEqual([0, 1]);
  });
});

describe('toDraftPrompts', () => {
  const base = { id: 'x', origin: 'dataset' as const };
  it.each<[string, SourcePrompt, boolean, DraftPrompt[]]>([
    ['plain', { id: 'x', text: 'Hi' }, false, [{ ...base, text: 'Hi' }]],
    [
      'category kept',
      { id: 'x', text: 'Hi', category: 'F' },
      false,
      [{ ...base, text: 'Hi', category: 'F' }],
    ],
    [
      'short answer, trimmed',
      { id: 'x', text: 'Q', answer: ' Paris ' },
      false,
      [{ ...base, text: 'Q', gold: 'Paris', answerType: 'short' }],
    ],
    [
      'math tag',
      { id: 'x', text: 'Q', answer: '4', tags: ['Math-500'] },
      false,
      [{ ...base, text: 'Q', gold: '4', answerType: 'math' }],
    ],
    [
      'math collection',
      { id: 'x', text: 'Q', answer: '4' },
      true,
      [{ ...base, text: 'Q', gold: '4', answerType: 'math' }],
    ],
    [
      'explicit type wins',
      { id: 'x', text: 'Q', answer: '4', answerType: 'short' },
      true,
      [{ ...base, text: 'Q', gold: '4', answerType: 'short' }],
    ],
    ['blank answer dropped', { id: 'x', text: 'Q', answer: '  ' }, false, [{ ...base, text: 'Q' }]],
    ['empty text dropped', { id: 'x', text: '   ' }, false, []],
  ])('%s', (_name, source, math, expected) => {
    expect(toDraftPrompts([source], 'dataset', math)).toEqual(expected);
  });
});

describe('LibrarySource', () => {
  it('shows one built-in set at a time, with categories and gold answers', () => {
    const library = new LibrarySource({
      library: PROMPT_LIBRARY,
      safety: SAFETY_PROBES,
      societal: SOCIETAL_PROBES,
    });
    expect(library.set).toBe('library');
    expect(library.count('library')).toBe(PROMPT_LIBRARY.length);
    expect(library.selection.categories.map((c) => c.key)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
    ]);
    library.selection.toggleCategory('D', true);
    const math = library.selection.chosen();
    expect(math.length).toBeGreaterThan(0);
    expect(math.every((p) => p.category === 'D' && p.origin === 'library')).toBe(true);
    expect(math.some((p) => p.answerType === 'math' && p.gold !== undefined)).toBe(true);
    library.show('safety');
    expect([library.set, library.selection.size]).toEqual(['safety', 0]);
    expect(library.selection.candidates).toHaveLength(SAFETY_PROBES.length);
  });
});

describe('DatasetSource', () => {
  it('lists datasets and reads a dataset’s prompts by its index', async () => {
    const db = await openDatabase({ factory: new IDBFactory(), name: `sources-${Math.random()}` });
    const now = 1;
    for (const [id, name] of [
      ['ds2', 'MATH-500'],
      ['ds1', 'Creative'],
    ]) {
      await putRecord(db, 'datasets', {
        id: id!,
        name: name!,
        source: 'import',
        promptCount: 1,
        createdAt: now,
        updatedAt: now,
      });
    }
    await putRecord(db, 'prompts', {
      id: 'm1',
      text: '1+1?',
      answer: '2',
      category: 'D',
      datasetId: 'ds2',
      source: 'import',
      createdAt: now,
    });
    await putRecord(db, 'prompts', {
      id: 'c1',
      text: 'A poem',
      category: 'G',
      datasetId: 'ds1',
      source: 'import',
      createdAt: now,
    });
    const source = new DatasetSource(async () => db);
    await source.refresh();
    expect(source.datasets.map((d) => d.name)).toEqual(['Creative', 'MATH-500']);
    await source.choose('ds2');
    expect(source.chosen).toBe('ds2');
    expect(source.loading).toBe(false);
    expect(source.selection.candidates).toEqual([
      { id: 'm1', text: '1+1?', origin: 'dataset', category: 'D', gold: '2', answerType: 'math' },
    ]);
    await source.choose('');
    expect(source.selection.candidates).toEqual([]);
  });

  it('says why datasets cannot be read', async () => {
    const source = new DatasetSource(async () => {
      throw new Error('no IndexedDB');
    });
    await source.refresh();
    expect(source.error).toMatch(/no IndexedDB/);
    await source.choose('x');
    expect(source.error).toMatch(/prompts could not be read: no IndexedDB/);
  });
});
