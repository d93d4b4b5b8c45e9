// API keys per provider: kept for the browser session, or on this device when the user opts in.
// Keys live only in Web Storage under their own names, never in IndexedDB, URLs or messages.

/** The part of the Web Storage API the vault uses (sessionStorage / localStorage, or a fake). */
export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where a provider's key is kept. */
export type KeyStatus = 'none' | 'session' | 'device';

/** Vault options; both storages default to the browser's, when available. */
export interface KeyVaultOptions {
  /** Keeps keys until the tab closes (survives reloads); default `sessionStorage`. */
  session?: KeyStorage | null;
  /** Keeps keys on this device for providers the user chose to remember; default `localStorage`. */
  device?: KeyStorage | null;
  /** Prefix of the storage item names. */
  prefix?: string;
}

/** Item-name prefix; `Data → export` skips Web Storage altogether, so keys never leave with it. */
export const KEY_ITEM_PREFIX = 'mmhs.apiKey.';

function browserStorage(name: 'sessionStorage' | 'localStorage'): KeyStorage | null {
  try {
    // Reading the property itself throws where storage is disabled (some privacy modes).
    return typeof globalThis[name] === 'undefined' ? null : globalThis[name];
  } catch {
    return null;
  }
}

/** An in-memory KeyStorage: the fallback when Web Storage is unavailable, and for tests. */
export class MemoryKeyStorage implements KeyStorage {
  readonly #items = new Map<string, string>();

  /** The stored value, or null. */
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }

  /** Stores a value. */
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }

  /** Removes a value. */
  removeItem(key: string): void {
    this.#items.delete(key);
  }

  /** Every stored value (tests check no key lingers). */
  values(): string[] {
    return [...this.#items.values()];
  }
}

/**
 * Holds API keys. Every key is kept in session storage, so a reload in the same tab keeps it and
 * closing the tab forgets it; with "remember on this device" it is also written to local storage.
 * Storage failures (quota, disabled storage) fall back to memory for the rest of the page's life.
 */
export class KeyVault {
  readonly #session: KeyStorage;
  readonly #device: KeyStorage | null;
  readonly #prefix: string;
  readonly #memory = new MemoryKeyStorage();

  /** @param options storages and item prefix */
  constructor(options: KeyVaultOptions = {}) {
    const session =
      options.session === undefined ? browserStorage('sessionStorage') : options.session;
    this.#session = session ?? this.#memory;
    this.#device = options.device === undefined ? browserStorage('localStorage') : options.device;
    this.#prefix = options.prefix ?? KEY_ITEM_PREFIX;
  }

  #name(providerId: string): string {
    return `${this.#prefix}${providerId}`;
  }

  #read(storage: KeyStorage | null, providerId: string): string | undefined {
    try {
      return storage?.getItem(this.#name(providerId)) || undefined;
    } catch {
      return undefined;
    }
  }

  #write(storage: KeyStorage, providerId: string, key: string): boolean {
    try {
      storage.setItem(this.#name(providerId), key);
      return true;
    } catch {
      return false;
    }
  }

  #delete(storage: KeyStorage | null, providerId: string): void {
    try {
      storage?.removeItem(this.#name(providerId));
    } catch {
      // Nothing stored, or storage unavailable: either way the key is not kept there.
    }
  }

  /**
   * The key for a provider: this session's copy first, then the remembered one (which is copied
   * into the session so later reads are the same); undefined when none.
   * @param providerId the provider's id
   */
  get(providerId: string): string | undefined {
    const session = this.#read(this.#session, providerId) ?? this.#read(this.#memory, providerId);
    if (session) return session;
    const remembered = this.#read(this.#device, providerId);
    if (remembered && !this.#write(this.#session, providerId, remembered)) {
      this.#write(this.#memory, providerId, remembered);
    }
    return remembered;
  }

  /** Where the provider's key is kept. */
  status(providerId: string): KeyStatus {
    if (this.#read(this.#device, providerId)) return 'device';
    return this.get(providerId) ? 'session' : 'none';
  }

  /**
   * Stores (or with an empty key, forgets) a provider's key. `remember` decides whether a copy is
   * kept on this device; switching it off deletes that copy.
   * @param providerId the provider's id
   * @param key the key as entered; surrounding whitespace is dropped
   * @param remember keep it in local storage too
   * @returns false when the device copy could not be written (storage full or disabled)
   */
  set(providerId: string, key: string, remember: boolean): boolean {
    const trimmed = key.trim();
    if (!trimmed) {
      this.remove(providerId);
      return true;
    }
    if (!this.#write(this.#session, providerId, trimmed)) {
      this.#write(this.#memory, providerId, trimmed);
    }
    return this.setRemember(providerId, remember);
  }

  /**
   * Turns "remember on this device" on (copies the current key to local storage) or off (deletes
   * the local copy; the key stays for this session).
   * @returns false when remembering was asked for but local storage refused
   */
  setRemember(providerId: string, remember: boolean): boolean {
    if (!remember) {
      this.#delete(this.#device, providerId);
      return true;
    }
    const key = this.get(providerId);
    if (!key) return true;
    return this.#device !== null && this.#write(this.#device, providerId, key);
  }

  /** Forgets a provider's key everywhere (provider removed, or the user cleared the key). */
  remove(providerId: string): void {
    this.#delete(this.#session, providerId);
    this.#delete(this.#memory, providerId);
    this.#delete(this.#device, providerId);
  }

  /** Every key currently held, for redacting them from any text shown to the user. */
  secrets(providerIds: Iterable<string>): string[] {
    const out: string[] = [];
    for (const id of providerIds) {
      const key = this.get(id);
      if (key) out.push(key);
    }
    return out;
  }
}
