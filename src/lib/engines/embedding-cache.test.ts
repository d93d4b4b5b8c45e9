// Tests of the IndexedDB embedding cache against fake-indexeddb: repeats are served from the
// cache, only missing texts reach the engine, and a broken cache never breaks embedding.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type PlaygroundDB } from '../storage/db';
import { allRecords } from '../storage/testing/records';
import { StorageUnavailableError } from '../storage/errors';
import { CachedEmbeddingEngine } from './embedding-cache';
import type { EmbedOptions, EmbeddingEngine } from './types';

/** A deterministic engine that records every batch it is asked for. */
class CountingEngine implements EmbeddingEngine {
  readonly providerId = 'fake';
  readonly location = 'local' as const;
  readonly calls: string[][] = [];
  constructor(readonly model = 'fake-model') {}
  get id(): string {
    return `fake/${this.model}`;
  }
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    texts.forEach((_, i) => options.onProgress?.(i + 1, texts.length));
    return texts.map((t) => vectorOf(`${this.model}:${t}`));
  }
}

function vectorOf(text: string): Float32Array {
  const v = Float32Array.from([
    text.length + 1,
    text.codePointAt(0) ?? 7,
    text.codePointAt(1) ?? 3,
  ]);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const opened: PlaygroundDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(factory = new IDBFactory()): Promise<PlaygroundDB> {
  const db = await openDatabase({ factory, name: 'cache-test' });
  opened.push(db);
  return db;
}

describe('CachedEmbeddingEngine', () => {
  it.each([
    [
      'repeat is fully cached',
      [
        ['a', 'b', 'c'],
        ['a', 'b', 'c'],
      ],
      [['a', 'b', 'c']],
    ],
    [
      'only missing texts are computed',
      [
        ['a', 'b'],
        ['b', 'c', 'a', 'd'],
      ],
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['duplicates in one call are computed once', [['x', 'x', 'y', 'x']], [['x', 'y']]],
    ['empty request touches nothing', [[]], []],
    [
      'empty and unicode texts are cached',
      [
        ['', '東京 ☕'],
        ['東京 ☕', ''],
      ],
      [['', '東京 ☕']],
    ],
    ['case matters (exact text hash)', [['Cat'], ['cat']], [['Cat'], ['cat']]],
    ['identical texts across calls', [['same'], ['same'], ['same']], [['same']]],
  ])('%s', async (_label, requests, expectedCalls) => {
    const inner = new CountingEngine();
    const engine = new CachedEngine(inner, await freshDb());
    for (const texts of requests) {
      const vectors = await engine.embed(texts);
      expect(vectors.map((v) => Array.from(v))).toEqual(
        texts.map((t) => Array.from(vectorOf(`fake-model:${t}`))),
      );
    }
    expect(inner.calls).toEqual(expectedCalls);
  });

  it('counts hits and misses', async () => {
    const engine = new CachedEngine(new CountingEngine(), await freshDb());
    await engine.embed(['a', 'b']);
    await engine.embed(['a', 'b', 'c']);
    expect(engine.stats).toEqual({ hits: 2, misses: 3 });
  });

  it('keeps models apart', async () => {
    const db = await freshDb();
    const small = new CountingEngine('small');
    const big = new CountingEngine('big');
    const [vs] = await new CachedEngine(small, db).embed(['t']);
    const [vb] = await new CachedEngine(big, db).embed(['t']);
    expect(big.calls).toEqual([['t']]);
    expect(Array.from(vs!)).not.toEqual(Array.from(vb!));
    expect((await allRecords(db, 'embeddings')).map((r) => r.model).sort()).toEqual([
      'fake/big',
      'fake/small',
    ]);
  });

  it.each([
    ['default namespace is the engine id', undefined, 'fake/fake-model'],
    ['explicit namespace', 'fake/fake-model@q8', 'fake/fake-model@q8'],
  ])('%s', async (_label, namespace, stored) => {
    const db = await freshDb();
    const engine = new CachedEmbeddingEngine(new CountingEngine(), { db, namespace });
    await engine.embed(['t']);
    expect(engine.namespace).toBe(stored);
    const [record] = await allRecords(db, 'embeddings');
    expect(record).toMatchObject({ model: stored, dims: 3 });
    expect(record!.textHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the cache after the database is reopened', async () => {
    const factory = new IDBFactory();
    const first = new CountingEngine();
    await new CachedEngine(first, await freshDb(factory)).embed(['persist me']);
    for (const db of opened.splice(0)) db.close();
    const second = new CountingEngine();
    const out = await new CachedEngine(second, await freshDb(factory)).embed(['persist me']);
    expect(second.calls).toEqual([]);
    expect(Array.from(out[0]!)).toEqual(Array.from(vectorOf('fake-model:persist me')));
  });

  it('gives each position its own array', async () => {
    const engine = new CachedEngine(new CountingEngine(), await freshDb());
    const [a, b] = await engine.embed(['dup', 'dup']);
    expect(a).not.toBe(b);
    a![0] = 99;
    expect(b![0]).not.toBe(99);
  });

  it.each([
    [
      'nothing cached',
      [],
      ['a', 'b', 'c', 'd'],
      [
        [0, 4],
        [1, 4],
        [2, 4],
        [3, 4],
        [4, 4],
      ],
    ],
    [
      'half cached',
      ['a', 'b'],
      ['a', 'b', 'c', 'd'],
      [
        [2, 4],
        [3, 4],
        [4, 4],
      ],
    ],
    ['all cached', ['a', 'b'], ['a', 'b'], [[2, 2]]],
  ])('progress with %s', async (_label, warm, texts, expected) => {
    const engine = new CachedEngine(new CountingEngine(), await freshDb());
    await engine.embed(warm);
    const seen: number[][] = [];
    await engine.embed(texts, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual(expected);
  });

  it('still embeds when the database cannot be opened, and says so', async () => {
    const inner = new CountingEngine();
    const errors: unknown[] = [];
    const engine = new CachedEmbeddingEngine(inner, {
      db: () => Promise.reject(new StorageUnavailableError()),
      onCacheError: (e) => errors.push(e),
    });
    const out = await engine.embed(['a', 'b']);
    expect(out).toHaveLength(2);
    expect(inner.calls).toEqual([['a', 'b']]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(StorageUnavailableError);
  });

  it('rejects a cancelled request without calling the engine', async () => {
    const inner = new CountingEngine();
    const engine = new CachedEngine(inner, await freshDb());
    const controller = new AbortController();
    controller.abort();
    await expect(engine.embed(['a'], { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(inner.calls).toEqual([]);
  });

  it('rejects an engine that returns the wrong number of vectors', async () => {
    const broken: EmbeddingEngine = {
      id: 'broken/m',
      providerId: 'broken',
      model: 'm',
      location: 'cloud',
      embed: async () => [],
    };
    const engine = new CachedEngine(broken, await freshDb());
    await expect(engine.embed(['a'])).rejects.toThrow(/0 vectors for 1 texts/);
  });

  it('passes identity through and disposes the wrapped engine', async () => {
    let disposed = false;
    const inner = Object.assign(new CountingEngine('m'), {
      dispose: async () => {
        disposed = true;
      },
    });
    const engine = new CachedEngine(inner, await freshDb());
    expect(engine).toMatchObject({
      id: 'fake/m',
      providerId: 'fake',
      model: 'm',
      location: 'local',
    });
    await engine.dispose();
    expect(disposed).toBe(true);
  });
});

/** The wrapper with an already-open database and errors turned into test failures. */
class CachedEngine extends CachedEmbeddingEngine {
  constructor(inner: EmbeddingEngine, db: PlaygroundDB) {
    super(inner, {
      db,
      onCacheError: (e) => {
        throw e;
      },
    });
  }
}
