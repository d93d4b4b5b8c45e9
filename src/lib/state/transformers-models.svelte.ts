// Reactive state of the transformers.js section of Settings: the local generator and embedding
// models, each loadable with progress. The engine code (and its worker) loads on first use.
import type { LoadProgress } from '../engines/types';
import {
  DEFAULT_TRANSFORMERS_CHAT_MODEL,
  DEFAULT_TRANSFORMERS_EMBEDDING_MODEL,
  TRANSFORMERS_CHAT_MODELS,
  TRANSFORMERS_EMBEDDING_MODELS,
  type TransformersModelInfo,
} from '../engines/transformers/models';
import { SETTING_KEYS, toJson, type SettingsStore } from './settings-store';

/** The two kinds of transformers.js model Settings offers. */
export type TransformersRole = 'chat' | 'embedding';

/** Loading state of one transformers.js model. */
export type TransformersLoadState =
  | { status: 'idle' }
  | { status: 'loading'; model: string; progress: LoadProgress | null }
  | { status: 'ready'; model: string }
  | { status: 'error'; model: string; message: string };

/** Something that can load a model with progress (both transformers.js engines can). */
export interface Loadable {
  load(options: {
    onProgress?: (progress: LoadProgress) => void;
    signal?: AbortSignal;
  }): Promise<unknown>;
}

/** Makes the engine that loads a model; the default imports transformers.js lazily. */
export type LoadableFactory = (role: TransformersRole, model: string) => Promise<Loadable>;

async function defaultFactory(role: TransformersRole, model: string): Promise<Loadable> {
  const client = await import('../engines/transformers/client');
  return role === 'chat'
    ? new client.TransformersChatEngine({ model })
    : new client.TransformersEmbeddingEngine({ model });
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
  readonly #aborts: Partial<Record<TransformersRole, AbortController>> = {};
  readonly #factory: LoadableFactory;
  readonly #store: SettingsStore;

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
   */
  constructor(store: SettingsStore, factory: LoadableFactory = defaultFactory) {
    this.#store = store;
    this.#factory = factory;
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
      const stored = await this.#store.getSetting(SETTING_KEYS.localModels);
      const base =
        typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? stored : {};
      await this.#store.setSetting(
        SETTING_KEYS.localModels,
        toJson({
          ...base,
          transformersChat: this.#chosen.chat,
          transformersEmbedding: this.#chosen.embedding,
        }),
      );
    } catch {
      // Remembering the choice is a convenience; the selection itself stands.
    }
  }

  /** Downloads (or reads from the cache) the role's model, with progress. */
  async loadModel(role: TransformersRole): Promise<void> {
    const model = this.#chosen[role];
    this.#aborts[role]?.abort();
    const abort = new AbortController();
    this.#aborts[role] = abort;
    this.#setState(role, { status: 'loading', model, progress: null });
    try {
      const engine = await this.#factory(role, model);
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
          ? { status: 'idle' }
          : { status: 'error', model, message: err instanceof Error ? err.message : String(err) },
      );
    } finally {
      if (this.#aborts[role] === abort) this.#aborts[role] = undefined;
    }
  }

  /** Stops waiting for a load (the worker may finish the download in the background). */
  cancel(role: TransformersRole): void {
    this.#aborts[role]?.abort();
  }

  #setState(role: TransformersRole, state: TransformersLoadState): void {
    this.#state = { ...this.#state, [role]: state };
  }
}
