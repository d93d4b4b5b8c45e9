// @vitest-environment node
// Cancelling a model download really stops it: the tiny model is served over HTTP like the Hub,
// its weights file stalls mid-transfer, and the test watches the connection from the server side.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GENERATED_DIR,
  TINY_EMBED_MODEL,
  makeTinyModels,
} from '../../../../tests/fixtures/make-tiny-models';
import { TransformersAbortError } from './errors';
import type { LoadSpec } from './protocol';
import { TransformersRunner } from './runner';

const MODEL = `test-org/${TINY_EMBED_MODEL}`;
const SPEC: LoadSpec = { task: 'feature-extraction', model: MODEL, device: 'cpu', dtype: 'fp32' };

/** A Hub-shaped server whose weights requests stall after half the file until released. */
interface StallingHub {
  url: string;
  /** Weights requests whose connection closed before the file was sent. */
  cutOff: number;
  /** Weights requests waiting for `release()`. */
  stalled: number;
  hold: boolean;
  release(): void;
  close(): Promise<void>;
}

async function startHub(dir: string): Promise<StallingHub> {
  const waiting: (() => void)[] = [];
  const hub: StallingHub = {
    url: '',
    cutOff: 0,
    stalled: 0,
    hold: true,
    release() {
      hub.hold = false;
      waiting.splice(0).forEach((finish) => finish());
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const send = (res: ServerResponse, body: Buffer): void => {
    // Size probes ask for one byte; only whole-file downloads stall.
    if (res.req.headers.range === 'bytes=0-0') {
      res.writeHead(206, { 'content-range': `bytes 0-0/${body.length}`, 'content-length': 1 });
      res.end(body.subarray(0, 1));
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    if (!hub.hold || !res.req.url?.endsWith('.onnx')) {
      res.end(body);
      return;
    }
    const half = Math.floor(body.length / 2);
    res.write(body.subarray(0, half));
    hub.stalled += 1;
    let finished = false;
    res.on('close', () => {
      if (!finished) hub.cutOff += 1;
    });
    waiting.push(() => {
      finished = true;
      hub.stalled -= 1;
      res.end(body.subarray(half));
    });
  };
  const server: Server = createServer((req, res) => {
    const prefix = `/${MODEL}/resolve/main/`;
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix)) return void res.writeHead(404).end();
    try {
      send(res, readFileSync(join(dir, TINY_EMBED_MODEL, path.slice(prefix.length))));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return hub;
}

let hub: StallingHub;
const cacheDirs: string[] = [];

beforeAll(async () => {
  hub = await startHub(makeTinyModels(GENERATED_DIR));
});

afterAll(async () => {
  await hub.close();
  cacheDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function remoteRunner(): TransformersRunner {
  return new TransformersRunner({
    // Node keeps downloads on disk: a fresh folder per runner, so every runner fetches.
    loadLibrary: async () => {
      const lib = await import('@huggingface/transformers');
      lib.env.cacheDir = mkdtempSync(join(tmpdir(), 'mmhs-hub-cache-'));
      cacheDirs.push(lib.env.cacheDir);
      return lib;
    },
    env: {
      allowRemoteModels: true,
      allowLocalModels: false,
      remoteHost: hub.url,
      useBrowserCache: false,
    },
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('cancelling a model download', () => {
  it.each<[string, number, number, number]>([
    // [case, requests waiting, of which cancelled, connections cut]
    ['the only request cancels: the download stops', 1, 1, 1],
    ['one of two cancels: the other still gets the model', 2, 1, 0],
  ])('%s', async (_label, waiting, cancelling, cut) => {
    hub.hold = true;
    hub.cutOff = 0;
    const runner = remoteRunner();
    const controllers = Array.from({ length: waiting }, () => new AbortController());
    const loads = controllers.map((c) =>
      runner.load(SPEC, undefined, c.signal).then(
        () => 'loaded',
        (e: unknown) => e,
      ),
    );
    await until(() => hub.stalled === 1);
    const started = Date.now();
    controllers.slice(0, cancelling).forEach((c) => c.abort());
    const cancelled = await Promise.all(loads.slice(0, cancelling));
    expect(Date.now() - started).toBeLessThan(1000);
    cancelled.forEach((e) => expect(e).toBeInstanceOf(TransformersAbortError));
    await until(() => hub.cutOff === cut);
    hub.release();
    await expect(Promise.all(loads.slice(cancelling))).resolves.toEqual(
      Array(waiting - cancelling).fill('loaded'),
    );
    expect(hub.cutOff).toBe(cut);
    // After a cancel the next load starts afresh and completes.
    await expect(runner.load(SPEC)).resolves.toMatchObject({ model: MODEL });
    await runner.dispose();
  });
});
