// Tests of opening shared bundles: which links are accepted, how a failed download is explained
// (CORS, unreachable, HTTP status, size), the Data route, and open -> unsaved -> saved.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeBundle } from '../bundle/export';
import { workshopBundle } from '../bundle/testing/workshop';
import { openDatabase, STORES, type PlaygroundDB } from '../storage/db';
import { BundleViewer, checkBundleUrl, fetchBundleBytes } from './data-bundle.svelte';
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

describe('bundle links', () => {
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
    ['https://example.org/run.json', 'https:', null],
    ['http://127.0.0.1:8080/run.json', 'http:', null],
    ['http://localhost/run.json', 'http:', null],
    ['http://example.org/run.json', 'http:', /only loaded over https/],
    ['http://127.0.0.1/run.json', 'https:', /blocks a bundle from an http address/],
    ['ftp://example.org/run.json', 'https:', /only loaded over https/],
    ['not a url', 'https:', /is not a web address/],
    ['https://user:pw@example.org/run.json', 'https:', /user name or password/],
  ])('checkBundleUrl(%j) on an %s page', (url, page, problem) => {
    if (problem === null) expect(checkBundleUrl(url, page).href).toBe(new URL(url).href);
    else expect(() => checkBundleUrl(url, page)).toThrow(problem);
  });
});

describe('fetchBundleBytes', () => {
  const url = new URL('https://host.example/shared/run.json');
  const fail = (): Promise<Response> => Promise.reject(new TypeError('Failed to fetch'));

  it.each([
    [
      'blocked by CORS (a no-cors request gets through)',
      (_: string, init?: RequestInit) =>
        init?.mode === 'no-cors' ? Promise.resolve(new Response(null, { status: 200 })) : fail(),
      /host\.example answered, but it does not allow other sites to read the file \(CORS\)/,
    ],
    ['unreachable', fail, /host\.example could not be reached/],
    [
      'missing',
      () => Promise.resolve(new Response('no', { status: 404, statusText: 'Not Found' })),
      /host\.example answered 404 Not Found for \/shared\/run\.json/,
    ],
    [
      'too large',
      () =>
        Promise.resolve(
          new Response('{}', { status: 200, headers: { 'content-length': String(99 * 2 ** 20) } }),
        ),
      /is 99\.0 MB, more than the 50 MB/,
    ],
  ] as [string, typeof fetch, RegExp][])('explains a bundle that is %s', async (_, f, message) => {
    await expect(fetchBundleBytes(url, 50 * 2 ** 20, f)).rejects.toThrow(message);
  });

  it('returns the bytes of a good answer', async () => {
    const f = (() => Promise.resolve(new Response('{"a":1}'))) as typeof fetch;
    expect(new TextDecoder().decode(await fetchBundleBytes(url, 100, f))).toBe('{"a":1}');
  });
});

describe('data route', () => {
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
