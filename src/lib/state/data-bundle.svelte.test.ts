// Tests of opening shared bundles: the Data route, open -> unsaved -> saved, Cancel with download
// progress, and refused files. Downloading itself is tested in bundle/fetch.test.ts.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeBundle } from '../bundle/export';
import { workshopBundle } from '../bundle/testing/workshop';
import { openDatabase, STORES, type PlaygroundDB } from '../storage/db';
import { BundleViewer } from './data-bundle.svelte';
import { bundleUrlFromSearch, dataHash, parseDataHash } from './data-route.svelte';

const opened: PlaygroundDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function freshDb(name: string): Promise<PlaygroundDB> {
  const db = await openDatabase({ factory: new IDBFactory(), name });
  opened.push(db);
  return db;
}

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
    expect(await target.count(STORES.runs)).toBe(0);

    expect(await viewer.save()).toBe(true);
    expect(viewer.current?.saved).toBe(true);
    expect(viewer.unsavedRun('shared-1')).toBeUndefined();
    expect(await target.count(STORES.responses)).toBe(3);

    // Opened again, it is recognised as stored; saving again writes nothing.
    await viewer.openFile(source);
    expect(viewer.current?.saved).toBe(true);
    expect(await viewer.save()).toBe(false);
    expect(await target.count(STORES.responses)).toBe(3);
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
    expect(await target.count(STORES.runs)).toBe(0);
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
});
