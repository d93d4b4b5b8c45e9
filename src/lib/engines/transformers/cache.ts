// The transformers.js model files this browser keeps (Cache Storage 'transformers-cache'),
// grouped by model with their sizes, so Settings can show what works offline and delete it.

/** The Cache Storage bucket transformers.js writes downloaded files to (its `env.cacheKey`). */
export const TRANSFORMERS_CACHE = 'transformers-cache';

/** One model's files in the cache; `model` null gathers files of no model (e.g. runtime wasm). */
export interface StoredModel {
  model: string | null;
  files: number;
  sizeBytes: number;
  /**
   * Whether its weights (an `.onnx` file) are stored. transformers.js fetches them last and
   * caches a file only once it is complete, so without them a download stopped part-way.
   */
  hasWeights: boolean;
}

/**
 * The model id a cached file belongs to: transformers.js keys files by their download URL,
 * `<host>/<model id>/resolve/<revision>/<file>`, and model ids have one or two segments.
 */
export function modelOfCachedUrl(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = /^\/(.+?)\/resolve\/[^/]+\/./.exec(path);
  if (!match) return null;
  const id = decodeURIComponent(match[1]!);
  return id.split('/').length <= 2 ? id : null;
}

/** What the listing needs from `caches` (the browser's CacheStorage). */
export type CacheStorageLike = Pick<CacheStorage, 'has' | 'open'>;

async function sizeOf(response: Response | undefined): Promise<number> {
  if (!response) return 0;
  const header = Number(response.headers.get('content-length'));
  if (Number.isFinite(header) && header > 0) return header;
  return (await response.blob()).size;
}

/**
 * The models stored in the browser, largest first, files of no model last. Reads only headers
 * where it can; a file without a length header is measured from its body.
 */
export async function listStoredModels(storage: CacheStorageLike = caches): Promise<StoredModel[]> {
  if (!(await storage.has(TRANSFORMERS_CACHE))) return [];
  const cache = await storage.open(TRANSFORMERS_CACHE);
  const byModel = new Map<string | null, StoredModel>();
  for (const request of await cache.keys()) {
    const model = modelOfCachedUrl(request.url);
    const entry = byModel.get(model) ?? { model, files: 0, sizeBytes: 0, hasWeights: false };
    entry.files += 1;
    if (model !== null && new URL(request.url).pathname.endsWith('.onnx')) entry.hasWeights = true;
    entry.sizeBytes += await sizeOf(await cache.match(request));
    byModel.set(model, entry);
  }
  return [...byModel.values()].sort(
    (a, b) => Number(a.model === null) - Number(b.model === null) || b.sizeBytes - a.sizeBytes,
  );
}

/**
 * Deletes every stored file of `model` (null: the files of no model).
 * @returns how many files were deleted
 */
export async function deleteStoredModel(
  model: string | null,
  storage: CacheStorageLike | undefined = globalThis.caches,
): Promise<number> {
  if (!storage || !(await storage.has(TRANSFORMERS_CACHE))) return 0;
  const cache = await storage.open(TRANSFORMERS_CACHE);
  let deleted = 0;
  for (const request of await cache.keys()) {
    if (modelOfCachedUrl(request.url) !== model) continue;
    if (await cache.delete(request)) deleted += 1;
  }
  return deleted;
}
