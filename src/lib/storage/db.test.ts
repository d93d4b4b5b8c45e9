// Tests of the IndexedDB storage layer against fake-indexeddb, one fresh IDBFactory per test.
// Covers schema creation, the v1 -> v2 migration, atomic transactions and error mapping.

import 'fake-indexeddb/auto';
import { forceCloseDatabase, IDBFactory } from 'fake-indexeddb';
import { unwrap, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  deleteDatabase,
  deleteExperiment,
  deleteDataset,
  deleteRun,
  getEmbedding,
  getSetting,
  loadRun,
  openDatabase as openPublic,
  putEmbedding,
  saveRunResults,
  setSetting,
  textHash,
  type OpenOptions,
} from './db';
import { connectionOf, type Connection, type Draft, type Value } from './internal/connection';
import {
  MIGRATIONS,
  upgradeRunV1,
  validateMigrations,
  type Migration,
} from './internal/migrations';
import { writeInSlices } from './internal/slices';
import { INDEXES, STORES, type StoreName } from './internal/stores';
import { SCHEMA_VERSION } from './schema';
import { freshDatabases } from './testing/databases';
import { sampleUnit } from './testing/records';
import {
  StorageBlockedError,
  StorageClosedError,
  StorageConstraintError,
  StorageDataError,
  StorageDiskError,
  StorageError,
  StorageMigrationError,
  StorageQuotaError,
  StorageUnavailableError,
  StorageUnknownError,
  StorageVersionError,
  isQuotaError,
  toStorageError,
} from './errors';
import type {
  ChecklistRecord,
  ClassificationRecord,
  Dataset,
  EmbeddingRecord,
  Experiment,
  JudgementRecord,
  MetricRecord,
  Prompt,
  ResponseRecord,
  Run,
  RunSpecRecord,
  RunUnitRecord,
  RunV1,
  Setting,
} from './schema';

/** openDatabase with the connection's store-level operations, which these tests exercise. */
async function openDatabase(options?: OpenOptions): Promise<Connection> {
  return connectionOf(await openPublic(options));
}

const freshDb = freshDatabases();
afterEach(() => vi.unstubAllGlobals());

/** A fresh database (closed after the test) with its store-level operations. */
async function open(options: OpenOptions = {}): Promise<Connection> {
  return connectionOf(await freshDb(options.name ?? 'test', options));
}

const T = 1_700_000_000_000;

function prompt(id: string, extra: Partial<Prompt> = {}): Draft<Prompt> {
  return { id, text: `Prompt ${id}`, source: 'user', createdAt: T, ...extra };
}
function run(id: string, extra: Partial<Run> = {}): Draft<Run> {
  return {
    id,
    experimentId: 'e1',
    status: 'running',
    progress: { done: 0, total: 10, failed: 0 },
    createdAt: T,
    ...extra,
  };
}
function response(id: string, runId: string, promptId: string, index = 0): Draft<ResponseRecord> {
  return {
    id,
    runId,
    promptId,
    strategy: 'default',
    model: 'm',
    index,
    text: `answer ${id}`,
    params: { temperature: 1 },
    latencyMs: 12,
    createdAt: T,
  };
}
function judgement(id: string, runId: string, promptId: string): Draft<JudgementRecord> {
  return {
    id,
    runId,
    promptId,
    kind: 'diversity',
    judgeModel: 'judge',
    responseIds: ['a', 'b'],
    score: 1,
    createdAt: T,
  };
}
const dataset: Draft<Dataset> = {
  id: 'd1',
  name: 'Set',
  source: 'builtin',
  promptCount: 2,
  createdAt: T,
  updatedAt: T,
};
const experiment: Draft<Experiment> = {
  id: 'e1',
  name: 'Exp',
  promptIds: ['p1'],
  strategies: ['default', 'task-anchored'],
  models: ['m'],
  samplesPerPrompt: 5,
  params: { temperature: 1 },
  createdAt: T,
  updatedAt: T,
};
const embedding: Draft<EmbeddingRecord> = {
  model: 'mini',
  textHash: 'abc',
  vector: new Float32Array([0.5, -1, 2]),
  dims: 3,
  createdAt: T,
};
const setting: Draft<Setting> = { key: 'theme', value: { mode: 'dark' }, updatedAt: T };
const unit = (id: string, runId: string): Draft<RunUnitRecord> =>
  sampleUnit(id, runId, { durationMs: 3, finishedAt: T });
function classification(id: string, runId: string): Draft<ClassificationRecord> {
  return {
    id,
    runId,
    promptId: 'p1',
    model: 'm',
    predicted: 'D',
    known: 'D',
    correct: true,
    createdAt: T,
  };
}
function checklist(id: string, runId: string): Draft<ChecklistRecord> {
  return { id, runId, promptId: 'p1', judgeModel: 'j', items: ['a', 'b', 'c'], createdAt: T };
}
function metric(id: string, runId: string, promptId = 'p1'): Draft<MetricRecord> {
  return {
    id,
    runId,
    promptId,
    model: 'm',
    strategy: 'temperature',
    kind: 'general',
    n: 5,
    vocabulary: 0.5,
    embedding: null,
    compression: 2.5,
    createdAt: T,
  };
}
function spec(runId: string): Draft<RunSpecRecord> {
  return { runId, experimentId: 'e1', definition: { k: 5 }, unitCount: 3, createdAt: T };
}

async function countAll(db: Connection): Promise<Record<StoreName, number>> {
  const names = Object.values(STORES);
  const counts = await Promise.all(names.map((s) => db.count(s)));
  return Object.fromEntries(names.map((s, i) => [s, counts[i]])) as Record<StoreName, number>;
}

function storeShape(
  raw: IDBPDatabase<unknown>,
): Record<string, { keyPath: unknown; indexes: string[] }> {
  const names = [...raw.objectStoreNames];
  const tx = raw.transaction(names, 'readonly');
  return Object.fromEntries(
    names.map((n) => {
      const os = tx.objectStore(n);
      return [n, { keyPath: os.keyPath, indexes: [...os.indexNames].sort() }];
    }),
  );
}

describe('textHash', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['héllo wörld', 'a1003f7d04a4115711d0b48a2eaf1359ce565d2d2a6fd65098dfcffadeeef59f'],
    ['👩‍💻 日本語', '81b80f81a55def0f042f4c5e31a587d9cabd432639458961a69b7f597c9dd008'],
    ['a\nb', '7e18f737311b2dc3b2f269dd78396b0351f14fb66efa879f768cb23181883c78'],
    // Decomposed and precomposed "é" hash differently: no normalisation.
    ['e\u0301', 'bf12767b0f2a56b2190075bae8169f656e3ce8d6357d4aff184bc6c7ea48f9f6'],
    ['\u00e9', '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c'],
  ])('hashes %j', async (text, hex) => {
    expect(await textHash(text)).toBe(hex);
  });
});

describe('migrations list', () => {
  const [v1, v2] = MIGRATIONS;
  const step = (version: number): Migration => ({ version, description: '', migrate() {} });

  it('ends at SCHEMA_VERSION', () => {
    expect(MIGRATIONS.at(-1)?.version).toBe(SCHEMA_VERSION);
    expect(validateMigrations(MIGRATIONS)).toBe(SCHEMA_VERSION);
  });

  it.each([
    ['one step', [step(1)], 1],
    ['three steps', [step(1), step(2), step(3)], 3],
    ['the v1 prefix', [v1], 1],
  ])('accepts %s', (_label, list, version) => {
    expect(validateMigrations(list.filter((m) => m !== undefined))).toBe(version);
  });

  it.each([
    ['no steps', []],
    ['a gap', [step(1), step(3)]],
    ['a duplicate', [step(1), step(1)]],
    ['wrong order', [step(2), step(1)]],
    ['no first step', [v2]],
  ])('rejects %s', (_label, list) => {
    expect(() => validateMigrations(list.filter((m) => m !== undefined))).toThrow(/migration/i);
  });
});

describe('upgradeRunV1', () => {
  const base: RunV1 = {
    id: 'r',
    experimentId: 'e',
    status: 'completed',
    completed: 0,
    total: 0,
    createdAt: T,
    schemaVersion: 1,
  };
  it.each([
    ['empty run', { completed: 0, total: 0 }, { done: 0, total: 0, failed: 0 }],
    ['partial run', { completed: 3, total: 10 }, { done: 3, total: 10, failed: 0 }],
    ['finished run', { completed: 7, total: 7 }, { done: 7, total: 7, failed: 0 }],
  ])('%s', (_label, counters, progress) => {
    const upgraded = upgradeRunV1({ ...base, ...counters, error: 'x', finishedAt: T + 1 });
    expect(upgraded).toEqual({
      id: 'r',
      experimentId: 'e',
      status: 'completed',
      createdAt: T,
      error: 'x',
      finishedAt: T + 1,
      progress,
      schemaVersion: 2,
    });
    expect(upgraded).not.toHaveProperty('completed');
  });
});

describe('schema', () => {
  it.each([
    [STORES.prompts, 'id', [INDEXES.prompts.byCategory, INDEXES.prompts.byDatasetId]],
    [STORES.datasets, 'id', []],
    [STORES.experiments, 'id', []],
    [STORES.runs, 'id', [INDEXES.runs.byExperimentId, INDEXES.runs.byStatus]],
    [STORES.responses, 'id', [INDEXES.responses.byRunId, INDEXES.responses.byRunPrompt]],
    [STORES.judgements, 'id', [INDEXES.judgements.byRunId, INDEXES.judgements.byRunPrompt]],
    [STORES.embeddings, ['model', 'textHash'], [INDEXES.embeddings.byModel]],
    [STORES.settings, 'key', []],
    [STORES.runUnits, 'id', [INDEXES.runUnits.byRunId]],
    [STORES.classifications, 'id', [INDEXES.classifications.byRunId]],
    [STORES.checklists, 'id', [INDEXES.checklists.byRunId]],
    [STORES.metrics, 'id', [INDEXES.metrics.byRunId, INDEXES.metrics.byRunPrompt]],
    [STORES.runSpecs, 'runId', []],
    [STORES.runBatches, 'id', [INDEXES.runBatches.byRunId]],
  ])('a fresh database has store %s', async (store, keyPath, indexes) => {
    const db = await open();
    expect(db.version).toBe(SCHEMA_VERSION);
    const shape = storeShape(db.raw as unknown as IDBPDatabase<unknown>);
    expect(Object.keys(shape)).toHaveLength(Object.keys(STORES).length);
    expect(shape[store]).toEqual({ keyPath, indexes: [...indexes].sort() });
  });
});

describe('migration from version 1 to the current version', () => {
  it('keeps data, adds stores and indexes, and upgrades changed records', async () => {
    const factory = new IDBFactory();
    const v1 = await openDatabase({ factory, name: 'm', migrations: MIGRATIONS.slice(0, 1) });
    expect(v1.version).toBe(1);
    const v1Shape = storeShape(v1.raw as unknown as IDBPDatabase<unknown>);
    expect(Object.keys(v1Shape)).not.toContain(STORES.judgements);
    expect(v1Shape[STORES.prompts]?.indexes).toEqual([INDEXES.prompts.byDatasetId]);
    expect(v1Shape[STORES.responses]?.indexes).toEqual([INDEXES.responses.byRunId]);

    // v1 records are written raw, because the typed API only knows the current shapes.
    const raw = v1.raw as unknown as IDBPDatabase<unknown>;
    const oldRuns: RunV1[] = [
      {
        id: 'r1',
        experimentId: 'e1',
        status: 'completed',
        completed: 4,
        total: 4,
        createdAt: T,
        schemaVersion: 1,
      },
      {
        id: 'r2',
        experimentId: 'e1',
        status: 'paused',
        completed: 1,
        total: 9,
        createdAt: T,
        schemaVersion: 1,
      },
    ];
    for (const r of oldRuns) await raw.put(STORES.runs, r);
    await v1.put(STORES.prompts, prompt('p1', { category: 'A', datasetId: 'd1' }));
    await v1.put(STORES.prompts, prompt('p2', { category: 'C' }));
    await v1.putMany(STORES.responses, [
      response('x1', 'r1', 'p1', 0),
      response('x2', 'r1', 'p1', 1),
      response('x3', 'r1', 'p2', 0),
    ]);
    await v1.put(STORES.embeddings, embedding);
    await setSetting(v1, 'apiBase', 'http://localhost:11434');
    v1.close();

    const db = await open({ factory, name: 'm' });
    expect(db.version).toBe(SCHEMA_VERSION);
    const shape = storeShape(db.raw as unknown as IDBPDatabase<unknown>);
    expect(shape[STORES.judgements]?.indexes).toEqual([
      INDEXES.judgements.byRunId,
      INDEXES.judgements.byRunPrompt,
    ]);

    expect(await db.getAll(STORES.runs)).toEqual([
      {
        id: 'r1',
        experimentId: 'e1',
        status: 'completed',
        createdAt: T,
        progress: { done: 4, total: 4, failed: 0 },
        schemaVersion: 2,
      },
      {
        id: 'r2',
        experimentId: 'e1',
        status: 'paused',
        createdAt: T,
        progress: { done: 1, total: 9, failed: 0 },
        schemaVersion: 2,
      },
    ]);
    // Unchanged shapes keep their version and are reachable through the new indexes.
    const byCategory = await db.getAllByIndex(STORES.prompts, INDEXES.prompts.byCategory, 'C');
    expect(byCategory.map((p) => [p.id, p.schemaVersion])).toEqual([['p2', 1]]);
    const pair = await db.getAllByIndex(STORES.responses, INDEXES.responses.byRunPrompt, [
      'r1',
      'p1',
    ]);
    expect(pair.map((r) => r.id)).toEqual(['x1', 'x2']);
    const cached = await db.get(STORES.embeddings, ['mini', 'abc']);
    expect(cached?.vector).toBeInstanceOf(Float32Array);
    expect(Array.from(cached?.vector ?? [])).toEqual([0.5, -1, 2]);
    expect(await getSetting(db, 'apiBase')).toBe('http://localhost:11434');
    expect(await db.count(STORES.judgements)).toBe(0);
  });

  it.each([
    [
      'a synchronous step',
      (): void => {
        throw new Error('boom');
      },
    ],
    [
      'an asynchronous step',
      async (_db: unknown, tx: Parameters<Migration['migrate']>[1]): Promise<void> => {
        await tx.objectStore(STORES.prompts).count();
        throw new Error('boom');
      },
    ],
  ])('rolls back when %s fails', async (_label, failing) => {
    const factory = new IDBFactory();
    const v1 = await openDatabase({ factory, name: 'm', migrations: MIGRATIONS.slice(0, 1) });
    await v1.put(STORES.prompts, prompt('p1'));
    v1.close();
    const broken: Migration = {
      version: 2,
      description: 'creates a store, then fails',
      migrate(db, tx) {
        db.createObjectStore('half-done');
        return failing(db, tx);
      },
    };
    const first = MIGRATIONS[0];
    if (first === undefined) throw new Error('missing v1');
    const failure = openDatabase({ factory, name: 'm', migrations: [first, broken] });
    await expect(failure).rejects.toBeInstanceOf(StorageMigrationError);
    await expect(failure).rejects.toMatchObject({ version: 2, code: 'migration' });

    const again = await open({ factory, name: 'm', migrations: [first] });
    expect(again.version).toBe(1);
    expect([...again.raw.objectStoreNames]).not.toContain('half-done');
    expect((await again.getAll(STORES.prompts)).map((p) => p.id)).toEqual(['p1']);
  });
});

describe('migration from version 3 to version 4', () => {
  it('keeps every record, adds the batch store, and deleting a run deletes its batches', async () => {
    const factory = new IDBFactory();
    const v3 = await openDatabase({ factory, name: 'm', migrations: MIGRATIONS.slice(0, 3) });
    expect([...v3.raw.objectStoreNames]).not.toContain(STORES.runBatches);
    await saveRunResults(v3, run('r1'), [response('x1', 'r1', 'p1')], []);
    await v3.put(STORES.runUnits, unit('u1', 'r1'));
    v3.close();

    const db = await open({ factory, name: 'm' });
    expect(db.version).toBe(4);
    expect(await countAll(db)).toMatchObject({ runs: 1, responses: 1, runUnits: 1, runBatches: 0 });
    const handle = {
      engineId: 'openai/gpt-4o',
      batchId: 'b1',
      customIds: ['u1#0'],
      submittedAt: T,
    };
    await db.put(STORES.runBatches, {
      id: 'r1:openai/gpt-4o:b1',
      runId: 'r1',
      handle,
      requests: [{ messages: [{ role: 'user', content: 'hi' }] }],
      state: 'running',
    });
    expect((await db.get(STORES.runBatches, 'r1:openai/gpt-4o:b1'))?.schemaVersion).toBe(4);
    await deleteRun(db, 'r1');
    expect(await countAll(db)).toMatchObject({ runs: 0, runUnits: 0, runBatches: 0 });
  });
});

describe('migration from version 2 to version 3', () => {
  it('keeps every record and adds the empty pipeline stores', async () => {
    const factory = new IDBFactory();
    const v2 = await openDatabase({ factory, name: 'm', migrations: MIGRATIONS.slice(0, 2) });
    expect(v2.version).toBe(2);
    expect([...v2.raw.objectStoreNames]).not.toContain(STORES.runUnits);
    await saveRunResults(
      v2,
      run('r1'),
      [response('x1', 'r1', 'p1')],
      [judgement('j1', 'r1', 'p1')],
    );
    v2.close();

    const db = await open({ factory, name: 'm' });
    expect(db.version).toBe(SCHEMA_VERSION);
    const shape = storeShape(db.raw as unknown as IDBPDatabase<unknown>);
    expect(shape[STORES.metrics]).toEqual({
      keyPath: 'id',
      indexes: [INDEXES.metrics.byRunId, INDEXES.metrics.byRunPrompt].sort(),
    });
    const counts = await countAll(db);
    expect(counts).toMatchObject({
      runs: 1,
      responses: 1,
      judgements: 1,
      runUnits: 0,
      classifications: 0,
      checklists: 0,
      metrics: 0,
      runSpecs: 0,
    });
    // Records no migration touched keep the version they were written under.
    expect((await db.get(STORES.responses, 'x1'))?.schemaVersion).toBe(2);
    await db.put(STORES.runUnits, unit('u1', 'r1'));
    expect((await db.get(STORES.runUnits, 'u1'))?.schemaVersion).toBe(SCHEMA_VERSION);
  });
});

describe('records', () => {
  it.each([
    [STORES.prompts, prompt('p1', { category: 'H', contexts: ['ctx'], answer: '42' }), 'p1'],
    [STORES.datasets, dataset, 'd1'],
    [STORES.experiments, experiment, 'e1'],
    [STORES.runs, run('r1'), 'r1'],
    [
      STORES.responses,
      { ...response('x1', 'r1', 'p1'), usage: { promptTokens: 3, completionTokens: 5 } },
      'x1',
    ],
    [STORES.judgements, judgement('j1', 'r1', 'p1'), 'j1'],
    [STORES.embeddings, embedding, ['mini', 'abc']],
    [STORES.settings, setting, 'theme'],
    [STORES.runUnits, unit('u1', 'r1'), 'u1'],
    [STORES.classifications, classification('c1', 'r1'), 'c1'],
    [STORES.checklists, checklist('l1', 'r1'), 'l1'],
    [STORES.metrics, metric('m1', 'r1'), 'm1'],
    [STORES.runSpecs, spec('r1'), 'r1'],
  ] as const)('put/get/delete in %s stamps schemaVersion', async (store, record, key) => {
    const db = await open();
    const s = store as StoreName;
    const k = key as never;
    expect(await db.put(s, record as never)).toEqual(key);
    expect(await db.get(s, k)).toEqual({ ...record, schemaVersion: SCHEMA_VERSION });
    await db.delete(s, k);
    expect(await db.get(s, k)).toBeUndefined();
  });

  it('overwrites an explicit old schemaVersion with the current one', async () => {
    const db = await open();
    await db.put(STORES.prompts, { ...prompt('p1'), schemaVersion: 1 });
    expect((await db.get(STORES.prompts, 'p1'))?.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it.each([
    ['no records', 0],
    ['one record', 1],
    ['many records', 50],
  ])('putMany writes %s', async (_label, n) => {
    const db = await open();
    const prompts = Array.from({ length: n }, (_, i) => prompt(`p${i}`));
    await db.putMany(STORES.prompts, prompts);
    expect(await db.count(STORES.prompts)).toBe(n);
  });

  it.each([
    ['unicode string', 'ünïcødé 🎲'],
    ['number', 0.25],
    ['false', false],
    ['null', null],
    ['array', [1, 'two', [3]]],
    ['nested object', { a: { b: [true] } }],
  ])('settings round-trip a %s', async (_label, value) => {
    const db = await open();
    expect(await getSetting(db, 'k')).toBeUndefined();
    await setSetting(db, 'k', value);
    expect(await getSetting(db, 'k')).toEqual(value);
  });

  it.each([
    ['the same text', 'hello', 'hello', true],
    ['another text', 'hello', 'hello!', false],
    ['empty text', '', '', true],
  ])('embedding cache lookup with %s', async (_label, stored, looked, hit) => {
    const db = await open();
    await putEmbedding(db, 'mini', stored, new Float32Array([1, 2]));
    const found = await getEmbedding(db, 'mini', looked);
    expect(found !== undefined).toBe(hit);
    if (found) expect(found).toMatchObject({ dims: 2, textHash: await textHash(stored) });
    expect(await getEmbedding(db, 'other-model', stored)).toBeUndefined();
  });
});

describe('index queries', () => {
  async function seeded(): Promise<Connection> {
    const db = await open();
    await db.putMany(STORES.prompts, [
      prompt('p1', { datasetId: 'd1', category: 'A' }),
      prompt('p2', { datasetId: 'd1', category: 'G' }),
      prompt('p3', { category: 'G' }),
    ]);
    await db.putMany(STORES.runs, [
      run('r1'),
      run('r2', { status: 'completed' }),
      run('r3', { experimentId: 'e2' }),
    ]);
    await saveRunResults(
      db,
      run('r1'),
      [response('x1', 'r1', 'p1'), response('x2', 'r1', 'p1', 1), response('x3', 'r1', 'p2')],
      [judgement('j1', 'r1', 'p1'), judgement('j2', 'r1', 'p2')],
    );
    await saveRunResults(db, run('r2', { status: 'completed' }), [response('y1', 'r2', 'p1')], []);
    await db.putMany(STORES.embeddings, [embedding, { ...embedding, model: 'big' }]);
    return db;
  }

  /** Pipeline records: r1 has 6 (2 units, classification, checklist, metric, spec), r2 one unit. */
  async function seedPipeline(db: Connection): Promise<void> {
    await db.putMany(STORES.runUnits, [unit('u1', 'r1'), unit('u2', 'r1'), unit('u3', 'r2')]);
    await db.put(STORES.classifications, classification('c1', 'r1'));
    await db.put(STORES.checklists, checklist('l1', 'r1'));
    await db.put(STORES.metrics, metric('m1', 'r1'));
    await db.put(STORES.runSpecs, spec('r1'));
  }

  const ids = (records: readonly object[]): string[] =>
    records.map((r) => ('id' in r ? String(r.id) : 'model' in r ? String(r.model) : '?')).sort();

  it.each([
    [
      'prompts by dataset',
      (db: Connection) => db.getAllByIndex(STORES.prompts, INDEXES.prompts.byDatasetId, 'd1'),
      ['p1', 'p2'],
    ],
    [
      'prompts by category',
      (db: Connection) => db.getAllByIndex(STORES.prompts, INDEXES.prompts.byCategory, 'G'),
      ['p2', 'p3'],
    ],
    [
      'prompts by unused category',
      (db: Connection) => db.getAllByIndex(STORES.prompts, INDEXES.prompts.byCategory, 'B'),
      [],
    ],
    [
      'runs by experiment',
      (db: Connection) => db.getAllByIndex(STORES.runs, INDEXES.runs.byExperimentId, 'e1'),
      ['r1', 'r2'],
    ],
    [
      'runs by status',
      (db: Connection) => db.getAllByIndex(STORES.runs, INDEXES.runs.byStatus, 'completed'),
      ['r2'],
    ],
    [
      'responses by run',
      (db: Connection) => db.getAllByIndex(STORES.responses, INDEXES.responses.byRunId, 'r1'),
      ['x1', 'x2', 'x3'],
    ],
    [
      'responses by run and prompt',
      (db: Connection) =>
        db.getAllByIndex(STORES.responses, INDEXES.responses.byRunPrompt, ['r1', 'p1']),
      ['x1', 'x2'],
    ],
    [
      'responses of a run without any',
      (db: Connection) => db.getAllByIndex(STORES.responses, INDEXES.responses.byRunId, 'r3'),
      [],
    ],
    [
      'judgements by run',
      (db: Connection) => db.getAllByIndex(STORES.judgements, INDEXES.judgements.byRunId, 'r1'),
      ['j1', 'j2'],
    ],
    [
      'judgements by run and prompt',
      (db: Connection) =>
        db.getAllByIndex(STORES.judgements, INDEXES.judgements.byRunPrompt, ['r1', 'p2']),
      ['j2'],
    ],
    [
      'embeddings by model',
      (db: Connection) => db.getAllByIndex(STORES.embeddings, INDEXES.embeddings.byModel, 'big'),
      ['big'],
    ],
  ])('%s', async (_label, query, expected) => {
    const db = await seeded();
    expect(ids(await query(db))).toEqual(expected);
  });

  it.each([
    ['r1', 'p1', ['m1', 'm2']],
    ['r1', 'p2', ['m3']],
    ['r2', 'p1', ['m4']],
    ['r3', 'p1', []],
  ])('metrics of run %s and prompt %s', async (runId, promptId, expected) => {
    const db = await open();
    await db.putMany(STORES.metrics, [
      metric('m1', 'r1', 'p1'),
      metric('m2', 'r1', 'p1'),
      metric('m3', 'r1', 'p2'),
      metric('m4', 'r2', 'p1'),
    ]);
    const found = await db.getAllByIndex(STORES.metrics, INDEXES.metrics.byRunPrompt, [
      runId,
      promptId,
    ]);
    expect(ids(found)).toEqual(expected);
  });

  it('reads a run bundle from one snapshot', async () => {
    const db = await seeded();
    const bundle = await loadRun(db, 'r1');
    expect(bundle.run?.id).toBe('r1');
    expect(ids(bundle?.responses ?? [])).toEqual(['x1', 'x2', 'x3']);
    expect(ids(bundle?.judgements ?? [])).toEqual(['j1', 'j2']);
    expect((await loadRun(db, 'missing')).run).toBeUndefined();
  });

  it.each([
    ['r1', { runs: 1, responses: 3, judgements: 2, pipeline: 6 }, ['y1'], [], ['u3']],
    [
      'r2',
      { runs: 1, responses: 1, judgements: 0, pipeline: 1 },
      ['x1', 'x2', 'x3'],
      ['j1', 'j2'],
      ['u1', 'u2'],
    ],
    [
      'r3',
      { runs: 1, responses: 0, judgements: 0, pipeline: 0 },
      ['x1', 'x2', 'x3', 'y1'],
      ['j1', 'j2'],
      ['u1', 'u2', 'u3'],
    ],
    [
      'missing',
      { runs: 0, responses: 0, judgements: 0, pipeline: 0 },
      ['x1', 'x2', 'x3', 'y1'],
      ['j1', 'j2'],
      ['u1', 'u2', 'u3'],
    ],
  ])('deleteRun(%s) cascades', async (runId, counts, responsesLeft, judgementsLeft, unitsLeft) => {
    const db = await seeded();
    await seedPipeline(db);
    expect(await deleteRun(db, runId)).toEqual(counts);
    expect(await db.get(STORES.runs, runId)).toBeUndefined();
    expect(ids(await db.getAll(STORES.responses))).toEqual(responsesLeft);
    expect(ids(await db.getAll(STORES.judgements))).toEqual(judgementsLeft);
    expect(ids(await db.getAll(STORES.runUnits))).toEqual(unitsLeft);
    const left = await db.getAll(STORES.metrics);
    expect(left.every((m) => m.runId !== runId)).toBe(true);
    expect(await db.get(STORES.runSpecs, runId)).toBeUndefined();
  });

  it('deleteExperiment removes its runs and their results only', async () => {
    const db = await seeded();
    await db.put(STORES.experiments, experiment);
    await seedPipeline(db);
    expect(await deleteExperiment(db, 'e1')).toEqual({
      runs: 2,
      responses: 4,
      judgements: 2,
      pipeline: 7,
    });
    expect(ids(await db.getAll(STORES.runUnits))).toEqual([]);
    expect(await db.get(STORES.experiments, 'e1')).toBeUndefined();
    expect(ids(await db.getAll(STORES.runs))).toEqual(['r3']);
    expect(await db.count(STORES.responses)).toBe(0);
  });

  it('deleteDataset removes its prompts only', async () => {
    const db = await seeded();
    await db.put(STORES.datasets, dataset);
    expect(await deleteDataset(db, 'd1')).toBe(2);
    expect(await db.get(STORES.datasets, 'd1')).toBeUndefined();
    expect(ids(await db.getAll(STORES.prompts))).toEqual(['p3']);
  });

  it('a cascade that fails half-way deletes nothing', async () => {
    const db = await seeded();
    const original = IDBObjectStore.prototype.delete;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(function (
      this: IDBObjectStore,
      query: IDBValidKey | IDBKeyRange,
    ) {
      calls += 1;
      if (calls === 3) throw new DOMException('disk full', 'QuotaExceededError');
      return original.call(this, query);
    });
    await expect(deleteRun(db, 'r1')).rejects.toBeInstanceOf(StorageQuotaError);
    vi.restoreAllMocks();
    expect(ids(await db.getAllByIndex(STORES.responses, INDEXES.responses.byRunId, 'r1'))).toEqual([
      'x1',
      'x2',
      'x3',
    ]);
    expect(await db.get(STORES.runs, 'r1')).toBeDefined();
  });
});

describe('transactions are all-or-nothing', () => {
  const noSeed = async (): Promise<void> => {};
  it.each([
    [
      'a duplicate key with add',
      StorageConstraintError,
      async (db: Connection) => {
        await db.put(STORES.prompts, prompt('dup'));
      },
      (db: Connection) =>
        db.transact([STORES.runs, STORES.prompts], async (tx) => {
          await tx.objectStore(STORES.runs).put({ ...run('r1'), schemaVersion: 2 });
          await tx.objectStore(STORES.prompts).add({ ...prompt('fresh'), schemaVersion: 2 });
          await tx.objectStore(STORES.prompts).add({ ...prompt('dup'), schemaVersion: 2 });
        }),
    ],
    [
      'a record without its key',
      StorageDataError,
      noSeed,
      (db: Connection) =>
        db.putMany(STORES.runs, [run('r1'), { ...run('r2'), id: undefined as unknown as string }]),
    ],
    [
      'a value that cannot be cloned',
      StorageDataError,
      noSeed,
      (db: Connection) =>
        saveRunResults(db, run('r1'), [
          response('x0', 'r1', 'p1'),
          { ...response('x1', 'r1', 'p1'), text: (() => 'fn') as unknown as string },
        ]),
    ],
  ])('%s rejects with a typed error and writes nothing', async (_label, ErrorClass, seed, act) => {
    const db = await open();
    await seed(db);
    const before = await countAll(db);
    await expect(act(db)).rejects.toBeInstanceOf(ErrorClass);
    expect(await countAll(db)).toEqual(before);
  });

  it('add() on an existing key is a StorageConstraintError', async () => {
    const db = await open();
    await db.add(STORES.datasets, dataset);
    const err = await db.add(STORES.datasets, dataset).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageConstraintError);
    expect(String((err as Error).message)).toMatch(/nothing from it was written/);
  });

  it('an error thrown by caller code aborts and is rethrown unchanged', async () => {
    const db = await open();
    const mine = new RangeError('validation failed');
    const result = db.transact([STORES.prompts], async (tx) => {
      await tx.objectStore(STORES.prompts).put({ ...prompt('p1'), schemaVersion: 2 });
      throw mine;
    });
    await expect(result).rejects.toBe(mine);
    expect(await db.count(STORES.prompts)).toBe(0);
  });

  it('returns the callback result when it commits', async () => {
    const db = await open();
    const n = await db.transact([STORES.prompts, STORES.datasets], async (tx) => {
      await tx.objectStore(STORES.datasets).put({ ...dataset, schemaVersion: 2 });
      await tx
        .objectStore(STORES.prompts)
        .put({ ...prompt('p1', { datasetId: 'd1' }), schemaVersion: 2 });
      return tx.objectStore(STORES.prompts).count();
    });
    expect(n).toBe(1);
    expect(await db.get(STORES.datasets, 'd1')).toBeDefined();
  });
});

/** fake-indexeddb internal: a request on `store` whose operation fails like a full disk. */
function asyncQuotaFailure(store: IDBObjectStore): IDBRequest {
  const tx = store.transaction as unknown as {
    _execRequestAsync(o: { operation: () => never; source: IDBObjectStore }): IDBRequest;
  };
  return tx._execRequestAsync({
    operation: () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    },
    source: store,
  });
}

describe('a save that fails half-way on a full disk', () => {
  type PutArgs = [value: unknown, key?: IDBValidKey];
  type FakeTx = {
    _abort(name: string): void;
    _execRequestAsync(o: { operation: () => never; source: IDBObjectStore }): IDBRequest;
  };
  const original = IDBObjectStore.prototype.put;
  const quota = (): DOMException =>
    new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  const fakeTx = (store: IDBObjectStore): FakeTx => store.transaction as unknown as FakeTx;

  // Each way fails the 3rd put of the save, after the run and one response were already queued;
  // one lets every request succeed and aborts at commit, as Chromium does on a full disk.
  const ways: [
    string,
    (store: IDBObjectStore, args: PutArgs) => IDBRequest,
    abstract new (...args: never[]) => StorageError,
  ][] = [
    [
      'QuotaExceededError thrown synchronously by put()',
      () => {
        throw quota();
      },
      StorageQuotaError,
    ],
    [
      'QuotaExceededError on the request (the transaction aborts with it)',
      asyncQuotaFailure,
      StorageQuotaError,
    ],
    [
      'QuotaExceededError on the transaction while requests see AbortError',
      (store, args) => {
        const request = original.apply(store, args);
        fakeTx(store)._abort('QuotaExceededError');
        return request;
      },
      StorageQuotaError,
    ],
    [
      'a transaction that aborts with QuotaExceededError at commit, every request done',
      (store, args) => {
        const request = original.apply(store, args);
        request.addEventListener('success', () => fakeTx(store)._abort('QuotaExceededError'));
        return request;
      },
      StorageQuotaError,
    ],
    [
      'a legacy error with code 22 and another name (old WebKit)',
      () => {
        throw Object.assign(new Error('quota'), { name: 'QUOTA_EXCEEDED_ERR', code: 22 });
      },
      StorageQuotaError,
    ],
    [
      'an internal write failure (Chromium UnknownError)',
      () => {
        throw new DOMException('Internal error committing transaction.', 'UnknownError');
      },
      StorageDiskError,
    ],
  ];

  async function seedEarlierRun(db: Connection): Promise<void> {
    await saveRunResults(
      db,
      run('r0', { status: 'completed', progress: { done: 2, total: 2, failed: 0 } }),
      [response('a1', 'r0', 'p1'), response('a2', 'r0', 'p1', 1)],
      [judgement('k1', 'r0', 'p1')],
    );
    await db.put(STORES.runSpecs, spec('r0'));
    await db.put(STORES.metrics, metric('m0', 'r0'));
    await db.put(STORES.runs, run('r1', { status: 'running' }));
  }

  const save = (db: Connection): Promise<void> =>
    saveRunResults(
      db,
      run('r1', { status: 'completed', progress: { done: 3, total: 3, failed: 0 } }),
      [response('x1', 'r1', 'p1'), response('x2', 'r1', 'p1', 1), response('x3', 'r1', 'p1', 2)],
      [judgement('j1', 'r1', 'p1')],
    );

  it.each(ways)(
    '%s: a typed error naming the next step, earlier runs intact, the retry succeeds',
    async (_label, failingPut, ErrorClass) => {
      const db = await open();
      await seedEarlierRun(db);
      const before = await countAll(db);
      const earlier = await loadRun(db, 'r0');
      let calls = 0;
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
        this: IDBObjectStore,
        ...args: PutArgs
      ) {
        calls += 1;
        return calls === 3 ? failingPut(this, args) : original.apply(this, args);
      });

      const err = await save(db).catch((e: unknown) => e);
      vi.restoreAllMocks();

      expect(err).toBeInstanceOf(ErrorClass);
      const message = (err as Error).message;
      expect(message).toMatch(/nothing from it was written/);
      expect(message).toMatch(/delete old runs or datasets/);
      expect(message).toMatch(/export the runs you want to keep/);
      expect(message).not.toMatch(/private/);
      // Nothing of the failed save, and every earlier record as it was.
      expect(await countAll(db)).toEqual(before);
      expect(await loadRun(db, 'r0')).toEqual(earlier);
      expect((await db.get(STORES.runs, 'r1'))?.status).toBe('running');
      expect(await db.getAllByIndex(STORES.responses, INDEXES.responses.byRunId, 'r1')).toEqual([]);

      // Freeing space (deleting the old run) and saving again works on the same connection.
      await deleteRun(db, 'r0');
      await save(db);
      const saved = await loadRun(db, 'r1');
      expect(saved.run?.status).toBe('completed');
      expect(saved?.responses.map((r) => r.id)).toEqual(['x1', 'x2', 'x3']);
    },
  );
});

describe('writeInSlices', () => {
  type PutArgs = [value: unknown, key?: IDBValidKey];
  const original = IDBObjectStore.prototype.put;
  const responses = (n: number): Value<'responses'>[] =>
    Array.from({ length: n }, (_, i) => ({
      ...response(`x${i}`, 'r1', 'p1', i),
      schemaVersion: SCHEMA_VERSION,
    }));

  /** Writes `n` responses in slices of 16 (sliceMs 0) inside one transaction with a run. */
  function save(db: Connection, n: number, onProgress?: (written: number) => void) {
    return db.transact([STORES.runs, STORES.responses], async (tx) => {
      await tx.objectStore(STORES.runs).put({ ...run('r1'), schemaVersion: SCHEMA_VERSION });
      await writeInSlices(unwrap(tx.objectStore(STORES.responses)), responses(n), {
        sliceMs: 0,
        ...(onProgress ? { onProgress } : {}),
      });
    });
  }

  it('writes every record in one transaction over many slices, yielding between them', async () => {
    const db = await open();
    const progress: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    await save(db, 1000, (written) => progress.push(written));
    clearInterval(timer);
    expect(await db.count(STORES.responses)).toBe(1000);
    // 16 values per slice: 62 full slices and one of 8.
    expect(progress).toHaveLength(63);
    expect(progress.at(-1)).toBe(1000);
    expect(progress.slice(0, 3)).toEqual([16, 32, 48]);
    // Timers ran while the transaction was open: the event loop was not held.
    expect(ticks).toBeGreaterThan(0);
  });

  it('prepares each value as it is written and can refuse existing keys', async () => {
    const db = await open();
    await db.transact([STORES.prompts], (tx) =>
      writeInSlices(unwrap(tx.objectStore(STORES.prompts)), ['a', 'b'], {
        mode: 'add',
        prepare: (id) => ({ ...prompt(id), schemaVersion: SCHEMA_VERSION }),
      }),
    );
    expect((await db.getAll(STORES.prompts)).map((p) => p.id)).toEqual(['a', 'b']);
    const again = db.transact([STORES.prompts], (tx) =>
      writeInSlices(unwrap(tx.objectStore(STORES.prompts)), ['c', 'a'], {
        mode: 'add',
        prepare: (id) => ({ ...prompt(id), schemaVersion: SCHEMA_VERSION }),
      }),
    );
    await expect(again).rejects.toBeInstanceOf(StorageConstraintError);
    expect(await db.count(STORES.prompts)).toBe(2);
  });

  // Each failure strikes in a late slice, after hundreds of records were already written.
  it.each<
    [
      string,
      number,
      (store: IDBObjectStore, args: PutArgs) => IDBRequest,
      new (...args: never[]) => StorageError,
    ]
  >([
    [
      'quota thrown by put() in slice 32',
      500,
      () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
      StorageQuotaError,
    ],
    ['quota reported by the request in slice 50', 790, asyncQuotaFailure, StorageQuotaError],
    [
      'a value that cannot be cloned in the last slice',
      1000,
      (store, [value]) => original.call(store, { ...(value as object), text: () => 'fn' }),
      StorageDataError,
    ],
  ])('%s: the whole import is undone', async (_label, failAt, failingPut, ErrorClass) => {
    const db = await open();
    await db.put(STORES.runs, run('r0'));
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: PutArgs
    ) {
      calls += 1;
      // Call 1 is the run; response i is call i + 2.
      return calls === failAt + 1 ? failingPut(this, args) : original.apply(this, args);
    });
    const err = await save(db, 1000).catch((e: unknown) => e);
    vi.restoreAllMocks();
    // Writing stopped within the slice that failed (an asynchronous failure is seen when the
    // slice's last request settles).
    expect(calls).toBeGreaterThanOrEqual(failAt + 1);
    expect(calls).toBeLessThan(failAt + 1 + 16);
    expect(err).toBeInstanceOf(ErrorClass);
    expect(await db.count(STORES.responses)).toBe(0);
    expect((await db.getAll(STORES.runs)).map((r) => r.id)).toEqual(['r0']);
  });
});

describe('toStorageError', () => {
  it.each([
    ['QuotaExceededError', 'use', StorageQuotaError, 'quota', /storage for this site is full/],
    ['NS_ERROR_DOM_QUOTA_REACHED', 'use', StorageQuotaError, 'quota', /delete old runs/],
    ['QuotaExceededError', 'open', StorageQuotaError, 'quota', /free disk space/],
    ['UnknownError', 'use', StorageDiskError, 'disk', /disk is nearly full/],
    ['UnknownError', 'open', StorageDiskError, 'disk', /could not open.*Free disk space.*reload/],
    ['InvalidStateError', 'use', StorageClosedError, 'closed', /connection is reopened/],
    ['InvalidStateError', 'open', StorageUnavailableError, 'unavailable', /private/],
    ['SecurityError', 'open', StorageUnavailableError, 'unavailable', /allow site data/],
    ['VersionError', 'open', StorageVersionError, 'version', /Reload the page/],
    ['ConstraintError', 'use', StorageConstraintError, 'constraint', /duplicate/],
    ['DataCloneError', 'use', StorageDataError, 'data', /bug/],
    ['DataError', 'use', StorageDataError, 'data', /report/],
    ['AbortError', 'use', StorageUnknownError, 'unknown', /Try again/],
    ['SomethingNew', 'use', StorageUnknownError, 'unknown', /SomethingNew/],
  ] as const)('maps DOMException %s (%s)', (name, phase, ErrorClass, code, advice) => {
    const cause = new DOMException('raw', name);
    const err = toStorageError(cause, phase);
    expect(err).toBeInstanceOf(ErrorClass);
    expect(err).toBeInstanceOf(StorageError);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(advice);
    expect(err.message).toContain(err.advice);
    expect(err.cause).toBe(cause);
  });

  it.each([
    ['a plain error', new Error('disk on fire'), StorageUnknownError, /disk on fire/],
    ['a string', 'weird', StorageUnknownError, /weird/],
    ['undefined', undefined, StorageUnknownError, /undefined/],
    ['an error-like object', { name: 'QuotaExceededError' }, StorageQuotaError, /full/],
    ['legacy code 22', { name: 'QUOTA_EXCEEDED_ERR', code: 22 }, StorageQuotaError, /full/],
    ['Firefox code 1014', { name: 'NS_ERROR_FAILURE', code: 1014 }, StorageQuotaError, /full/],
  ])('maps %s', (_label, input, ErrorClass, message) => {
    const err = toStorageError(input);
    expect(err).toBeInstanceOf(ErrorClass);
    expect(err.message).toMatch(message);
  });

  it.each([
    ['quota', new StorageQuotaError()],
    ['blocked', new StorageBlockedError()],
    ['migration', new StorageMigrationError(3)],
  ])('passes a StorageError (%s) through', (_label, err) => {
    expect(toStorageError(err)).toBe(err);
  });
});

describe('isQuotaError', () => {
  const abortedTx = { name: 'AbortError', error: new DOMException('', 'QuotaExceededError') };
  it.each<[string, unknown, boolean]>([
    ['QuotaExceededError', new DOMException('full', 'QuotaExceededError'), true],
    ['NS_ERROR_DOM_QUOTA_REACHED', { name: 'NS_ERROR_DOM_QUOTA_REACHED' }, true],
    ['code 22 under another name', { name: 'QUOTA_EXCEEDED_ERR', code: 22 }, true],
    ['code 22 without a name', { code: 22 }, true],
    ['an aborted transaction whose error is a quota error', abortedTx, true],
    ['an error caused by a quota error', new Error('save', { cause: abortedTx }), true],
    ['StorageQuotaError', new StorageQuotaError(), true],
    ['a plain AbortError', new DOMException('', 'AbortError'), false],
    ['UnknownError', new DOMException('', 'UnknownError'), false],
    ['a script error with errno-like code 22', Object.assign(new Error('x'), { code: 22 }), false],
    ['a TypeError with code 22', Object.assign(new TypeError('x'), { code: 22 }), false],
    ['StorageDiskError', new StorageDiskError(), false],
    ['null', null, false],
    ['a string', 'QuotaExceededError', false],
  ])('%s: %s', (_label, err, expected) => {
    expect(isQuotaError(err)).toBe(expected);
  });
});

describe('opening', () => {
  it('a database from a newer app version is a StorageVersionError', async () => {
    const factory = new IDBFactory();
    (await openDatabase({ factory, name: 'v' })).close();
    const older = openDatabase({ factory, name: 'v', migrations: MIGRATIONS.slice(0, 1) });
    await expect(older).rejects.toBeInstanceOf(StorageVersionError);
    await expect(older).rejects.toThrow(/newer version/);
  });

  it('another tab holding an old version open blocks the upgrade', async () => {
    const factory = new IDBFactory();
    (await openDatabase({ factory, name: 'b', migrations: MIGRATIONS.slice(0, 1) })).close();
    // A foreign connection that, unlike Connection, ignores versionchange.
    const other = await new Promise<IDBDatabase>((resolve) => {
      const req = factory.open('b');
      req.onsuccess = () => resolve(req.result);
    });
    await expect(openDatabase({ factory, name: 'b' })).rejects.toBeInstanceOf(StorageBlockedError);
    other.close();
    // The late upgrade still completes and its connection is closed for us.
    const db = await open({ factory, name: 'b' });
    expect(db.version).toBe(SCHEMA_VERSION);
  });

  it('an open handle steps aside when another tab upgrades', async () => {
    const factory = new IDBFactory();
    const onClosed = vi.fn();
    const old = await openDatabase({
      factory,
      name: 'c',
      migrations: MIGRATIONS.slice(0, 1),
      onClosed,
    });
    const fresh = await open({ factory, name: 'c' });
    expect(fresh.version).toBe(SCHEMA_VERSION);
    expect(onClosed).toHaveBeenCalledWith('versionchange');
    await expect(old.get(STORES.prompts, 'p1')).rejects.toBeInstanceOf(StorageVersionError);
    await expect(old.put(STORES.prompts, prompt('p1'))).rejects.toThrow(/Another tab/);
  });

  it.each([
    [
      'IndexedDB is missing',
      (): OpenOptions => {
        vi.stubGlobal('indexedDB', undefined);
        return {};
      },
    ],
    [
      'opening throws SecurityError',
      (): OpenOptions => {
        const factory = new IDBFactory();
        vi.spyOn(factory, 'open').mockImplementation(() => {
          throw new DOMException('denied', 'SecurityError');
        });
        return { factory };
      },
    ],
    [
      'opening fails with InvalidStateError (Firefox private mode)',
      (): OpenOptions => {
        const factory = new IDBFactory();
        vi.spyOn(factory, 'open').mockImplementation(() => {
          const target = new EventTarget() as IDBOpenDBRequest;
          Object.defineProperty(target, 'error', {
            value: new DOMException('private', 'InvalidStateError'),
          });
          queueMicrotask(() => target.dispatchEvent(new Event('error', { cancelable: true })));
          return target;
        });
        return { factory };
      },
    ],
  ])('%s: StorageUnavailableError', async (_label, setup) => {
    await expect(openDatabase(setup())).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it('opening on a full disk (UnknownError) is a StorageDiskError, not "private mode"', async () => {
    const factory = new IDBFactory();
    vi.spyOn(factory, 'open').mockImplementation(() => {
      const target = new EventTarget() as IDBOpenDBRequest;
      Object.defineProperty(target, 'error', {
        value: new DOMException('Internal error opening backing store.', 'UnknownError'),
      });
      queueMicrotask(() => target.dispatchEvent(new Event('error', { cancelable: true })));
      return target;
    });
    const err = await openDatabase({ factory }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageDiskError);
    expect((err as Error).message).toMatch(/could not open its storage.*Free disk space/);
    expect((err as Error).message).not.toMatch(/private/);
  });

  it.each([
    ['closed by the app', (db: Connection) => db.close(), 'closed'],
    [
      'closed by the browser (full disk, cleared site data)',
      (db: Connection) =>
        forceCloseDatabase(unwrap(db.raw) as unknown as Parameters<typeof forceCloseDatabase>[0]),
      'terminated',
    ],
  ])(
    'a connection %s rejects with StorageClosedError, never "private mode"',
    async (_l, close, reason) => {
      const onClosed = vi.fn();
      const db = await open({ onClosed });
      close(db);
      expect(db.closedReason).toBe(reason);
      const err = await db.put(STORES.prompts, prompt('p1')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageClosedError);
      expect((err as Error).message).not.toMatch(/private/);
      await expect(db.count(STORES.prompts)).rejects.toBeInstanceOf(StorageClosedError);
    },
  );

  it('deleteDatabase wipes everything', async () => {
    const factory = new IDBFactory();
    const db = await openDatabase({ factory, name: 'd' });
    await db.put(STORES.prompts, prompt('p1'));
    db.close();
    await deleteDatabase({ factory, name: 'd' });
    const again = await open({ factory, name: 'd' });
    expect(await again.count(STORES.prompts)).toBe(0);
  });
});

// Type-level check that Value<S> resolves to the declared record types.
const _typed: Value<'runs'> extends Run ? true : false = true;
void _typed;
