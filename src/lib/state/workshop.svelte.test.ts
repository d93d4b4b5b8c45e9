// Tests of the workshop desk: opening a pack (file, refused file, Cancel), saving its runs all or
// nothing with the room check, handing it to Experiments, and the export routes.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { persistedFromBundle } from '../bundle/import';
import { buildWorkshopPack, serializePack, type WorkshopPack } from '../bundle/pack';
import { workshopBundle, failWriteAt, freshDatabases } from '../bundle/testing/fixtures';
import { type PlaygroundDB } from '../storage/db';
import { countRecords } from '../storage/testing/records';
import { BundleReader } from '../workers/bundle-client';
import { packUrlFromSearch } from './data-route.svelte';
import { StorageStatus } from './storage-status.svelte';
import { exportPackHref, exportRunFromHash, WorkshopDesk } from './workshop.svelte';

const freshDb = freshDatabases();

async function twoRunPack(): Promise<WorkshopPack> {
  const pack = buildWorkshopPack(persistedFromBundle(await workshopBundle()));
  return { ...pack, runs: [...pack.runs, await workshopBundle({ runId: 'run-workshop-2' })] };
}

function fileOf(name: string, bytes: Uint8Array) {
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
}

function desk(db: PlaygroundDB, quota = 10_000_000_000, prefill = vi.fn(async () => undefined)) {
  const storage = new StorageStatus(() => ({
    estimate: async () => ({ usage: 1_000, quota }),
    persisted: async () => true,
    persist: async () => true,
  }));
  return new WorkshopDesk({
    open: () => Promise.resolve(db),
    storage,
    prefill,
    reader: new BundleReader(false),
  });
}

describe('workshop routes', () => {
  it.each([
    ['?pack=https%3A%2F%2Fx.org%2Fw.json', 'https://x.org/w.json'],
    ['?bundle=https://x.org/a.json', null],
    ['?pack=%20', null],
  ])('packUrlFromSearch(%j) = %j', (search, url) => {
    expect(packUrlFromSearch(search)).toBe(url);
  });

  it.each([
    ['#/workshop', undefined],
    ['#/workshop?export=', undefined],
    [exportPackHref('run 1/a'), 'run 1/a'],
  ])('exportRunFromHash(%j) = %j', (hash, runId) => {
    expect(exportRunFromHash(hash)).toBe(runId);
  });
});

describe('WorkshopDesk', () => {
  it('opens a pack file, saves both runs together once, and hands it to Experiments', async () => {
    const pack = await twoRunPack();
    const db = await freshDb('desk');
    const prefill = vi.fn(async () => undefined);
    const d = desk(db, undefined, prefill);
    expect(await d.openFile(fileOf('w.mmhs-pack.json.gz', serializePack(pack, true)))).toBe(true);
    expect(d.current?.pack.runs).toHaveLength(2);
    expect(d.current?.stored).toEqual([]);
    expect(d.allStored).toBe(false);
    expect(d.room?.fits).toBe(true);

    expect(await d.saveRuns()).toBe(true);
    expect(d.allStored).toBe(true);
    expect(await countRecords(db, 'runs')).toBe(2);
    expect(await d.saveRuns()).toBe(true);
    expect(await countRecords(db, 'responses')).toBe(8);

    expect(await d.runItYourself()).toBe(true);
    expect(prefill).toHaveBeenCalledWith(d.current?.pack);
  });

  it.each<[string, Uint8Array, RegExp]>([
    [
      'a run bundle',
      new TextEncoder().encode('{"format":"mmhs-playground-run"}'),
      /It is a run bundle/,
    ],
    ['not JSON', new TextEncoder().encode('hello'), /not valid JSON/],
  ])('refuses %s, keeping nothing open and storing nothing', async (_, bytes, message) => {
    const db = await freshDb(`refused-${_}`);
    const d = desk(db);
    expect(await d.openFile(fileOf('bad.json', bytes))).toBe(false);
    expect(d.current).toBeNull();
    expect(d.error).toMatch(/^bad\.json/);
    expect(d.error).toMatch(message);
    expect(await countRecords(db, 'runs')).toBe(0);
  });

  it('warns when the runs will not fit and a full disk stores none of them', async () => {
    const db = await freshDb('full');
    const d = desk(db, 2_000);
    await d.openFile(fileOf('w.json', serializePack(await twoRunPack())));
    expect(d.room?.fits).toBe(false);
    failWriteAt(20);
    expect(await d.saveRuns()).toBe(false);
    vi.restoreAllMocks();
    expect(d.saveError).toMatch(/^Nothing was saved: /);
    expect(d.allStored).toBe(false);
    expect(await countRecords(db, 'runs')).toBe(0);
    expect(await countRecords(db, 'responses')).toBe(0);
  });
});
