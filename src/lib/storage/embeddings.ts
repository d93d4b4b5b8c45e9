// The embeddings cache repository: vectors keyed by [model, SHA-256 of the exact text], read many
// at once in one transaction and written many at once.

import type { EmbeddingRecord } from './schema';
import { connectionOf, type Draft, type PlaygroundDB } from './internal/connection';
import { STORES } from './internal/stores';

/**
 * SHA-256 of the exact UTF-8 text as lowercase hex: the embedding cache key. No Unicode
 * normalisation, because models embed the code points they are given.
 */
export async function textHash(text: string): Promise<string> {
  if (typeof crypto === 'undefined' || crypto.subtle === undefined) {
    throw new Error('crypto.subtle is unavailable: serve the app over HTTPS or from localhost.');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Above this many texts, one range read of the model's vectors beats a request per text. */
export const RANGE_READ_MIN = 200;

/**
 * The stored vectors of text hashes under `model`, read in one read-only transaction: a request
 * per hash for a few, else one `getAll` over the model's key range (one request instead of
 * thousands), kept when their hash is wanted.
 * @returns text hash -> vector as stored, for the hashes found
 */
export async function readEmbeddings(
  db: PlaygroundDB,
  model: string,
  hashes: readonly string[],
): Promise<Map<string, Float32Array | number[]>> {
  const wanted = new Set(hashes);
  return connectionOf(db).read(async (handle) => {
    const tx = handle.transaction(STORES.embeddings, 'readonly');
    const out = new Map<string, Float32Array | number[]>();
    if (wanted.size >= RANGE_READ_MIN) {
      // Keys are [model, textHash]: every key of this model sorts between these two.
      const range = IDBKeyRange.bound([model, ''], [model, '\uffff']);
      for (const r of await tx.store.getAll(range)) {
        if (wanted.has(r.textHash)) out.set(r.textHash, r.vector);
      }
    } else {
      const unique = [...wanted];
      const records = await Promise.all(unique.map((h) => tx.store.get([model, h])));
      records.forEach((r, i) => {
        if (r !== undefined) out.set(unique[i] as string, r.vector);
      });
    }
    await tx.done;
    return out;
  });
}

/** Cache many vectors in one transaction (stamped with the schema version). */
export async function putEmbeddings(
  db: PlaygroundDB,
  records: readonly Draft<EmbeddingRecord>[],
): Promise<void> {
  await connectionOf(db).putMany(STORES.embeddings, records);
}

/** Cached embedding of `text` under `model`, if any. */
export async function getEmbedding(
  db: PlaygroundDB,
  model: string,
  text: string,
): Promise<EmbeddingRecord | undefined> {
  return connectionOf(db).get(STORES.embeddings, [model, await textHash(text)]);
}

/** Cache the embedding of `text` under `model`. */
export async function putEmbedding(
  db: PlaygroundDB,
  model: string,
  text: string,
  vector: Float32Array | number[],
): Promise<EmbeddingRecord> {
  const conn = connectionOf(db);
  const record: EmbeddingRecord = {
    model,
    textHash: await textHash(text),
    vector,
    dims: vector.length,
    createdAt: Date.now(),
    schemaVersion: conn.version,
  };
  await conn.put(STORES.embeddings, record);
  return record;
}
