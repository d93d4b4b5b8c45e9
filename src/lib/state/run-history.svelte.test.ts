// Tests of the stored-run list on fake-indexeddb: newest first with names from the stored
// definitions, interrupted runs, deletion, and when an interrupted run may resume on its own.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDatabase, type PlaygroundDB } from '../storage/db';
import { getRecord, putRecord } from '../storage/testing/records';
import type { RunStatus } from '../storage/schema';
import { mayAutoResume, RunHistory, type GuardStorage } from './run-history.svelte';

class MemoryGuard implements GuardStorage {
  readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
}

async function freshDb(): Promise<PlaygroundDB> {
  return openDatabase({ factory: new IDBFactory(), name: `history-${Math.random()}` });
}

async function addRun(
  db: PlaygroundDB,
  id: string,
  status: RunStatus,
  createdAt: number,
  done = 0,
): Promise<void> {
  await putRecord(db, 'runs', {
    id,
    experimentId: id,
    status,
    progress: { done, total: 10, failed: 0 },
    createdAt,
  });
  await putRecord(db, 'runSpecs', {
    runId: id,
    experimentId: id,
    definition: {
      name: `Run ${id}`,
      prompts: [{ id: 'p1', text: 'Hi' }],
      generators: ['a/x'],
    },
    unitCount: 10,
    createdAt,
  });
}

describe('mayAutoResume', () => {
  it.each<[number | null, number, boolean]>([
    [null, 0, true],
    [null, 7, true],
    [3, 4, true],
    [3, 3, false],
    [5, 2, false],
  ])('after %s with %s settled: %s', (last, settled, expected) => {
    expect(mayAutoResume(last, settled)).toBe(expected);
  });
});

describe('RunHistory', () => {
  it('lists runs newest first with their names, and the interrupted ones', async () => {
    const db = await freshDb();
    await addRun(db, 'old', 'completed', 1);
    await addRun(db, 'mid', 'running', 2);
    await addRun(db, 'new', 'cancelled', 3);
    const history = new RunHistory(async () => db, new MemoryGuard());
    expect(history.loaded).toBe(false);
    await history.refresh();
    expect(history.items.map((r) => [r.id, r.name, r.status, r.prompts])).toEqual([
      ['new', 'Run new', 'cancelled', 1],
      ['mid', 'Run mid', 'running', 1],
      ['old', 'Run old', 'completed', 1],
    ]);
    expect(history.interrupted.map((r) => r.id)).toEqual(['mid']);
    await history.remove('mid');
    expect(history.items.map((r) => r.id)).toEqual(['new', 'old']);
    expect(await getRecord(db, 'runs', 'mid')).toBeUndefined();
  });

  it('says why the list cannot be read', async () => {
    const history = new RunHistory(async () => {
      throw new Error('IndexedDB is off');
    }, null);
    await history.refresh();
    expect(history.error).toMatch(/IndexedDB is off/);
    expect(history.loaded).toBe(true);
  });

  it.each<[string, RunStatus, string | null]>([
    ['an interrupted run', 'running', 'r1'],
    ['a cancelled run', 'cancelled', null],
    ['a completed run', 'completed', null],
    ['a failed run', 'failed', null],
  ])('auto-resumes %s: %s', async (_name, status, expected) => {
    const db = await freshDb();
    await addRun(db, 'r1', status, 1, 4);
    const history = new RunHistory(async () => db, new MemoryGuard());
    await history.refresh();
    expect(history.takeAutoResume()).toBe(expected);
  });

  it('resumes on its own again only after progress, and never without a guard store', async () => {
    const db = await freshDb();
    await addRun(db, 'r1', 'running', 1, 4);
    const guard = new MemoryGuard();
    const history = new RunHistory(async () => db, guard);
    await history.refresh();
    expect(history.takeAutoResume()).toBe('r1');
    expect(guard.values.get('mmhs-auto-resume:r1')).toBe('4');
    // Reloaded again without progress: the user decides.
    await history.refresh();
    expect(history.takeAutoResume()).toBeNull();
    expect(history.heldBack('r1')).toBe(true);
    // The run progressed since: resuming on its own is fine again.
    await addRun(db, 'r1', 'running', 1, 6);
    await history.refresh();
    expect(history.heldBack('r1')).toBe(false);
    expect(history.takeAutoResume()).toBe('r1');
    // A run this tab is already running is not offered; nor anything without a guard.
    expect(history.takeAutoResume('r1')).toBeNull();
    const unguarded = new RunHistory(async () => db, null);
    await unguarded.refresh();
    expect(unguarded.takeAutoResume()).toBeNull();
  });
});
