// Tests of downloading bundles from links: which links are accepted, how a failed download is
// explained (CORS, unreachable, HTTP status, size), and streaming with limit, timeout and Cancel.
import { describe, expect, it } from 'vitest';
import { BundleFetchError, checkBundleUrl, fetchBundleBytes } from './fetch';

describe('bundle links', () => {
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
      /is 99 MB, more than the 50 MB this page accepts, so it was not downloaded/,
    ],
  ] as [string, typeof fetch, RegExp][])('explains a bundle that is %s', async (_, f, message) => {
    await expect(fetchBundleBytes(url, 50 * 2 ** 20, f)).rejects.toThrow(message);
  });

  it('returns the bytes of a good answer', async () => {
    const f = (() => Promise.resolve(new Response('{"a":1}'))) as typeof fetch;
    expect(new TextDecoder().decode(await fetchBundleBytes(url, 100, f))).toBe('{"a":1}');
  });
});

describe('fetchBundleBytes: streaming, limits, timeout and cancel', () => {
  const url = new URL('https://host.example/shared/run.json');
  const KB = 1024;

  /** A fetch whose answer never comes; it rejects with the abort reason, as browsers do. */
  const hanging = ((_: string, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
    })) as typeof fetch;

  /** A body of `chunks` KB-sized chunks, then (when `stall`) nothing more, ever. */
  function body(chunks: number, stall: boolean, pulled: { count: number; cancelled: boolean }) {
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled.count < chunks) {
          pulled.count += 1;
          controller.enqueue(new Uint8Array(KB).fill(0x20));
        } else if (!stall) controller.close();
        else return new Promise<void>(() => undefined);
        return undefined;
      },
      cancel() {
        pulled.cancelled = true;
      },
    });
  }

  function answering(stream: ReadableStream<Uint8Array>, length?: number): typeof fetch {
    const headers: Record<string, string> =
      length === undefined ? {} : { 'content-length': String(length) };
    return (() => Promise.resolve(new Response(stream, { status: 200, headers }))) as typeof fetch;
  }

  it.each<[string, number, boolean, number | undefined, number, string, RegExp]>([
    [
      'an endless body without a length stops just past the limit',
      Number.POSITIVE_INFINITY,
      false,
      undefined,
      5 * KB,
      'too-large',
      /host\.example is larger than the 5 KB this page accepts: the download was stopped after 6 KB and nothing was stored/,
    ],
    [
      'a body that stalls after 2 KB times out, saying how far it got',
      2,
      true,
      10 * KB,
      100 * KB,
      'timeout',
      /host\.example stopped sending the bundle after 2 KB of 10 KB and sent nothing more for 100 ms/,
    ],
  ])('%s', async (_, chunks, stall, length, max, kind, message) => {
    const pulled = { count: 0, cancelled: false };
    const err = await fetchBundleBytes(url, max, answering(body(chunks, stall, pulled), length), {
      idleTimeoutMs: 100,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleFetchError);
    expect(err).toMatchObject({ kind });
    expect((err as Error).message).toMatch(message);
    // Reading stopped: no more than one chunk past the limit was pulled, and the body was cancelled.
    expect(pulled.count).toBeLessThanOrEqual(Math.min(chunks, max / KB + 2));
    expect(pulled.cancelled).toBe(true);
  });

  it.each<[string, typeof fetch, RegExp]>([
    [
      'no answer at all',
      hanging,
      /host\.example did not answer within 100 ms, so the download was stopped and nothing was stored/,
    ],
    [
      'a failed request whose CORS probe hangs',
      ((_: string, init?: RequestInit) =>
        init?.mode === 'no-cors'
          ? hanging(_, init)
          : Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch,
      /did not answer within 100 ms/,
    ],
  ])('times out on %s', async (_, f, message) => {
    const err = await fetchBundleBytes(url, 100, f, { idleTimeoutMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: 'timeout' });
    expect((err as Error).message).toMatch(message);
  });

  it.each([
    ['before the answer', 'before'],
    ['during the body', 'body'],
  ])('is cancelled by its signal %s', async (_, when) => {
    const controller = new AbortController();
    const pulled = { count: 0, cancelled: false };
    const f = when === 'before' ? hanging : answering(body(3, true, pulled), 10 * KB);
    const seen: number[] = [];
    const pending = fetchBundleBytes(url, 100 * KB, f, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.received);
        if (p.received === 3 * KB) controller.abort();
      },
    });
    if (when === 'before') setTimeout(() => controller.abort(), 10);
    const err = await pending.catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'cancelled' });
    expect((err as Error).message).toBe(
      'Opening the bundle from host.example was cancelled; nothing was stored. Open the link again to retry.',
    );
    expect(seen).toEqual(when === 'before' ? [] : [0, KB, 2 * KB, 3 * KB]);
  });

  it('reports progress against the announced length and returns every byte', async () => {
    const pulled = { count: 0, cancelled: false };
    const seen: [number, number | null][] = [];
    const bytes = await fetchBundleBytes(url, 10 * KB, answering(body(4, false, pulled), 4 * KB), {
      onProgress: (p) => seen.push([p.received, p.total]),
    });
    expect(bytes.byteLength).toBe(4 * KB);
    expect(seen).toEqual([
      [0, 4 * KB],
      [KB, 4 * KB],
      [2 * KB, 4 * KB],
      [3 * KB, 4 * KB],
      [4 * KB, 4 * KB],
    ]);
  });
});
