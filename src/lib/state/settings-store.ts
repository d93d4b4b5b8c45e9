// Where settings state classes persist: the IndexedDB settings store, behind a two-method
// interface so tests can use memory. Also opens the app database once for the whole page.
import { getSetting, openDatabase, setSetting, type PlaygroundDB } from '../storage/db';
import type { JsonValue } from '../storage/schema';

/** Key-value persistence of settings (the `settings` store of the app database). */
export interface SettingsStore {
  getSetting(key: string): Promise<JsonValue | undefined>;
  setSetting(key: string, value: JsonValue): Promise<void>;
}

/** Names of the settings records. None of them ever holds an API key. */
export const SETTING_KEYS = {
  providers: 'providers',
  defaults: 'model-defaults',
  prices: 'price-table',
  usage: 'usage-ledger',
  localModels: 'local-models',
} as const;

let shared: Promise<PlaygroundDB> | undefined;
let opened: PlaygroundDB | undefined;

/**
 * The app database, opened on first use and shared by every caller. A failed open is retried
 * on the next call instead of being remembered, and so is a connection the browser closed
 * under the page (it does so when its storage fails, e.g. on a full disk).
 */
export function appDatabase(): Promise<PlaygroundDB> {
  const reason = opened?.closedReason;
  if (reason === 'terminated' || reason === 'closed') {
    shared = undefined;
    opened = undefined;
  }
  if (!shared) {
    const opening = openDatabase();
    shared = opening;
    opening.then(
      (db) => {
        if (shared === opening) opened = db;
      },
      () => {
        if (shared === opening) shared = undefined;
      },
    );
  }
  return shared;
}

/**
 * A SettingsStore on the app database.
 * @param open opens the database (default: the shared app database)
 */
export function databaseSettingsStore(
  open: () => Promise<PlaygroundDB> = appDatabase,
): SettingsStore {
  return {
    async getSetting(key) {
      return getSetting(await open(), key);
    },
    async setSetting(key, value) {
      await setSetting(await open(), key, value);
    },
  };
}

/**
 * A plain JSON copy of a value for storage: `$state` proxies, `undefined` fields and class
 * instances are flattened the way JSON would store them.
 * @param value a snapshot of reactive state
 */
export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

/**
 * Merges `patch` into an object-valued setting (fields of others kept), e.g. the local model
 * choices that WebLLM and transformers.js share under one key.
 * @param store where settings live
 * @param key the setting
 * @param patch the fields to set
 */
export async function mergeSetting(
  store: SettingsStore,
  key: string,
  patch: Record<string, unknown>,
): Promise<void> {
  const stored = await store.getSetting(key);
  const base =
    typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? stored : {};
  await store.setSetting(key, toJson({ ...base, ...patch }));
}
