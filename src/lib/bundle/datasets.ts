// Stores imported datasets (the dataset record and all its prompts in one transaction) and
// reads them back for export. Prompt ids are prefixed with the dataset id so datasets never collide.
import type { ImportedItem, ImportFormat } from '../core/importers';
import { addDataset, promptsOfDataset, type PlaygroundDB } from '../storage/db';
import type { Dataset, Prompt } from '../storage/schema';
import type { ExportPrompt } from './tables';

/** What the user chose to save. */
export interface DatasetDraft {
  name: string;
  description?: string;
  /** Where the data came from: the file name, and the format it was read as. */
  origin?: string;
  format?: ImportFormat;
  items: readonly ImportedItem[];
}

/** A short random id part (not security-relevant: only to keep ids apart). */
function randomPart(): string {
  return Math.random().toString(36).slice(2, 8);
}

/** A new dataset id: readable, sortable by time and unique in practice. */
export function newDatasetId(now = Date.now()): string {
  return `ds-${now.toString(36)}-${randomPart()}`;
}

/** Meta fields kept as tags (`subject:Algebra`, `level:3`), so experiments can filter by them. */
const TAG_FIELDS = ['subject', 'level', 'topic', 'noveltybench_category'];

/** The prompt records of a dataset draft. */
export function datasetPrompts(datasetId: string, draft: DatasetDraft, now: number): Prompt[] {
  return draft.items.map((item, i) => {
    const tags: string[] = [];
    if (item.answerType === 'math') tags.push('math');
    for (const field of TAG_FIELDS) {
      const value = item.meta?.[field];
      if (typeof value === 'string' || typeof value === 'number') tags.push(`${field}:${value}`);
    }
    if (item.id !== undefined) tags.push(`source-id:${item.id}`);
    return {
      id: `${datasetId}:${item.id ?? String(i + 1)}`,
      text: item.prompt,
      ...(item.category === undefined ? {} : { category: item.category }),
      ...(item.answer === undefined ? {} : { answer: item.answer }),
      datasetId,
      source: 'import',
      ...(tags.length === 0 ? {} : { tags }),
      createdAt: now,
      schemaVersion: 0,
    };
  });
}

/**
 * Writes a dataset and all its prompts in ONE transaction: either everything is stored or
 * nothing (a full disk rejects with StorageQuotaError and leaves no partial dataset).
 * @returns the new dataset record
 */
export async function saveDataset(
  db: PlaygroundDB,
  draft: DatasetDraft,
  options: { id?: string; now?: number } = {},
): Promise<Dataset> {
  const now = options.now ?? Date.now();
  const id = options.id ?? newDatasetId(now);
  const version = db.version;
  const prompts = datasetPrompts(id, draft, now).map((p) => ({ ...p, schemaVersion: version }));
  const dataset: Dataset = {
    id,
    name: draft.name.trim() || 'Imported dataset',
    ...(draft.description ? { description: draft.description } : {}),
    source: 'import',
    ...(draft.origin ? { origin: draft.origin } : {}),
    promptCount: prompts.length,
    createdAt: now,
    updatedAt: now,
    schemaVersion: version,
  };
  await addDataset(db, dataset, prompts);
  return dataset;
}

/** The prompts of a stored dataset, in id order. */
export function datasetPromptsOf(db: PlaygroundDB, datasetId: string): Promise<Prompt[]> {
  return promptsOfDataset(db, datasetId);
}

/** Stored prompts as JSONL export rows (the id without the dataset prefix, tags kept). */
export function exportRowsOf(prompts: readonly Prompt[]): ExportPrompt[] {
  return prompts.map((p) => {
    const sourceId = p.tags?.find((t) => t.startsWith('source-id:'))?.slice('source-id:'.length);
    const prefix = p.datasetId === undefined ? '' : `${p.datasetId}:`;
    const id = sourceId ?? (p.id.startsWith(prefix) ? p.id.slice(prefix.length) : p.id);
    const math = p.tags?.includes('math') === true;
    const tags = (p.tags ?? []).filter((t) => t !== 'math' && !t.startsWith('source-id:'));
    return {
      id,
      text: p.text,
      ...(p.category === undefined ? {} : { category: p.category }),
      ...(p.answer === undefined ? {} : { answer: p.answer, answerType: math ? 'math' : 'short' }),
      ...(tags.length === 0 ? {} : { extra: { tags } }),
    };
  });
}
