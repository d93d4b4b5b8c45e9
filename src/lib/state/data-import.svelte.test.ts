// Tests of the import and library state of the Data area: seeded sampling choices, group fields,
// default names, a file read in-thread and saved, and the user's prompts added, edited, deleted.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshDatabases } from '../storage/testing/databases';
import type { ImportedItem } from '../core/importers';
import { countRecords } from '../storage/testing/records';
import { ImportParser } from '../workers/import-client';
import { storedBytesOf } from '../storage/quota';
import { StorageStatus } from './storage-status.svelte';
import {
  applySampling,
  categoryCounts,
  DatasetImport,
  DEFAULT_SAMPLING,
  defaultDatasetName,
  groupFields,
} from './data-import.svelte';
import { entryOfUserPrompt, PromptLibrary } from './data-library.svelte';

const freshDb = freshDatabases();

const ITEMS: ImportedItem[] = Array.from({ length: 12 }, (_, i) => ({
  id: `i${i}`,
  prompt: `Problem ${i}`,
  category: i % 2 === 0 ? 'D' : 'A',
  meta: { level: (i % 3) + 1, subject: 'Algebra', solution: `long text ${i}` },
}));

describe('sampling', () => {
  it.each([
    [{ mode: 'all' }, 12],
    [{ mode: 'random', n: 5 }, 5],
    [{ mode: 'random', n: 50 }, 12],
    [{ mode: 'random', n: 0 }, 0],
    [{ mode: 'per-group', perGroup: 2, groupBy: 'level' }, 6],
    [{ mode: 'per-group', perGroup: 1, groupBy: 'category' }, 2],
    [{ mode: 'per-group', perGroup: 2, groupBy: '' }, 12],
  ] as const)('%j chooses %i rows', (choice, count) => {
    expect(applySampling(ITEMS, { ...DEFAULT_SAMPLING, ...choice })).toHaveLength(count);
  });

  it('picks the same rows for the same seed, in file order', () => {
    const a = applySampling(ITEMS, { ...DEFAULT_SAMPLING, mode: 'random', n: 4, seed: 3 });
    const b = applySampling(ITEMS, { ...DEFAULT_SAMPLING, mode: 'random', n: 4, seed: 3 });
    expect(a).toEqual(b);
    const order = a.map((i) => ITEMS.indexOf(i));
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it.each([
    [ITEMS, ['category', 'level']],
    [[], []],
    [[{ prompt: 'one', meta: { level: 1 } }], []],
  ] as [ImportedItem[], string[]][])('groupFields offers fields with 2-60 values', (items, f) => {
    expect(groupFields(items)).toEqual(f);
  });

  it.each([
    ['simpleqa.csv', 'SimpleQA (CSV)', 'SimpleQA: simpleqa'],
    ['test.jsonl', 'MATH-500 (JSONL)', 'MATH-500: test'],
    ['mine.csv', 'CSV with a column mapping', 'mine'],
    ['noext', '', 'noext'],
  ])('defaultDatasetName(%j, %j) = %j', (file, label, name) => {
    expect(defaultDatasetName(file, label)).toBe(name);
  });

  it('counts categories in taxonomy order', () => {
    expect(categoryCounts([...ITEMS, { prompt: 'x' }])).toEqual([
      { key: 'A', count: 6 },
      { key: 'D', count: 6 },
      { key: 'none', count: 1 },
    ]);
  });
});

describe('DatasetImport', () => {
  it('reads a MATH-500 file, samples one per level and saves the sample', async () => {
    const db = await freshDb();
    const text = readFileSync('tests/fixtures/imports/math500.jsonl');
    const importer = new DatasetImport(
      () => Promise.resolve(db),
      () => undefined,
      new ImportParser(false),
    );
    await importer.choose({
      name: 'math500.jsonl',
      size: text.length,
      arrayBuffer: async () => new Uint8Array(text).buffer,
    });
    expect(importer.file.result?.format).toBe('math500');
    expect(importer.file.sampling.groupBy).toBe('level');
    importer.file.setSampling({ mode: 'per-group', perGroup: 1 });
    const levels = new Set(importer.file.items.map((i) => i.meta?.level)).size;
    expect(importer.file.chosen).toHaveLength(levels);
    const saved = await importer.save();
    expect(saved?.promptCount).toBe(levels);
    expect(await countRecords(db, 'prompts')).toBe(levels);
    expect(importer.canSave).toBe(false);
  });

  it.each([
    ['fits', 10_000_000, true],
    ['does not fit', 2_000, false],
  ])(
    'estimates the room a sample needs from its share of the file: the whole file %s',
    async (_label, free, fits) => {
      const db = await freshDb();
      const text = readFileSync('tests/fixtures/imports/math500.jsonl');
      let quota = 1_000_000 + free;
      const status = new StorageStatus(() => ({
        estimate: async () => ({ usage: 1_000_000, quota }),
      }));
      const importer = new DatasetImport(
        () => Promise.resolve(db),
        () => undefined,
        new ImportParser(false),
        status,
      );
      await importer.choose({
        name: 'math500.jsonl',
        size: text.length,
        arrayBuffer: async () => new Uint8Array(text).buffer,
      });
      expect(importer.room).toMatchObject({ needed: storedBytesOf(text.length), free, fits });
      // A sample of the rows needs its share of the file.
      importer.file.setSampling({ mode: 'random', n: 1 });
      const share = text.length / importer.file.items.length;
      expect(importer.room?.needed).toBe(storedBytesOf(share));
      quota += 1;
      await status.refresh();
      expect(importer.room?.free).toBe(free + 1);
      expect(await importer.save()).not.toBeNull();
      expect(importer.room).toBeUndefined();
    },
  );

  it('keeps the file error and offers no save', async () => {
    const db = await freshDb();
    const importer = new DatasetImport(
      () => Promise.resolve(db),
      () => undefined,
      new ImportParser(false),
    );
    const bytes = new TextEncoder().encode('');
    await importer.choose({ name: 'empty.csv', size: 0, arrayBuffer: async () => bytes.buffer });
    expect(importer.file.error?.message).toMatch(/^empty\.csv: The file is empty/);
    expect(importer.canSave).toBe(false);
    expect(await importer.save()).toBeNull();
  });
});

describe('PromptLibrary', () => {
  it.each([
    [{ category: undefined, tags: [] }, null],
    [{ category: 'G', tags: ['context:societal'] }, ['interactional', 'societal']],
    [{ category: 'A', tags: ['context:nonsense'] }, ['epistemic']],
  ] as const)('entryOfUserPrompt(%j) has contexts %j', (extra, contexts) => {
    const entry = entryOfUserPrompt({
      id: 'user-1',
      text: 't',
      source: 'user',
      createdAt: 1,
      schemaVersion: 3,
      ...extra,
      tags: [...extra.tags],
    });
    expect(entry === null ? null : entry.contexts).toEqual(contexts);
  });

  it('adds, edits and deletes the user prompts, never the built-in ones', async () => {
    const db = await freshDb();
    const library = new PromptLibrary(() => Promise.resolve(db));
    await library.load();
    const builtins = library.all.length;
    library.startNew();
    library.draft!.text = 'What is 12 x 12?';
    expect(await library.saveDraft()).toBe(false);
    expect(library.draftError).toMatch(/task category/);
    library.draft!.category = 'D';
    library.draft!.answer = '144';
    library.draft!.answerType = 'math';
    expect(await library.saveDraft()).toBe(true);
    library.collection = 'mine';
    expect(library.entries.map((e) => [e.text, e.answer, e.answerType])).toEqual([
      ['What is 12 x 12?', '144', 'math'],
    ]);
    const mine = library.entries[0]!;
    library.startEdit(mine);
    library.draft!.text = 'What is 12 times 12?';
    await library.saveDraft();
    const again = new PromptLibrary(() => Promise.resolve(db));
    await again.load();
    again.collection = 'mine';
    expect(again.entries.map((e) => e.text)).toEqual(['What is 12 times 12?']);

    const builtin = library.all[0]!;
    await library.remove(builtin.id);
    expect(library.all).toHaveLength(builtins + 1);
    await library.remove(mine.id);
    expect(library.all).toHaveLength(builtins);
    expect(await countRecords(db, 'prompts')).toBe(0);
  });
});
