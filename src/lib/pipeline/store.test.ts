// PlaygroundRunStore on fake-indexeddb: a unit's records land atomically with its settled state,
// concurrent writes share transactions (group commit), and one bad record fails only its caller.

import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { freshDatabases } from '../storage/testing/databases';
import { sampleUnit } from '../storage/testing/records';
import { type Draft, type PlaygroundDB } from '../storage/db';
import { StorageDataError, StorageQuotaError } from '../storage/errors';
import { SCHEMA_VERSION, type ResponseRecord, type RunUnitRecord } from '../storage/schema';
import { PlaygroundRunStore, type UnitCommit } from './store';
import { emptyRun } from './testing/empty-run';

const freshDb = freshDatabases();

async function store(): Promise<{ db: PlaygroundDB; store: PlaygroundRunStore }> {
  const db = await freshDb('s');
  return { db, store: new PlaygroundRunStore(db) };
}

const unit = (id: string, runId = 'r'): Draft<RunUnitRecord> => sampleUnit(id, runId);

function response(id: string, runId = 'r', text: unknown = 'hello'): Draft<ResponseRecord> {
  return {
    id,
    runId,
    promptId: 'p',
    strategy: 'temperature',
    model: 'm',
    index: 0,
    text: text as string,
    params: {},
    latencyMs: 0,
    createdAt: 1,
  };
}

function commit(n: number, runId = 'r'): UnitCommit {
  return { unit: unit(`u${n}`, runId), responses: [response(`x${n}`, runId)] };
}

describe('PlaygroundRunStore', () => {
  it('loads an empty run', async () => {
    const { store: s } = await store();
    expect(await s.load('nothing')).toEqual(emptyRun());
  });

  it.each([1, 10, 200])('%i concurrent unit commits share few transactions', async (n) => {
    const { store: s } = await store();
    await Promise.all(Array.from({ length: n }, (_, i) => s.commit(commit(i))));
    const loaded = await s.load('r');
    expect(loaded.units).toHaveLength(n);
    expect(loaded.responses).toHaveLength(n);
    expect(loaded.units.every((u) => u.schemaVersion === SCHEMA_VERSION)).toBe(true);
    // The first write goes alone; everything queued meanwhile goes in the next transaction.
    expect(s.transactions).toBeLessThanOrEqual(Math.min(n, 2));
  });

  it('keeps runs apart and writes every record kind', async () => {
    const { store: s } = await store();
    await s.saveRun({
      id: 'r',
      experimentId: 'e',
      status: 'running',
      progress: { done: 0, total: 1, failed: 0 },
      createdAt: 1,
    });
    await s.saveSpec({
      runId: 'r',
      experimentId: 'e',
      definition: { k: 5 },
      unitCount: 1,
      createdAt: 1,
    });
    await s.commit({
      unit: unit('c', 'r'),
      classifications: [
        { id: 'c', runId: 'r', promptId: 'p', model: 'm', predicted: 'B', createdAt: 1 },
      ],
      checklists: [
        { id: 'l', runId: 'r', promptId: 'p', judgeModel: 'j', items: ['a'], createdAt: 1 },
      ],
      metrics: [
        {
          id: 'g',
          runId: 'r',
          promptId: 'p',
          model: 'm',
          strategy: 'temperature',
          kind: 'general',
          n: 2,
          vocabulary: 0.5,
          embedding: null,
          compression: 1,
          createdAt: 1,
        },
      ],
    });
    await s.putJudgement({
      id: 'v',
      runId: 'r',
      promptId: 'p',
      kind: 'diversity',
      judgeModel: 'j',
      responseIds: ['a', 'b'],
      label: 'equivalent',
      createdAt: 1,
    });
    await s.commit(commit(9, 'other'));
    const loaded = await s.load('r');
    expect(loaded.run?.status).toBe('running');
    expect(loaded.spec?.definition).toEqual({ k: 5 });
    expect([
      loaded.units.length,
      loaded.classifications.length,
      loaded.checklists.length,
      loaded.metrics.length,
      loaded.judgements.length,
      loaded.responses.length,
    ]).toEqual([1, 1, 1, 1, 1, 0]);
  });

  it('a record the browser cannot store fails only its own commit, atomically', async () => {
    const { store: s } = await store();
    const bad: UnitCommit = { unit: unit('bad'), responses: [response('xb', 'r', () => 'no')] };
    const results = await Promise.allSettled([
      s.commit(commit(1)),
      s.commit(bad),
      s.commit(commit(2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rejected = results[1];
    if (rejected?.status === 'rejected') expect(rejected.reason).toBeInstanceOf(StorageDataError);
    const loaded = await s.load('r');
    expect(loaded.units.map((u) => u.id).sort()).toEqual(['u1', 'u2']);
    expect(loaded.responses.map((r) => r.id).sort()).toEqual(['x1', 'x2']);
  });

  it('rewriting a unit replaces it instead of duplicating it', async () => {
    const { store: s } = await store();
    await s.commit(commit(1));
    await s.commit({ ...commit(1), unit: { ...unit('u1'), status: 'failed', error: 'x' } });
    const loaded = await s.load('r');
    expect(loaded.units).toHaveLength(1);
    expect(loaded.units[0]?.status).toBe('failed');
  });

  const original = IDBObjectStore.prototype.put;
  it.each([
    [
      'put() throws QuotaExceededError',
      (): IDBRequest => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    ],
    [
      'the transaction aborts with QuotaExceededError at commit',
      (store: IDBObjectStore, args: [unknown, IDBValidKey?]): IDBRequest => {
        const request = original.apply(store, args);
        const tx = store.transaction as unknown as { _abort(name: string): void };
        request.addEventListener('success', () => tx._abort('QuotaExceededError'));
        return request;
      },
    ],
  ])(
    'a full disk refuses a whole unit (%s); earlier units stay, and it lands once there is room',
    async (_label, failingPut) => {
      const { store: s } = await store();
      await s.commit(commit(1));
      const before = await s.load('r');
      vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
        this: IDBObjectStore,
        ...args: [unknown, IDBValidKey?]
      ) {
        return failingPut(this, args);
      });
      const err = await s.commit(commit(2)).catch((e: unknown) => e);
      vi.restoreAllMocks();
      expect(err).toBeInstanceOf(StorageQuotaError);
      expect(await s.load('r')).toEqual(before);
      await s.commit(commit(2));
      expect((await s.load('r')).units.map((u) => u.id).sort()).toEqual(['u1', 'u2']);
    },
  );
});
