// Importing a file in the Data area: read it in the import worker, preview what was detected, map
// columns of generic files, sample a seeded subset, and save the dataset in one transaction.
/* eslint-disable svelte/prefer-svelte-reactivity -- Maps, Sets, URLs and URLSearchParams here are
   local temporaries (never stored in state or mutated after), so plain ones are what is needed. */
import {
  groupCounts,
  IMPORT_FORMATS,
  MAPPING_FIELDS,
  sampleByGroup,
  sampleItems,
  type ColumnMapping,
  type ImportedItem,
  type MappingField,
} from '../core/importers';
import { CATEGORY_IDS, type CategoryId } from '../core/taxonomy';
import { saveDataset } from '../bundle/datasets';
import type { PlaygroundDB } from '../storage/db';
import { roomFor, storedBytesOf, type RoomCheck } from '../storage/quota';
import type { Dataset } from '../storage/schema';
import type { ImportFailure, ImportReadOutcome } from '../workers/import-protocol';
import { ImportParser, type ImportSource } from '../workers/import-client';
import { getStorageStatus, type StorageStatus } from './storage-status.svelte';

/** How to take a subset of the rows. */
export type SamplingMode = 'all' | 'random' | 'per-group';

/** The sampling choice. */
export interface SamplingChoice {
  mode: SamplingMode;
  /** Rows for 'random'. */
  n: number;
  /** Rows per group for 'per-group'. */
  perGroup: number;
  /** Field grouped by for 'per-group' (a meta field such as level or subject, or category). */
  groupBy: string;
  seed: number;
}

/** The defaults: everything; 50 random rows or 10 per group when asked, seed 1. */
export const DEFAULT_SAMPLING: SamplingChoice = {
  mode: 'all',
  n: 50,
  perGroup: 10,
  groupBy: '',
  seed: 1,
};

/**
 * Meta fields that make sensible groups: 2 to 60 distinct short values, at least one of them
 * shared by several rows (a field unique per row, like a solution text, groups nothing).
 */
export function groupFields(items: readonly ImportedItem[]): string[] {
  const values = new Map<string, Set<string>>();
  const tooLong = new Set<string>();
  const sample = items.slice(0, 5000);
  for (const item of sample) {
    for (const [key, value] of Object.entries(item.meta ?? {})) {
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const text = String(value);
      if (text.length > 60) tooLong.add(key);
      let set = values.get(key);
      if (set === undefined) {
        set = new Set();
        values.set(key, set);
      }
      if (set.size <= 60) set.add(text);
    }
  }
  const fields = [...values]
    .filter(
      ([key, set]) =>
        !tooLong.has(key) && set.size >= 2 && set.size <= 60 && set.size < sample.length,
    )
    .map(([key]) => key);
  const categories = new Set(sample.map((i) => i.category).filter((c) => c !== undefined));
  if (categories.size >= 2) fields.unshift('category');
  return fields;
}

/** The sampled subset of items (seeded, in file order). */
export function applySampling(
  items: readonly ImportedItem[],
  choice: SamplingChoice,
): ImportedItem[] {
  const n = Math.max(0, Math.floor(choice.n));
  const per = Math.max(0, Math.floor(choice.perGroup));
  if (choice.mode === 'random') return sampleItems(items, { n, seed: choice.seed });
  if (choice.mode === 'per-group' && choice.groupBy !== '') {
    return sampleByGroup(items, choice.groupBy, per, choice.seed);
  }
  return [...items];
}

/** Prompts per category among items, A..H then uncategorized. */
export function categoryCounts(
  items: readonly ImportedItem[],
): { key: CategoryId | 'none'; count: number }[] {
  const counts = new Map<CategoryId | 'none', number>();
  for (const item of items) {
    const key = item.category ?? 'none';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...CATEGORY_IDS, 'none' as const]
    .filter((k) => counts.has(k))
    .map((key) => ({ key, count: counts.get(key)! }));
}

/** A file being imported: reading, detection, column mapping and sampling. */
export class ImportedFile {
  status = $state<'idle' | 'reading' | 'ready'>('idle');
  fileName = $state('');
  fileSize = $state(0);
  outcome = $state.raw<ImportReadOutcome | null>(null);
  mapping = $state<Partial<ColumnMapping>>({});
  sampling = $state<SamplingChoice>({ ...DEFAULT_SAMPLING });
  /** Milliseconds from choosing the file to its preview. */
  readMs = $state(0);
  #source: ImportSource | null = null;
  #ticket = 0;
  readonly #parser: ImportParser;

  /** The parse result, when the file parsed. */
  readonly result = $derived(this.outcome?.result ?? null);
  /** Why the file could not be imported. */
  readonly error = $derived<ImportFailure | null>(this.outcome?.error ?? null);
  /** The file's columns (generic files) or null. */
  readonly columns = $derived(this.outcome?.columns ?? null);
  /** Every item read. */
  readonly items = $derived<readonly ImportedItem[]>(this.result?.items ?? []);
  /** Fields worth grouping by for "N per group". */
  readonly groupFields = $derived(groupFields(this.items));
  /** The items that will be saved or analysed. */
  readonly chosen = $derived(applySampling(this.items, this.sampling));
  /** Sizes of the groups of the chosen field, for the per-group choice. */
  readonly groups = $derived(
    this.sampling.groupBy === ''
      ? []
      : [...groupCounts(this.items, this.sampling.groupBy)]
          .map(([label, count]) => ({ label, count }))
          .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true })),
  );
  /** Whether the file needs (or allows) a column mapping. */
  readonly mappable = $derived(
    this.columns !== null &&
      (this.columns.format === 'generic-csv' ||
        this.columns.format === 'generic-jsonl' ||
        this.columns.format === 'generic-xlsx'),
  );

  /** @param parser reads files (a worker by default) */
  constructor(parser: ImportParser = new ImportParser()) {
    this.#parser = parser;
  }

  /** Label of the detected format. */
  get formatLabel(): string {
    const format = this.result?.format ?? this.columns?.format;
    return format === undefined ? '' : IMPORT_FORMATS[format].label;
  }

  /** Reads a chosen or dropped file; the previous file is forgotten. */
  async choose(source: ImportSource): Promise<void> {
    this.#source = source;
    this.fileName = source.name;
    this.fileSize = source.size;
    this.mapping = {};
    this.sampling = { ...DEFAULT_SAMPLING };
    await this.#read({});
    const applied = this.result?.mapping ?? this.columns?.suggested ?? {};
    this.mapping = { ...applied };
    if (this.groupFields.length > 0) {
      const preferred = ['level', 'subject', 'category'].find((f) => this.groupFields.includes(f));
      this.sampling = { ...this.sampling, groupBy: preferred ?? this.groupFields[0]! };
    }
  }

  /** Chooses the column of one field ('' for none). */
  setMapping(field: MappingField, column: string): void {
    const next: Partial<ColumnMapping> = {};
    for (const f of MAPPING_FIELDS) {
      const value = f === field ? column : this.mapping[f];
      if (value) next[f] = value;
    }
    this.mapping = next;
  }

  /** Reads the file again with the chosen mapping. */
  async applyMapping(): Promise<void> {
    if (this.#source === null) return;
    const mapping: Partial<ColumnMapping> = {};
    for (const field of MAPPING_FIELDS) {
      const column = this.mapping[field];
      if (column) mapping[field] = column;
    }
    await this.#read({ mapping: mapping as ColumnMapping });
  }

  /** Changes the sampling choice. */
  setSampling(change: Partial<SamplingChoice>): void {
    this.sampling = { ...this.sampling, ...change };
  }

  /** Forgets the file. */
  clear(): void {
    this.#ticket += 1;
    this.#source = null;
    this.status = 'idle';
    this.outcome = null;
    this.fileName = '';
    this.fileSize = 0;
    this.mapping = {};
    this.sampling = { ...DEFAULT_SAMPLING };
  }

  async #read(options: { mapping?: ColumnMapping }): Promise<void> {
    const source = this.#source;
    if (source === null) return;
    const ticket = ++this.#ticket;
    this.status = 'reading';
    const started = performance.now();
    const outcome = await this.#parser.read(
      source,
      options.mapping ? { mapping: options.mapping } : {},
    );
    if (ticket !== this.#ticket) return;
    this.outcome = outcome;
    this.readMs = performance.now() - started;
    this.status = 'ready';
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Default dataset name: the format's benchmark name or the file name without extension. */
export function defaultDatasetName(fileName: string, formatLabel: string): string {
  const base = fileName.replace(/\.[^.]+$/, '');
  const bench = formatLabel.replace(/\s*\(.*\)$/, '');
  return formatLabel !== '' && !/mapping/i.test(formatLabel) ? `${bench}: ${base}` : base;
}

/** Importing a benchmark or prompt file as a dataset. */
export class DatasetImport {
  readonly file: ImportedFile;
  name = $state('');
  saving = $state(false);
  saved = $state.raw<Dataset | null>(null);
  saveError = $state<string | null>(null);
  saveMs = $state(0);
  /** The site's storage budget, shown beside Save. */
  readonly storage: StorageStatus;
  readonly #open: () => Promise<PlaygroundDB>;
  readonly #onSaved: (dataset: Dataset) => void;

  /**
   * @param open opens the app database
   * @param onSaved told about every saved dataset (to refresh lists)
   * @param parser reads files
   * @param storage usage, quota and persistence (default: the page's)
   */
  constructor(
    open: () => Promise<PlaygroundDB>,
    onSaved: (dataset: Dataset) => void = () => undefined,
    parser?: ImportParser,
    storage: StorageStatus = getStorageStatus(),
  ) {
    this.#open = open;
    this.#onSaved = onSaved;
    this.file = new ImportedFile(parser);
    this.storage = storage;
  }

  /** Reads a file and proposes a name. */
  async choose(source: ImportSource): Promise<void> {
    this.saved = null;
    this.saveError = null;
    await Promise.all([this.file.choose(source), this.storage.refresh()]);
    this.name = defaultDatasetName(source.name, this.file.formatLabel);
  }

  /**
   * Whether the chosen rows are likely to fit in the space left, estimated from the file's
   * size scaled to the share of rows chosen; undefined before a file is read or without a quota.
   */
  get room(): RoomCheck | undefined {
    const all = this.file.items.length;
    if (all === 0 || this.saved !== null) return undefined;
    const bytes = (this.file.fileSize * this.file.chosen.length) / all;
    return roomFor(storedBytesOf(bytes), this.storage.estimate ?? undefined);
  }

  /** Whether the chosen rows can be saved. */
  get canSave(): boolean {
    return (
      this.file.result !== null &&
      this.file.chosen.length > 0 &&
      !this.saving &&
      this.saved === null
    );
  }

  /**
   * Saves the chosen rows as a dataset: the dataset and all its prompts in one transaction, so
   * a full disk leaves nothing behind.
   */
  async save(): Promise<Dataset | null> {
    const result = this.file.result;
    if (result === null || !this.canSave) return null;
    this.saving = true;
    this.saveError = null;
    // Unpersisted data is the first the browser evicts when the disk runs low.
    void this.storage.ensurePersistent();
    const started = performance.now();
    try {
      const db = await this.#open();
      const sampled = this.file.sampling.mode !== 'all';
      const dataset = await saveDataset(db, {
        name: this.name,
        origin: this.file.fileName,
        format: result.format,
        description:
          `${IMPORT_FORMATS[result.format].label}, ${this.file.chosen.length} of ${result.items.length} prompts` +
          (sampled ? ` (seeded sample, seed ${this.file.sampling.seed})` : ''),
        items: this.file.chosen,
      });
      this.saveMs = performance.now() - started;
      this.saved = dataset;
      this.#onSaved(dataset);
      return dataset;
    } catch (err) {
      this.saveError = `Nothing was saved: ${messageOf(err)}`;
      return null;
    } finally {
      this.saving = false;
      void this.storage.refresh();
    }
  }

  /** Starts over with another file. */
  reset(): void {
    this.file.clear();
    this.name = '';
    this.saved = null;
    this.saveError = null;
  }
}

/** Category ids as a type guard for select values. */
export function isCategory(value: string): value is CategoryId {
  return (CATEGORY_IDS as readonly string[]).includes(value);
}
