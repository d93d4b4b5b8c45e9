// Reactive settings: the user's providers (keys kept apart in the key vault) and the default
// generator, judge and embedding models. Persisted in the IndexedDB settings store.
import type { KeyStatus, KeyVault } from '../engines/key-vault';
import {
  callsNeedKey,
  COMPATIBLE_PRESETS,
  keyRequirement,
  LOCAL_PROVIDER_IDS,
  PROVIDER_KIND_INFO,
  makeProviderId,
  parseProviders,
  validateProviderDraft,
  type DraftField,
  type ProviderConfig,
  type ProviderDraft,
} from '../engines/providers';
import {
  DEFAULT_TRANSFORMERS_EMBEDDING_MODEL,
  TRANSFORMERS_EMBEDDING_MODELS,
} from '../engines/transformers/models';
import { SETTING_KEYS, toJson, type SettingsStore } from './settings-store';

/** The two in-browser engines as providers, always present and never stored. */
export const LOCAL_PROVIDERS: readonly ProviderConfig[] = [
  {
    id: LOCAL_PROVIDER_IDS.webllm,
    kind: 'webllm',
    label: 'WebLLM (this browser)',
    models: [],
    rememberKey: false,
  },
  {
    id: LOCAL_PROVIDER_IDS.transformers,
    kind: 'transformers',
    label: 'transformers.js (this browser)',
    models: [],
    rememberKey: false,
  },
];

/** Outcome of saving the add/edit form. */
export type SaveResult =
  | { ok: true; id: string; keyWarning?: string }
  | { ok: false; errors: Partial<Record<DraftField | 'form', string>> };

function kindName(draft: ProviderDraft): string {
  return draft.kind === 'openai-compatible'
    ? COMPATIBLE_PRESETS[draft.preset ?? 'custom'].label
    : PROVIDER_KIND_INFO[draft.kind].label;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The providers the user configured, with their keys in the vault. */
export class ProviderSettings {
  #providers = $state<ProviderConfig[]>([]);
  #loaded = $state(false);
  #saveError = $state<string | null>(null);
  /** Bumped whenever a key changes, so key statuses (read from Web Storage) re-render. */
  #keyEpoch = $state(0);
  readonly #store: SettingsStore;
  readonly #vault: KeyVault;

  /**
   * @param store where the provider list is persisted
   * @param vault where the keys are kept
   */
  constructor(store: SettingsStore, vault: KeyVault) {
    this.#store = store;
    this.#vault = vault;
  }

  /** The configured providers, in the order they were added. */
  get providers(): readonly ProviderConfig[] {
    return this.#providers;
  }

  /** Whether the stored list has been read. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Why the last save (or the load) failed, if it did. */
  get saveError(): string | null {
    return this.#saveError;
  }

  /** A configured or local provider by id. */
  find(id: string): ProviderConfig | undefined {
    return this.#providers.find((p) => p.id === id) ?? LOCAL_PROVIDERS.find((p) => p.id === id);
  }

  /** Where the provider's key is kept (none, this session, this device). */
  keyStatus(id: string): KeyStatus {
    void this.#keyEpoch;
    return this.#vault.status(id);
  }

  /** The key to call a provider with; for the engine registry only. */
  readonly getKey = (id: string): string | undefined => this.#vault.get(id);

  /** Every key held, so messages can be scrubbed of them. */
  secrets(): string[] {
    return this.#vault.secrets(this.#providers.map((p) => p.id));
  }

  /** Reads the stored list (once; later calls do nothing). */
  async load(): Promise<void> {
    if (this.#loaded) return;
    try {
      const stored = parseProviders(await this.#store.getSetting(SETTING_KEYS.providers));
      // Providers added while loading stay; stored ones come first.
      const added = this.#providers.filter((a) => !stored.some((s) => s.id === a.id));
      this.#providers = [...stored, ...added];
    } catch (err) {
      this.#saveError = `Saved providers could not be read: ${messageOf(err)}`;
    } finally {
      this.#loaded = true;
    }
  }

  /**
   * Adds a provider from the form, storing its key in the vault.
   * @param draft the form's values
   * @param apiKey the key as typed (may be empty for keyless servers)
   */
  async add(draft: ProviderDraft, apiKey: string): Promise<SaveResult> {
    const checked = this.#check(draft, apiKey);
    if (!checked.ok) return checked;
    const id = makeProviderId(
      checked.config.label,
      this.#providers.map((p) => p.id),
    );
    const config: ProviderConfig = {
      id,
      ...checked.config,
      ...(apiKey.trim() ? { usesKey: true } : {}),
    };
    const keyWarning = this.#storeKey(id, apiKey, config.rememberKey);
    this.#providers = [...this.#providers, config];
    await this.#persist();
    return { ok: true, id, ...(keyWarning ? { keyWarning } : {}) };
  }

  /**
   * Updates a provider from the form. An empty key field keeps the stored key.
   * @param id the provider's id
   * @param draft the form's values
   * @param apiKey a new key, or empty to keep the current one
   */
  async update(id: string, draft: ProviderDraft, apiKey: string): Promise<SaveResult> {
    const index = this.#providers.findIndex((p) => p.id === id);
    if (index < 0) return { ok: false, errors: { form: 'This provider no longer exists.' } };
    const checked = this.#check(draft, apiKey || this.#vault.get(id) || '');
    if (!checked.ok) return checked;
    const usesKey = apiKey.trim() !== '' || this.#providers[index]?.usesKey === true;
    const config: ProviderConfig = { id, ...checked.config, ...(usesKey ? { usesKey } : {}) };
    const keyWarning = apiKey.trim()
      ? this.#storeKey(id, apiKey, config.rememberKey)
      : this.#remember(id, config.rememberKey);
    this.#providers = this.#providers.map((p, i) => (i === index ? config : p));
    await this.#persist();
    return { ok: true, id, ...(keyWarning ? { keyWarning } : {}) };
  }

  /** Removes a provider and forgets its key everywhere. */
  async remove(id: string): Promise<void> {
    this.#vault.remove(id);
    this.#keyEpoch += 1;
    this.#providers = this.#providers.filter((p) => p.id !== id);
    await this.#persist();
  }

  /** Forgets a provider's key (session and device copies); its calls go out without one. */
  forgetKey(id: string): void {
    this.#vault.remove(id);
    this.#keyEpoch += 1;
    this.#setUsesKey(id, false);
  }

  /**
   * Whether calls to the provider need a key that this browser does not hold (a key kept for
   * the session only is gone after the browser was closed).
   */
  missingKey(id: string): boolean {
    void this.#keyEpoch;
    const config = this.find(id);
    return config !== undefined && callsNeedKey(config) && !this.#vault.get(id);
  }

  /**
   * Stores a provider's key given outside the Settings form (a run asking for it in place),
   * kept as the provider is set up (this session, or this device too).
   * @returns a warning when the device copy could not be written
   */
  provideKey(id: string, apiKey: string): string | undefined {
    if (!apiKey.trim()) return undefined;
    const warning = this.#storeKey(id, apiKey, this.find(id)?.rememberKey ?? false);
    this.#setUsesKey(id, true);
    return warning;
  }

  #setUsesKey(id: string, usesKey: boolean): void {
    const config = this.#providers.find((p) => p.id === id);
    if (config === undefined || (config.usesKey === true) === usesKey) return;
    const { usesKey: _old, ...rest } = config;
    const next: ProviderConfig = usesKey ? { ...rest, usesKey } : rest;
    this.#providers = this.#providers.map((p) => (p.id === id ? next : p));
    void this.#persist();
  }

  #check(
    draft: ProviderDraft,
    effectiveKey: string,
  ):
    | { ok: true; config: Omit<ProviderConfig, 'id'> }
    | { ok: false; errors: Partial<Record<DraftField | 'form', string>> } {
    const result = validateProviderDraft(draft);
    const needsKey = keyRequirement({ kind: draft.kind, preset: draft.preset }) === 'required';
    const keyError =
      needsKey && !effectiveKey.trim()
        ? { form: `${kindName(draft)} needs an API key: paste it in the key field.` }
        : {};
    if (!result.ok) return { ok: false, errors: { ...result.errors, ...keyError } };
    if (keyError.form) return { ok: false, errors: keyError };
    return result;
  }

  #storeKey(id: string, apiKey: string, remember: boolean): string | undefined {
    const ok = this.#vault.set(id, apiKey, remember);
    this.#keyEpoch += 1;
    return ok
      ? undefined
      : 'The key could not be saved on this device (storage full or disabled); it is kept for this session only.';
  }

  #remember(id: string, remember: boolean): string | undefined {
    const ok = this.#vault.setRemember(id, remember);
    this.#keyEpoch += 1;
    return ok
      ? undefined
      : 'The key could not be saved on this device (storage full or disabled); it is kept for this session only.';
  }

  async #persist(): Promise<void> {
    try {
      await this.#store.setSetting(
        SETTING_KEYS.providers,
        toJson($state.snapshot(this.#providers)),
      );
      this.#saveError = null;
    } catch (err) {
      this.#saveError = `Providers could not be saved, so they last only until you reload: ${messageOf(err)}`;
    }
  }
}

/** The three roles a default model is chosen for. */
export type ModelRole = 'generator' | 'judge' | 'embedding';

/** The roles in display order. */
export const MODEL_ROLES: readonly ModelRole[] = ['generator', 'judge', 'embedding'];

/** The embedding model the app suggests, and what choosing it costs. */
export interface EmbeddingSuggestion {
  /** Engine id, `providerId/model`. */
  engineId: string;
  /** Short model name, e.g. `all-MiniLM-L6-v2`. */
  name: string;
  /** Approximate download on first use, in MB (the weights used on WASM). */
  downloadMB: number | null;
}

/**
 * The embedding model the UI suggests: all-MiniLM-L6-v2 in the browser, whose files come from the
 * Hugging Face Hub on first use. Only ever used once the user chooses it: a run or an analysis
 * with no embedding model skips embedding distance instead of downloading this behind their back.
 */
export const SUGGESTED_EMBEDDING: EmbeddingSuggestion = (() => {
  const info = TRANSFORMERS_EMBEDDING_MODELS.find(
    (m) => m.id === DEFAULT_TRANSFORMERS_EMBEDDING_MODEL,
  );
  return {
    engineId: `${LOCAL_PROVIDER_IDS.transformers}/${DEFAULT_TRANSFORMERS_EMBEDDING_MODEL}`,
    name:
      DEFAULT_TRANSFORMERS_EMBEDDING_MODEL.split('/').pop() ?? DEFAULT_TRANSFORMERS_EMBEDDING_MODEL,
    downloadMB: info === undefined ? null : (info.sizeMB[info.dtypes.wasm] ?? null),
  };
})();

/** Default engines (`providerId/model`) for generation, judging and embeddings, chosen apart. */
export class ModelDefaults {
  #chosen = $state<Record<ModelRole, string | null>>({
    generator: null,
    judge: null,
    embedding: null,
  });
  #saveError = $state<string | null>(null);
  readonly #store: SettingsStore;

  /** @param store where the choices are persisted */
  constructor(store: SettingsStore) {
    this.#store = store;
  }

  /** The default generator engine id, or null when none is chosen. */
  get generator(): string | null {
    return this.#chosen.generator;
  }

  /** The default judge engine id, or null when none is chosen. */
  get judge(): string | null {
    return this.#chosen.judge;
  }

  /** The default embedding engine id, or null when none is chosen (nothing is assumed). */
  get embedding(): string | null {
    return this.#chosen.embedding;
  }

  /** Why the last save failed, if it did. */
  get saveError(): string | null {
    return this.#saveError;
  }

  /** The engine id chosen for a role. */
  get(role: ModelRole): string | null {
    return this.#chosen[role];
  }

  /** Reads the stored choices. */
  async load(): Promise<void> {
    try {
      const stored = await this.#store.getSetting(SETTING_KEYS.defaults);
      if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
        const next = { ...this.#chosen };
        for (const role of MODEL_ROLES) {
          const value = stored[role];
          if (typeof value === 'string' && value.includes('/')) next[role] = value;
        }
        this.#chosen = next;
      }
    } catch (err) {
      this.#saveError = `Default models could not be read: ${messageOf(err)}`;
    }
  }

  /**
   * Chooses the default engine for a role.
   * @param role generator, judge or embedding
   * @param engineId `providerId/model`, or null to clear
   */
  async choose(role: ModelRole, engineId: string | null): Promise<void> {
    this.#chosen = { ...this.#chosen, [role]: engineId || null };
    try {
      await this.#store.setSetting(SETTING_KEYS.defaults, toJson($state.snapshot(this.#chosen)));
      this.#saveError = null;
    } catch (err) {
      this.#saveError = `Default models could not be saved: ${messageOf(err)}`;
    }
  }
}
