// Tests of opening shared bundles: the Data route, open -> unsaved -> saved, Cancel with download
// progress, and refused files. Downloading itself is tested in bundle/fetch.test.ts.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { serializeBundle } from '../bundle/export';
import { workshopBundle, freshDatabases } from '../bundle/testing/fixtures';
import { allRecords, countRecords, putRecord } from '../storage/testing/records';
import { StorageQuotaError } from '../storage/errors';
import { BundleViewer } from './data-bundle.svelte';
import { StorageStatus } from './storage-status.svelte';
import { bundleUrlFromSearch, dataHash, parseDataHash } from './data-route.svelte';

const freshDb = freshDatabases();

describe('data route', () => {
  it.each([
    ['?bundle=https%3A%2F%2Fx.org%2Fa.json', 'https://x.org/a.json'],
    ['?bundle=https://x.org/a.json&x=1', 'https://x.org/a.json'],
    ['?bundle=', null],
    ['?other=1', null],
    ['', null],
  ])('bundleUrlFromSearch(%j) = %j', (search, url) => {
    expect(bundleUrlFromSearch(search)).toBe(url);
  });

  it.each([
    ['#/data', { tab: 'library' }],
    ['#/data?tab=import', { tab: 'import' }],
    ['#/data?tab=bundle&prompt=p%201', { tab: 'bundle', prompt: 'p 1' }],
    ['#/data?tab=unknown', { tab: 'library' }],
  ])('parseDataHash(%j)', (hash, route) => {
    expect(parseDataHash(hash)).toEqual(route);
    expect(parseDataHash(dataHash(parseDataHash(hash)))).toEqual(route);
  });
});

describe('BundleViewer', () => {
  async function bundleBytes(): Promise<Uint8Array> {
    return serializeBundle(
      await workshopBundle({ runId: 'shared-1', name: 'Shared', responses: ['A#1', 'A#2', 'B#3'] }),
    );
  }

  it('keeps an opened bundle in memory, readable by run id, until Save stores it', async () => {
    const bytes = await bundleBytes();
    const target = await freshDb('target');
    const viewer = new BundleViewer(() => Promise.resolve(target));
    const source = {
      name: 'shared.json',
      size: bytes.length,
      arrayBuffer: async () => bytes.slice().buffer,
    };
    expect(await viewer.openFile(source)).toBe(true);
    expect(viewer.current?.saved).toBe(false);
    expect(viewer.current?.summary.groups[0]?.meanClassCount).toBe(2);
    expect(viewer.unsavedRun('shared-1')?.responses).toHaveLength(3);
    expect(viewer.unsavedRun('other')).toBeUndefined();
    expect(await countRecords(target, 'runs')).toBe(0);

    expect(await viewer.save()).toBe(true);
    expect(viewer.current?.saved).toBe(true);
    expect(viewer.unsavedRun('shared-1')).toBeUndefined();
    expect(await countRecords(target, 'responses')).toBe(3);

    // Opened again, it is recognised as stored; saving again writes nothing.
    await viewer.openFile(source);
    expect(viewer.current?.saved).toBe(true);
    expect(await viewer.save()).toBe(false);
    expect(await countRecords(target, 'responses')).toBe(3);
  });

  it('shows download progress for a link and stops on Cancel, keeping nothing open', async () => {
    const target = await freshDb('cancelled');
    let signal: AbortSignal | undefined;
    const stalls = ((_: string, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(1500));
        },
      });
      return Promise.resolve(
        new Response(stream, { status: 200, headers: { 'content-length': '4000' } }),
      );
    }) as typeof fetch;
    const viewer = new BundleViewer(() => Promise.resolve(target), stalls);
    const opening = viewer.openUrl('https://host.example/run.json');
    await vi.waitFor(() => expect(viewer.download).toEqual({ received: 1500, total: 4000 }));
    expect(viewer.loading).toBe('https://host.example/run.json');
    viewer.cancel();
    expect(await opening).toBe(false);
    expect(signal?.aborted).toBe(true);
    expect(viewer.loading).toBeNull();
    expect(viewer.download).toBeNull();
    expect(viewer.current).toBeNull();
    expect(viewer.error).toBe(
      'Opening https://host.example/run.json was cancelled; nothing was stored. Open it again to retry.',
    );
    expect(await countRecords(target, 'runs')).toBe(0);
  });

  it('shows why a file is refused and keeps nothing open', async () => {
    const target = await freshDb('refused');
    const viewer = new BundleViewer(() => Promise.resolve(target));
    const text = new TextEncoder().encode('{"format": "mmhs-playground-run", oops');
    await viewer.openFile({
      name: 'broken.json',
      size: text.length,
      arrayBuffer: async () => text.slice().buffer,
    });
    expect(viewer.current).toBeNull();
    expect(viewer.error).toMatch(/^broken\.json, line 1: The file is not valid JSON/);
  });

  it.each([
    ['plenty of room', 50 * 2 ** 20, false],
    ['a nearly full disk', 40_000, true],
  ])(
    'with %s: warns before Save only when it will not fit, asks for persistence once, and a full disk keeps earlier runs',
    async (_label, free, full) => {
      const bytes = await bundleBytes();
      const target = await freshDb(`room-${free}`);
      await putRecord(target, 'runs', {
        id: 'earlier',
        experimentId: 'e',
        status: 'completed',
        progress: { done: 1, total: 1, failed: 0 },
        createdAt: 1,
      });
      let quota = 10_000_000 + free;
      const persist = vi.fn(async () => false);
      const status = new StorageStatus(() => ({
        estimate: async () => ({ usage: 10_000_000, quota }),
        persisted: async () => false,
        persist,
      }));
      const viewer = new BundleViewer(() => Promise.resolve(target), undefined, status);
      await viewer.openFile({
        name: 'shared.json',
        size: bytes.length,
        arrayBuffer: async () => bytes.slice().buffer,
      });
      expect(viewer.room?.needed).toBeGreaterThan(bytes.length);
      expect(viewer.room?.free).toBe(free);
      expect(viewer.room?.fits).toBe(!full);
      expect(persist).not.toHaveBeenCalled();

      // The browser refuses the write the way a full disk does.
      const put = vi.spyOn(IDBObjectStore.prototype, 'put');
      if (full) {
        put.mockImplementation(() => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        });
        expect(await viewer.save()).toBe(false);
        expect(viewer.saveError).toMatch(
          /^Nothing was saved: Browser storage for this site is full/,
        );
        expect(viewer.saveError).toMatch(/delete old runs or datasets/);
        expect(viewer.current?.saved).toBe(false);
        expect(await countRecords(target, 'responses')).toBe(0);
        expect((await allRecords(target, 'runs')).map((r) => r.id)).toEqual(['earlier']);
        // Room is made (an old run deleted, disk freed): the warning goes and Save works.
        put.mockRestore();
        quota += 50 * 2 ** 20;
        await status.refresh();
        expect(viewer.room?.fits).toBe(true);
      }
      expect(await viewer.save()).toBe(true);
      expect(await countRecords(target, 'responses')).toBe(3);
      expect(viewer.room).toBeUndefined();
      expect(persist).toHaveBeenCalledTimes(1);
      expect(status.persistence).toBe('denied');
      expect(status.askedAutomatically).toBe(true);
    },
  );

  it('a quota failure is a StorageQuotaError, not "private mode"', async () => {
    const bytes = await bundleBytes();
    const target = await freshDb('quota-class');
    const viewer = new BundleViewer(
      () => Promise.resolve(target),
      undefined,
      new StorageStatus(() => undefined),
    );
    await viewer.openFile({
      name: 'a.json',
      size: bytes.length,
      arrayBuffer: async () => bytes.slice().buffer,
    });
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw Object.assign(new Error(''), { name: 'QUOTA_EXCEEDED_ERR', code: 22 });
    });
    expect(await viewer.save()).toBe(false);
    expect(viewer.saveError).toContain(new StorageQuotaError().message);
    expect(viewer.saveError).not.toMatch(/private/);
  });
});
