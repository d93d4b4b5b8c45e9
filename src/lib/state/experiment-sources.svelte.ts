// Where an experiment's prompts come from besides typing: the built-in library and datasets
// imported into IndexedDB. A selection picks prompts one by one or a whole category at a time.
/* eslint-disable svelte/prefer-svelte-reactivity -- Sets and Maps here are local temporaries or
   replaced whole (never mutated in place), so plain collections are what reactivity needs. */
import { CATEGORY_IDS, type CategoryId } from '../core/taxonomy';
import { listDatasets, promptsOfDataset, type PlaygroundDB } from '../storage/db';
import type { Dataset, Prompt } from '../storage/schema';
import type { DraftPrompt, PromptOrigin } from './experiment-form.svelte';

/** A category filter value: a category, or prompts without one. */
export type CategoryKey = CategoryId | 'none';

/** Every category key in display order. */
export const CATEGORY_KEYS: readonly CategoryKey[] = [...CATEGORY_IDS, 'none'];

/** How much of a category is selected. */
export type SelectionState = 'all' | 'some' | 'none';

function keyOf(p: DraftPrompt): CategoryKey {
  return p.category ?? 'none';
}

/** A choice of prompts among candidates (a dataset's or the library's). */
export class PromptSelection {
  #candidates = $state<DraftPrompt[]>([]);
  #selected = $state<ReadonlySet<string>>(new Set());

  /** @param candidates the prompts to choose from */
  constructor(candidates: readonly DraftPrompt[] = []) {
    this.#candidates = [...candidates];
  }

  /** The prompts offered. */
  get candidates(): readonly DraftPrompt[] {
    return this.#candidates;
  }

  /** How many are selected. */
  get size(): number {
    return this.#selected.size;
  }

  /** Categories present among the candidates, with how many prompts each has. */
  get categories(): { key: CategoryKey; count: number }[] {
    const counts = new Map<CategoryKey, number>();
    for (const p of this.#candidates) counts.set(keyOf(p), (counts.get(keyOf(p)) ?? 0) + 1);
    return CATEGORY_KEYS.filter((k) => counts.has(k)).map((key) => ({
      key,
      count: counts.get(key) ?? 0,
    }));
  }

  /** Replaces the candidates and clears the selection. */
  setCandidates(candidates: readonly DraftPrompt[]): void {
    this.#candidates = [...candidates];
    this.#selected = new Set();
  }

  /** Whether one prompt is selected. */
  isSelected(id: string): boolean {
    return this.#selected.has(id);
  }

  /** Selects or deselects one prompt. */
  toggle(id: string, on: boolean): void {
    const next = new Set(this.#selected);
    if (on) next.add(id);
    else next.delete(id);
    this.#selected = next;
  }

  /** Selects or deselects every prompt of a category. */
  toggleCategory(key: CategoryKey, on: boolean): void {
    const next = new Set(this.#selected);
    for (const p of this.#candidates) {
      if (keyOf(p) !== key) continue;
      if (on) next.add(p.id);
      else next.delete(p.id);
    }
    this.#selected = next;
  }

  /** Whether all, some or none of a category's prompts are selected. */
  categoryState(key: CategoryKey): SelectionState {
    let total = 0;
    let chosen = 0;
    for (const p of this.#candidates) {
      if (keyOf(p) !== key) continue;
      total += 1;
      if (this.#selected.has(p.id)) chosen += 1;
    }
    return chosen === 0 ? 'none' : chosen === total ? 'all' : 'some';
  }

  /** The selected prompts, in candidate order. */
  chosen(): DraftPrompt[] {
    return this.#candidates.filter((p) => this.#selected.has(p.id));
  }

  /** Deselects everything. */
  clear(): void {
    this.#selected = new Set();
  }
}

/** One entry of a prompt collection as the sources read it. */
export interface SourcePrompt {
  id: string;
  text: string;
  category?: CategoryId;
  /** Gold answer. */
  answer?: string;
  /** How the gold answer is checked, when the collection says so. */
  answerType?: 'math' | 'short';
  tags?: readonly string[];
}

/**
 * Turns a collection's prompts into form prompts, keeping category and gold answer. A gold answer
 * is checked as math (boxed-answer equivalence) when the prompt or its collection is tagged or
 * named as math, and by the short-answer grader otherwise.
 * @param origin where they come from
 * @param mathCollection whether the whole collection is math (e.g. MATH-500)
 */
export function toDraftPrompts(
  prompts: readonly SourcePrompt[],
  origin: PromptOrigin,
  mathCollection = false,
): DraftPrompt[] {
  return prompts
    .filter((p) => p.text.trim() !== '')
    .map((p) => {
      const math = mathCollection || (p.tags ?? []).some((t) => /^math/i.test(t));
      const answerType = p.answerType ?? (math ? 'math' : 'short');
      const gold = p.answer?.trim();
      return {
        id: p.id,
        text: p.text,
        origin,
        ...(p.category === undefined ? {} : { category: p.category }),
        ...(gold ? { gold, answerType } : {}),
      };
    });
}

/** The built-in collections: the prompt library and the two probe sets. */
export type LibrarySet = 'library' | 'safety' | 'societal';

/** The built-in prompts of one set at a time, with a selection over them. */
export class LibrarySource {
  #set = $state<LibrarySet>('library');
  readonly selection = new PromptSelection();
  readonly #sets: Readonly<Record<LibrarySet, readonly SourcePrompt[]>>;

  /** @param sets the prompts of each built-in set */
  constructor(sets: Readonly<Record<LibrarySet, readonly SourcePrompt[]>>) {
    this.#sets = sets;
    this.selection.setCandidates(toDraftPrompts(sets.library, 'library'));
  }

  /** The set shown. */
  get set(): LibrarySet {
    return this.#set;
  }

  /** How many prompts each set has. */
  count(set: LibrarySet): number {
    return this.#sets[set].length;
  }

  /** Shows another set (the selection starts empty). */
  show(set: LibrarySet): void {
    this.#set = set;
    this.selection.setCandidates(toDraftPrompts(this.#sets[set], 'library'));
  }
}

/** Datasets imported into this browser, and the prompts of the one chosen. */
export class DatasetSource {
  #datasets = $state<Dataset[]>([]);
  #chosen = $state<string>('');
  #loading = $state(false);
  #error = $state<string | null>(null);
  readonly selection = new PromptSelection();
  readonly #open: () => Promise<PlaygroundDB>;

  /** @param open opens the app database */
  constructor(open: () => Promise<PlaygroundDB>) {
    this.#open = open;
  }

  /** Imported datasets, by name. */
  get datasets(): readonly Dataset[] {
    return this.#datasets;
  }

  /** The chosen dataset id ('' for none). */
  get chosen(): string {
    return this.#chosen;
  }

  /** Whether prompts are being read. */
  get loading(): boolean {
    return this.#loading;
  }

  /** Why datasets or prompts could not be read. */
  get error(): string | null {
    return this.#error;
  }

  /** Reads the dataset list again. */
  async refresh(): Promise<void> {
    try {
      const db = await this.#open();
      const all = await listDatasets(db);
      this.#datasets = all.sort((a, b) => a.name.localeCompare(b.name));
      this.#error = null;
    } catch (err) {
      this.#error = `Datasets could not be read: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /** Chooses a dataset and reads its prompts (by the prompts store's dataset index). */
  async choose(datasetId: string): Promise<void> {
    this.#chosen = datasetId;
    this.selection.setCandidates([]);
    if (!datasetId) return;
    this.#loading = true;
    try {
      const db = await this.#open();
      const prompts: Prompt[] = await promptsOfDataset(db, datasetId);
      if (this.#chosen !== datasetId) return;
      const dataset = this.#datasets.find((d) => d.id === datasetId);
      const math = /\bmath/i.test(dataset?.name ?? '');
      this.selection.setCandidates(
        toDraftPrompts(
          prompts.map((p) => ({
            id: p.id,
            text: p.text,
            ...(p.category === undefined ? {} : { category: p.category }),
            ...(p.answer === undefined ? {} : { answer: p.answer }),
            ...(p.tags === undefined ? {} : { tags: p.tags }),
          })),
          'dataset',
          math,
        ),
      );
      this.#error = null;
    } catch (err) {
      this.#error = `The dataset's prompts could not be read: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      this.#loading = false;
    }
  }
}
