// Reactive state of the transformers.js section of Settings: the local generator and embedding
// models, each downloaded (and loaded) with progress and a real cancel, and the models stored in
// this browser with their sizes, so a presenter can prepare laptops for offline use.
// The engine code (and its worker) loads on first use.
import type { LoadProgress } from '../engines/types';
import {
  deleteStoredModel,
  listStoredModels,
  type StoredModel,
} from '../engines/transformers/cache';
import {
  DEFAULT_TRANSFORMERS_CHAT_MODEL,
  DEFAULT_TRANSFORMERS_EMBEDDING_MODEL,
  TRANSFORMERS_CHAT_MODELS,
  TRANSFORMERS_EMBEDDING_MODELS,
  type TransformersModelInfo,
} from '../engines/transformers/models';
import { mergeSetting, SETTING_KEYS, type SettingsStore } from './settings-store';

/** The two kinds of transformers.js model Settings offers. */
export type TransformersRole = 'chat' | 'embedding';

/** Loading state of one transformers.js model. */
export type TransformersLoadState =
  | { status: 'idle' }
  | { status: 'loading'; model: string; progress: LoadProgress | null }
  | { status: 'ready'; model: string }
  | { status: 'cancelled'; model: string }
  | { status: 'error'; model: string; message: string };

/** Something that can load a model with progress (both transformers.js engines can). */
export interface Loadable {
  load(options: {
    onProgress?: (progress: LoadProgress) => void;
    signal?: AbortSignal;
  }): Promise<unknown>;
  /** Frees the loaded model, so deleting its files really forgets it. */
  dispose?(): Promise<void>;
}

/** Where stored models are listed and deleted (the browser's Cache Storage by default). */
export interface StoredModels {
  list(): Promise<StoredModel[]>;
  remove(model: string | null): Promise<number>;
}

const BROWSER_CACHE: StoredModels = {
  list: () => listStoredModels(),
  remove: (model) => deleteStoredModel(model),
};

/** What else the section needs (swapped in tests). */
export interface TransformersModelsOptions {
  stored?: StoredModels;
  /** Told when stored files change, so the site's storage use is read again. */
  onStorageChange?: () => void;
}

/** Makes the engine that loads a model; the default imports transformers.js lazily. */
export type LoadableFactory = (role: TransformersRole, model: string) => Promise<Loadable>;

async function defaultFactory(role: TransformersRole, model: string): Promise<Loadable> {
  const client = await import('../engines/transformers/client');
  return role === 'chat'
    ? new client.TransformersChatEngine({ model })
    : new client.TransformersEmbeddingEngine({ model });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sizeLabel(info: TransformersModelInfo): string {
  const sizes = Object.values(info.sizeMB).filter((n): n is number => typeof n === 'number');
  return sizes.length ? `${Math.min(...sizes)}–${Math.max(...sizes)} MB` : 'size unknown';
}

/** The transformers.js section's state. */
export class TransformersModels {
  #chosen = $state<Record<TransformersRole, string>>({
    chat: DEFAULT_TRANSFORMERS_CHAT_MODEL,
    embedding: DEFAULT_TRANSFORMERS_EMBEDDING_MODEL,
  });
  #state = $state<Record<TransformersRole, TransformersLoadState>>({
    chat: { status: 'idle' },
    embedding: { status: 'idle' },
  });
  #stored = $state<StoredModel[]>([]);
  #storedError = $state<string | null>(null);
  readonly #aborts: Partial<Record<TransformersRole, AbortController>> = {};
  readonly #engines: Partial<Record<TransformersRole, Loadable>> = {};
  readonly #factory: LoadableFactory;
  readonly #store: SettingsStore;
  readonly #storedModels: StoredModels;
  readonly #onStorageChange: () => void;

  /** Chat models offered, with download sizes. */
  readonly chatOptions = TRANSFORMERS_CHAT_MODELS.map((m) => ({
    id: m.id,
    label: m.label,
    size: sizeLabel(m),
  }));

  /** Embedding models offered, with download sizes. */
  readonly embeddingOptions = TRANSFORMERS_EMBEDDING_MODELS.map((m) => ({
    id: m.id,
    label: m.label,
    size: sizeLabel(m),
  }));

  /**
   * @param store where the chosen models are remembered
   * @param factory makes the engine that loads a model (tests pass a fake)
   * @param options where stored models are listed, and who hears of storage changes
   */
  constructor(
    store: SettingsStore,
    factory: LoadableFactory = defaultFactory,
    options: TransformersModelsOptions = {},
  ) {
    this.#store = store;
    this.#factory = factory;
    this.#storedModels = options.stored ?? BROWSER_CACHE;
    this.#onStorageChange = options.onStorageChange ?? (() => undefined);
  }

  /** Models stored in this browser, largest first (files of no model last, as `model: null`). */
  get stored(): readonly StoredModel[] {
    return this.#stored;
  }

  /** Why the stored models could not be read or deleted. */
  get storedError(): string | null {
    return this.#storedError;
  }

  /** What is stored of `model`, or null when none of its files is. */
  storedModel(model: string): StoredModel | null {
    return this.#stored.find((s) => s.model === model) ?? null;
  }

  /** Re-reads which models are stored. */
  async refreshStored(): Promise<void> {
    try {
      this.#stored = await this.#storedModels.list();
      this.#storedError = null;
    } catch (err) {
      this.#storedError = `The stored models could not be read: ${messageOf(err)}`;
    }
  }

  /** Deletes a stored model's files (and frees it if loaded), then lists again. */
  async deleteStored(model: string | null): Promise<void> {
    let failure: string | null = null;
    try {
      for (const role of ['chat', 'embedding'] as const) {
        const state = this.#state[role];
        if (model !== null && 'model' in state && state.model === model) {
          this.cancel(role);
          await this.#engines[role]?.dispose?.().catch(() => undefined);
          this.#engines[role] = undefined;
          this.#setState(role, { status: 'idle' });
        }
      }
      await this.#storedModels.remove(model);
    } catch (err) {
      failure = `Could not delete ${model ?? 'the files'}: ${messageOf(err)}`;
    }
    await this.refreshStored();
    if (failure !== null) this.#storedError = failure;
    this.#onStorageChange();
  }

  /** The model chosen for a role. */
  model(role: TransformersRole): string {
    return this.#chosen[role];
  }

  /** Loading state of a role's model. */
  state(role: TransformersRole): TransformersLoadState {
    return this.#state[role];
  }

  /** Reads the remembered choices. */
  async load(): Promise<void> {
    try {
      const stored = await this.#store.getSetting(SETTING_KEYS.localModels);
      if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return;
      const chat = stored.transformersChat;
      const embedding = stored.transformersEmbedding;
      this.#chosen = {
        chat: typeof chat === 'string' && chat ? chat : this.#chosen.chat,
        embedding: typeof embedding === 'string' && embedding ? embedding : this.#chosen.embedding,
      };
    } catch {
      // Defaults stand when nothing can be read.
    }
  }

  /** Chooses the model for a role (and remembers it). */
  async choose(role: TransformersRole, model: string): Promise<void> {
    this.#chosen = { ...this.#chosen, [role]: model };
    this.#setState(role, { status: 'idle' });
    try {
      await mergeSetting(this.#store, SETTING_KEYS.localModels, {
        transformersChat: this.#chosen.chat,
        transformersEmbedding: this.#chosen.embedding,
      });
    } catch {
      // Remembering the choice is a convenience; the selection itself stands.
    }
  }

  /**
   * Downloads the role's model into this browser (or reads it from there) and loads it, with
   * progress. Cancel stops the download; files already complete stay stored.
   */
  async loadModel(role: TransformersRole): Promise<void> {
    const model = this.#chosen[role];
    this.#aborts[role]?.abort();
    const abort = new AbortController();
    this.#aborts[role] = abort;
    this.#setState(role, { status: 'loading', model, progress: null });
    try {
      const engine = await this.#factory(role, model);
      this.#engines[role] = engine;
      await engine.load({
        signal: abort.signal,
        onProgress: (progress) => {
          if (this.#aborts[role] === abort)
            this.#setState(role, { status: 'loading', model, progress });
        },
      });
      if (this.#aborts[role] === abort) this.#setState(role, { status: 'ready', model });
    } catch (err) {
      if (this.#aborts[role] !== abort) return;
      this.#setState(
        role,
        abort.signal.aborted
          ? { status: 'cancelled', model }
          : { status: 'error', model, message: messageOf(err) },
      );
    } finally {
      if (this.#aborts[role] === abort) this.#aborts[role] = undefined;
      await this.refreshStored();
      this.#onStorageChange();
    }
  }

  /** Cancels a running download (unless a run is loading the same model). */
  cancel(role: TransformersRole): void {
    this.#aborts[role]?.abort();
  }

  #setState(role: TransformersRole, state: TransformersLoadState): void {
    this.#state = { ...this.#state, [role]: state };
  }
}
