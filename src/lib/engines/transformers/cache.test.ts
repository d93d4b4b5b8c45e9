// Stored transformers.js models: file URLs to model ids, sizes per model, and deleting one model,
// on an in-memory stand-in for the browser's Cache Storage.
import { describe, expect, it } from 'vitest';
import {
  TRANSFORMERS_CACHE,
  deleteStoredModel,
  listStoredModels,
  modelOfCachedUrl,
  type CacheStorageLike,
} from './cache';

describe('modelOfCachedUrl', () => {
  it.each<[string, string | null]>([
    [
      'https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/resolve/main/onnx/model_q4.onnx',
      'HuggingFaceTB/SmolLM2-135M-Instruct',
    ],
    [
      'https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/config.json',
      'Xenova/all-MiniLM-L6-v2',
    ],
    ['https://huggingface.co/gpt2/resolve/main/tokenizer.json', 'gpt2'],
    ['https://huggingface.co/org/model/resolve/v1.0/config.json', 'org/model'],
    ['http://127.0.0.1:4173/tiny-gen/resolve/main/config.json', 'tiny-gen'],
    ['https://huggingface.co/a%20b/c/resolve/main/x.json', 'a b/c'],
    // Not a model file: the runtime's wasm on the app's origin, a bare resolve, three segments.
    ['http://127.0.0.1:4173/assets/ort-wasm-simd-threaded.asyncify-abc.wasm', null],
    ['https://huggingface.co/org/model/resolve/main/', null],
    ['https://huggingface.co/a/b/c/resolve/main/x.json', null],
    ['not a url', null],
  ])('%s -> %s', (url, model) => {
    expect(modelOfCachedUrl(url)).toBe(model);
  });
});

/** Cache Storage holding one bucket of URL -> body, with or without a length header. */
function fakeStorage(files: Record<string, { size: number; header: boolean }>): {
  storage: CacheStorageLike;
  urls: () => string[];
} {
  const entries = new Map(Object.entries(files));
  const cache = {
    keys: async () => [...entries.keys()].map((url) => new Request(url)),
    match: async (request: Request) => {
      const file = entries.get(request.url);
      if (!file) return undefined;
      const headers: Record<string, string> = file.header
        ? { 'content-length': String(file.size) }
        : {};
      return new Response(new Uint8Array(file.size), { headers });
    },
    delete: async (request: Request) => entries.delete(request.url),
  } as unknown as Cache;
  const storage = {
    has: async (name: string) => name === TRANSFORMERS_CACHE && entries.size > 0,
    open: async () => cache,
  } as unknown as CacheStorageLike;
  return { storage, urls: () => [...entries.keys()] };
}

const HUB = 'https://huggingface.co';
const FILES = {
  [`${HUB}/org/small/resolve/main/config.json`]: { size: 100, header: true },
  [`${HUB}/org/small/resolve/main/onnx/model_q8.onnx`]: { size: 2_000, header: false },
  [`${HUB}/org/big/resolve/main/config.json`]: { size: 50, header: true },
  [`${HUB}/org/big/resolve/main/onnx/model_q4.onnx`]: { size: 9_000, header: true },
  // A download cancelled before the weights: configuration and tokenizer only.
  [`${HUB}/org/partial/resolve/main/config.json`]: { size: 30, header: true },
  [`${HUB}/org/partial/resolve/main/tokenizer.json`]: { size: 40, header: false },
  [`${HUB}/org/small/resolve/main/tokenizer_config.json`]: { size: 10, header: true },
  ['http://app.test/assets/ort-wasm-simd-threaded.asyncify-x.wasm']: { size: 30_000, header: true },
};

describe('listStoredModels', () => {
  it('groups files by model, largest first, files of no model last', async () => {
    const { storage } = fakeStorage(FILES);
    await expect(listStoredModels(storage)).resolves.toEqual([
      { model: 'org/big', files: 2, sizeBytes: 9_050, hasWeights: true },
      { model: 'org/small', files: 3, sizeBytes: 2_110, hasWeights: true },
      { model: 'org/partial', files: 2, sizeBytes: 70, hasWeights: false },
      { model: null, files: 1, sizeBytes: 30_000, hasWeights: false },
    ]);
  });

  it('is empty when nothing was ever downloaded', async () => {
    await expect(listStoredModels(fakeStorage({}).storage)).resolves.toEqual([]);
  });
});

describe('deleteStoredModel', () => {
  it.each<[string | null, number, (string | null)[]]>([
    ['org/small', 3, ['org/big', 'org/big', 'org/partial', 'org/partial', null]],
    [
      null,
      1,
      ['org/small', 'org/small', 'org/big', 'org/big', 'org/partial', 'org/partial', 'org/small'],
    ],
    [
      'org/absent',
      0,
      [
        'org/small',
        'org/small',
        'org/big',
        'org/big',
        'org/partial',
        'org/partial',
        'org/small',
        null,
      ],
    ],
  ])('deletes %s (%i files) and keeps the rest', async (model, deleted, left) => {
    const { storage, urls } = fakeStorage(FILES);
    await expect(deleteStoredModel(model, storage)).resolves.toBe(deleted);
    expect(urls().map(modelOfCachedUrl)).toEqual(left);
  });
});
