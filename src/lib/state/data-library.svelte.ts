// The prompt library of the Data area: the built-in prompts and probe sets (read-only, copyable)
// and the user's own prompts (stored in IndexedDB), with search and filters by category and context.
import {
  ALL_LIBRARY_PROMPTS,
  filterLibrary,
  type LibraryPrompt,
  type ProbeKind,
} from '../core/library';
import { activeContexts, isNormativeContext, type NormativeContext } from '../core/mmhs';
import { CATEGORY_IDS, type CategoryId } from '../core/taxonomy';
import type { ExportPrompt } from '../bundle/tables';
import { deletePrompt, promptsWithIdPrefix, savePrompt, type PlaygroundDB } from '../storage/db';
import type { Prompt } from '../storage/schema';

/** Which prompts are listed. */
export type LibraryCollection = 'all' | 'library' | 'safety' | 'societal' | 'mine';

/** One listed prompt: a built-in one or the user's. */
export interface LibraryEntry extends LibraryPrompt {
  builtin: boolean;
  collection: Exclude<LibraryCollection, 'all'>;
}

/** The add/edit form. `id` is null for a new prompt. */
export interface PromptDraft {
  id: string | null;
  text: string;
  category: CategoryId | '';
  answer: string;
  answerType: 'short' | 'math';
  /** Contexts besides the category's own (e.g. societal for a story about people). */
  extraContexts: NormativeContext[];
}

const CONTEXT_TAG = 'context:';
/** Every user prompt id starts with this, so they can be read by key range. */
const USER_ID_PREFIX = 'user-';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A user prompt record as a library entry; records without a category are skipped. */
export function entryOfUserPrompt(p: Prompt): LibraryEntry | null {
  if (p.category === undefined || !CATEGORY_IDS.includes(p.category)) return null;
  const extra = (p.tags ?? [])
    .filter((t) => t.startsWith(CONTEXT_TAG))
    .map((t) => t.slice(CONTEXT_TAG.length))
    .filter(isNormativeContext);
  const contexts = [...activeContexts(p.category, false)];
  for (const c of extra) if (!contexts.includes(c)) contexts.push(c);
  const math = p.tags?.includes('math') === true;
  return {
    id: p.id,
    text: p.text,
    category: p.category,
    contexts,
    ...(p.answer === undefined ? {} : { answer: p.answer, answerType: math ? 'math' : 'short' }),
    builtin: false,
    collection: 'mine',
  };
}

function builtinEntry(p: LibraryPrompt): LibraryEntry {
  return { ...p, builtin: true, collection: p.probe ?? 'library' };
}

const BUILTINS: readonly LibraryEntry[] = ALL_LIBRARY_PROMPTS.map(builtinEntry);

/** A new user prompt id: readable and unique in practice. */
function newPromptId(): string {
  return `${USER_ID_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Browses, searches and edits the prompt library. */
export class PromptLibrary {
  query = $state('');
  category = $state<CategoryId | ''>('');
  context = $state<NormativeContext | ''>('');
  collection = $state<LibraryCollection>('all');
  draft = $state<PromptDraft | null>(null);
  draftError = $state<string | null>(null);
  error = $state<string | null>(null);
  status = $state<'idle' | 'loading' | 'ready'>('idle');
  #user = $state.raw<Prompt[]>([]);
  readonly #open: () => Promise<PlaygroundDB>;

  /** Every prompt, built-in first, then the user's newest first. */
  readonly all = $derived.by((): LibraryEntry[] => [
    ...BUILTINS,
    ...this.#user.map(entryOfUserPrompt).filter((e): e is LibraryEntry => e !== null),
  ]);

  /** The prompts matching the search and filters. */
  readonly entries = $derived.by((): LibraryEntry[] => {
    const inCollection =
      this.collection === 'all'
        ? this.all
        : this.all.filter((e) => e.collection === this.collection);
    return filterLibrary(inCollection, {
      ...(this.category === '' ? {} : { category: this.category }),
      ...(this.context === '' ? {} : { context: this.context }),
      query: this.query,
    });
  });

  /** @param open opens the app database */
  constructor(open: () => Promise<PlaygroundDB>) {
    this.#open = open;
  }

  /** How many prompts a collection holds. */
  count(collection: LibraryCollection): number {
    return collection === 'all'
      ? this.all.length
      : this.all.filter((e) => e.collection === collection).length;
  }

  /** Reads the user's prompts. */
  async load(): Promise<void> {
    this.status = 'loading';
    try {
      const db = await this.#open();
      // User prompt ids share a prefix, so a key range reads them without the datasets' prompts.
      const prompts = await promptsWithIdPrefix(db, USER_ID_PREFIX);
      this.#user = prompts
        .filter((p) => p.source === 'user' && p.datasetId === undefined)
        .sort((a, b) => b.createdAt - a.createdAt);
      this.error = null;
    } catch (err) {
      this.error = `Your prompts could not be read: ${messageOf(err)}`;
    } finally {
      this.status = 'ready';
    }
  }

  /** Clears search and filters. */
  clearFilters(): void {
    this.query = '';
    this.category = '';
    this.context = '';
    this.collection = 'all';
  }

  /** Opens an empty form for a new prompt. */
  startNew(): void {
    this.draftError = null;
    this.draft = {
      id: null,
      text: '',
      category: '',
      answer: '',
      answerType: 'short',
      extraContexts: [],
    };
  }

  /** Opens the form with a copy of a prompt (built-in prompts are edited through copies). */
  startCopy(entry: LibraryEntry): void {
    this.draftError = null;
    this.draft = this.#draftOf(entry, null);
  }

  /** Opens the form to edit one of the user's prompts. */
  startEdit(entry: LibraryEntry): void {
    if (entry.builtin) return;
    this.draftError = null;
    this.draft = this.#draftOf(entry, entry.id);
  }

  #draftOf(entry: LibraryEntry, id: string | null): PromptDraft {
    const own = activeContexts(entry.category, false);
    return {
      id,
      text: entry.text,
      category: entry.category,
      answer: entry.answer ?? '',
      answerType: entry.answerType ?? (entry.category === 'D' ? 'math' : 'short'),
      extraContexts: entry.contexts.filter((c) => !own.includes(c)),
    };
  }

  /** Closes the form without saving. */
  cancelDraft(): void {
    this.draft = null;
    this.draftError = null;
  }

  /** Contexts the draft's category activates on its own (shown ticked and fixed). */
  get draftOwnContexts(): readonly NormativeContext[] {
    const c = this.draft?.category;
    return c ? activeContexts(c, false) : [];
  }

  /** Saves the form as a new prompt or over the edited one; returns whether it was saved. */
  async saveDraft(): Promise<boolean> {
    const draft = this.draft;
    if (draft === null) return false;
    const text = draft.text.trim();
    if (text === '') {
      this.draftError = 'Write the prompt text.';
      return false;
    }
    if (draft.category === '') {
      this.draftError = 'Choose the task category (A-H) the prompt belongs to.';
      return false;
    }
    const previous = this.#user.find((p) => p.id === draft.id);
    const answer = draft.answer.trim();
    const tags = [
      ...draft.extraContexts.map((c) => `${CONTEXT_TAG}${c}`),
      ...(answer !== '' && draft.answerType === 'math' ? ['math'] : []),
    ];
    const record: Prompt = {
      id: draft.id ?? newPromptId(),
      text,
      category: draft.category,
      ...(answer === '' ? {} : { answer }),
      source: 'user',
      ...(tags.length === 0 ? {} : { tags }),
      createdAt: previous?.createdAt ?? Date.now(),
      schemaVersion: 0,
    };
    try {
      const db = await this.#open();
      await savePrompt(db, record);
      const stored = { ...record, schemaVersion: db.version };
      this.#user = previous
        ? this.#user.map((p) => (p.id === record.id ? stored : p))
        : [stored, ...this.#user];
      this.draft = null;
      this.draftError = null;
      return true;
    } catch (err) {
      this.draftError = `The prompt could not be saved: ${messageOf(err)}`;
      return false;
    }
  }

  /** Deletes one of the user's prompts (built-in prompts cannot be deleted). */
  async remove(id: string): Promise<void> {
    if (!this.#user.some((p) => p.id === id)) return;
    try {
      await deletePrompt(await this.#open(), id);
      this.#user = this.#user.filter((p) => p.id !== id);
      if (this.draft?.id === id) this.draft = null;
    } catch (err) {
      this.error = `The prompt could not be deleted: ${messageOf(err)}`;
    }
  }

  /** The listed prompts as JSONL export rows (contexts, probe set and note kept). */
  exportRows(entries: readonly LibraryEntry[] = this.entries): ExportPrompt[] {
    return entries.map((e) => ({
      id: e.id,
      text: e.text,
      category: e.category,
      ...(e.answer === undefined ? {} : { answer: e.answer, answerType: e.answerType ?? 'short' }),
      extra: {
        contexts: [...e.contexts],
        source: e.builtin ? 'builtin' : 'user',
        ...(e.probe === undefined ? {} : { probe: e.probe satisfies ProbeKind }),
        ...(e.note === undefined ? {} : { note: e.note }),
      },
    }));
  }
}
