// An EmbeddingEngine wrapper caching vectors in IndexedDB, keyed by model and text hash.
// Texts seen before are read from the cache; only the missing ones reach the wrapped engine.
import {
  putEmbeddings,
  readEmbeddings,
  textHash,
  type Draft,
  type PlaygroundDB,
} from '../storage/db';
import { toStorageError } from '../storage/errors';
import type { EmbeddingRecord } from '../storage/schema';
import type { EmbedOptions, EmbeddingEngine, EngineLocation } from './types';

/** Options of the cache wrapper. */
export interface CachedEmbeddingOptions {
  /** The app database, or a function opening it on first use. */
  db: PlaygroundDB | (() => Promise<PlaygroundDB>);
  /**
   * Cache key standing for "same model, same vectors"; defaults to the engine's id. Give a
   * different one when settings that change the vectors (e.g. quantisation) differ.
   */
  namespace?: string;
  /**
   * Told when the cache cannot be read or written. Embedding still succeeds (the cache only
   * saves work), so the default just warns in the console.
   */
  onCacheError?: (error: unknown) => void;
}

/** Counters of one wrapper's cache use. */
export interface EmbeddingCacheStats {
  /** Texts answered from the cache. */
  hits: number;
  /** Texts sent to the wrapped engine. */
  misses: number;
}

function abortError(): Error {
  const err = new Error('The embedding request was cancelled.');
  err.name = 'AbortError';
  return err;
}

/** Wraps an EmbeddingEngine with an IndexedDB cache; same interface, fewer model calls. */
export class CachedEmbeddingEngine implements EmbeddingEngine {
  readonly #inner: EmbeddingEngine;
  readonly #openDb: () => Promise<PlaygroundDB>;
  readonly #namespace: string;
  readonly #onCacheError: (error: unknown) => void;
  #db: Promise<PlaygroundDB> | undefined;
  readonly #stats: EmbeddingCacheStats = { hits: 0, misses: 0 };

  /**
   * @param inner the engine computing missing vectors
   * @param options database, cache namespace and error callback
   */
  constructor(inner: EmbeddingEngine, options: CachedEmbeddingOptions) {
    this.#inner = inner;
    const { db } = options;
    this.#openDb = typeof db === 'function' ? db : () => Promise.resolve(db);
    this.#namespace = options.namespace ?? inner.id;
    this.#onCacheError =
      options.onCacheError ??
      ((error) => console.warn('Embedding cache unavailable; computing vectors instead.', error));
  }

  get id(): string {
    return this.#inner.id;
  }
  get providerId(): string {
    return this.#inner.providerId;
  }
  get model(): string {
    return this.#inner.model;
  }
  get location(): EngineLocation {
    return this.#inner.location;
  }

  /** The key under which this wrapper stores vectors. */
  get namespace(): string {
    return this.#namespace;
  }

  /** Hits and misses so far (a copy). */
  get stats(): EmbeddingCacheStats {
    return { ...this.#stats };
  }

  #database(): Promise<PlaygroundDB> {
    this.#db ??= this.#openDb();
    // A failed open is retried next time rather than remembered.
    this.#db.catch(() => (this.#db = undefined));
    return this.#db;
  }

  /** Cached vectors of the given hashes; a broken cache reads as empty. */
  async #read(hashes: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    try {
      const db = await this.#database();
      const vectors = await readEmbeddings(db, this.#namespace, hashes);
      for (const h of hashes) {
        const vector = vectors.get(h);
        if (vector !== undefined) found.set(h, Float32Array.from(vector));
      }
    } catch (err) {
      this.#onCacheError(toStorageError(err));
    }
    return found;
  }

  async #write(entries: readonly [string, Float32Array][]): Promise<void> {
    if (entries.length === 0) return;
    const now = Date.now();
    const records: Draft<EmbeddingRecord>[] = entries.map(([hash, vector]) => ({
      model: this.#namespace,
      textHash: hash,
      vector,
      dims: vector.length,
      createdAt: now,
    }));
    try {
      const db = await this.#database();
      await putEmbeddings(db, records);
    } catch (err) {
      this.#onCacheError(err);
    }
  }

  /**
   * Embed texts, serving repeats from the cache. Duplicate texts within one call are embedded
   * once. Progress counts cached texts as done at once, then follows the wrapped engine.
   */
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    const { signal, onProgress } = options;
    if (signal?.aborted) throw abortError();
    if (texts.length === 0) return [];
    const hashes = await Promise.all(texts.map(textHash));
    const unique = new Map<string, string>();
    hashes.forEach((h, i) => unique.set(h, texts[i]!));
    const vectors = await this.#read([...unique.keys()]);
    if (signal?.aborted) throw abortError();

    const missing = [...unique].filter(([h]) => !vectors.has(h));
    const cachedTexts = hashes.filter((h) => vectors.has(h)).length;
    this.#stats.hits += cachedTexts;
    this.#stats.misses += missing.length;
    onProgress?.(cachedTexts, texts.length);

    if (missing.length > 0) {
      const remaining = texts.length - cachedTexts;
      const computed = await this.#inner.embed(
        missing.map(([, text]) => text),
        {
          signal,
          onProgress: (done, total) =>
            onProgress?.(cachedTexts + Math.round((done / total) * remaining), texts.length),
        },
      );
      if (computed.length !== missing.length) {
        throw new Error(
          `Embedding engine ${this.#inner.id} returned ${computed.length} vectors for ` +
            `${missing.length} texts.`,
        );
      }
      const fresh = missing.map(([h], i): [string, Float32Array] => [h, computed[i]!]);
      for (const [h, v] of fresh) vectors.set(h, v);
      await this.#write(fresh);
    }

    // Each position gets its own array, so callers may modify one without touching another.
    const used = new Set<string>();
    return hashes.map((h) => {
      const v = vectors.get(h)!;
      if (!used.has(h)) {
        used.add(h);
        return v;
      }
      return v.slice();
    });
  }

  /** Dispose the wrapped engine (the cache itself holds nothing to free). */
  async dispose(): Promise<void> {
    await this.#inner.dispose?.();
  }
}
