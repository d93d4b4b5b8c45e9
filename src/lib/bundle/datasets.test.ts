// Tests of saving imported datasets (one transaction, nothing on failure), exporting them back
// to JSONL, and the per-dataset and per-run storage sizes.

import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { failWriteAt, freshDatabases } from '../storage/testing/databases';
import { parseDataset, type ImportedItem } from '../core/importers';
import { countRecords, getRecord, putRecord } from '../storage/testing/records';
import { StorageConstraintError, StorageQuotaError } from '../storage/errors';
import { datasetPrompts, datasetPromptsOf, exportRowsOf, saveDataset } from './datasets';
import { formatBytes, recordBytes, storageBreakdown } from './sizes';
import { promptsJsonl } from './tables';

const freshDb = freshDatabases();

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../tests/fixtures/imports/${name}`, import.meta.url), 'utf8');

describe('datasetPrompts', () => {
  it.each([
    [{ prompt: 'Plain' }, 'ds:1', undefined],
    [
      { prompt: 'Math', id: 'm1', answer: '4', answerType: 'math' },
      'ds:m1',
      ['math', 'source-id:m1'],
    ],
    [
      { prompt: 'Level', id: 'x', meta: { subject: 'Algebra', level: 3, solution: 'long' } },
      'ds:x',
      ['subject:Algebra', 'level:3', 'source-id:x'],
    ],
  ] as [ImportedItem, string, string[] | undefined][])('stores %j as %s', (item, id, tags) => {
    const [prompt] = datasetPrompts('ds', { name: 'n', items: [item] }, 5);
    expect(prompt?.id).toBe(id);
    expect(prompt?.tags).toEqual(tags);
    expect(prompt?.source).toBe('import');
  });
});

describe('saveDataset', () => {
  it('stores the dataset and its prompts, then exports JSONL that imports back the same', async () => {
    const db = await freshDb();
    const parsed = parseDataset('math500.jsonl', fixture('math500.jsonl'));
    const dataset = await saveDataset(db, {
      name: 'MATH sample',
      origin: 'math500.jsonl',
      items: parsed.items,
    });
    expect(dataset.promptCount).toBe(parsed.items.length);
    const prompts = await datasetPromptsOf(db, dataset.id);
    expect(prompts).toHaveLength(parsed.items.length);
    const again = parseDataset('export.jsonl', promptsJsonl(exportRowsOf(prompts)));
    const key = (i: ImportedItem) => [i.id, i.prompt, i.category, i.answer, i.answerType];
    expect(again.items.map(key).sort()).toEqual(parsed.items.map(key).sort());
  });

  it('writes nothing when the disk fills up half-way', async () => {
    const db = await freshDb();
    const items = Array.from({ length: 50 }, (_, i) => ({ prompt: `p${i}`, id: `i${i}` }));
    failWriteAt(30, 'add', 'full');
    await expect(saveDataset(db, { name: 'big', items })).rejects.toBeInstanceOf(StorageQuotaError);
    vi.restoreAllMocks();
    expect(await countRecords(db, 'prompts')).toBe(0);
    expect(await countRecords(db, 'datasets')).toBe(0);
  });

  it('refuses an id that exists without touching the stored dataset', async () => {
    const db = await freshDb();
    await saveDataset(db, { name: 'one', items: [{ prompt: 'a' }] }, { id: 'ds-1' });
    await expect(
      saveDataset(db, { name: 'two', items: [{ prompt: 'b' }, { prompt: 'c' }] }, { id: 'ds-1' }),
    ).rejects.toBeInstanceOf(StorageConstraintError);
    expect((await getRecord(db, 'datasets', 'ds-1'))?.name).toBe('one');
    expect(await countRecords(db, 'prompts')).toBe(1);
  });
});

describe('sizes', () => {
  it.each([
    [null, 4],
    ['', 2],
    ['é', 4],
    ['✓', 5],
    ['😀', 6],
    [{ a: 1 }, 7],
  ])('recordBytes(%j) = %i', (value, bytes) => {
    expect(recordBytes(value)).toBe(bytes);
  });

  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [20 * 1024, '20 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
    [3 * 1024 ** 3, '3.00 GB'],
  ])('formatBytes(%i) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('adds up each dataset and user prompts apart', async () => {
    const db = await freshDb();
    const a = await saveDataset(db, { name: 'A', items: [{ prompt: 'x' }, { prompt: 'y' }] });
    await putRecord(db, 'prompts', { id: 'u1', text: 'mine', source: 'user', createdAt: 1 });
    const usage = await storageBreakdown(db);
    expect(usage.datasets).toHaveLength(1);
    expect(usage.datasets[0]).toMatchObject({ id: a.id, name: 'A', prompts: 2 });
    const stored = await datasetPromptsOf(db, a.id);
    const dataset = await getRecord(db, 'datasets', a.id);
    expect(usage.datasets[0]!.bytes).toBe(
      recordBytes(dataset) + stored.reduce((s, p) => s + recordBytes(p), 0),
    );
    expect(usage.userPromptBytes).toBe(recordBytes(await getRecord(db, 'prompts', 'u1')));
    expect(usage.runs).toEqual([]);
  });
});
