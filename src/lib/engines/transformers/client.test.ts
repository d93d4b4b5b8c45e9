// @vitest-environment node
// The engines end to end through the client, the message protocol and the in-thread endpoint
// (the worker's code path minus the Worker), on the tiny generated models.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GENERATED_DIR,
  TINY_EMBED_DIMS,
  TINY_EMBED_MODEL,
  TINY_GEN_MODEL,
  makeTinyModels,
} from '../../../../tests/fixtures/make-tiny-models';
import type { ChatRequest, LoadProgress } from '../types';
import {
  LoadProgressTracker,
  TransformersChatEngine,
  TransformersEmbeddingEngine,
  TransformersWorkerClient,
  type Endpoint,
} from './client';
import { TransformersAbortError, TransformersLoadError, TransformersWorkerError } from './errors';
import { RunnerHost } from './host';
import { inThreadEndpoint } from './testing/in-thread';
import type { EnvOptions, WorkerRequest, WorkerResponse } from './protocol';
import { TransformersRunner } from './runner';

const localEnv = (dir: string): EnvOptions => ({
  allowRemoteModels: false,
  allowLocalModels: true,
  localModelPath: dir,
  useBrowserCache: false,
});

let client: TransformersWorkerClient;
let chat: TransformersChatEngine;
let embedder: TransformersEmbeddingEngine;
const progress: LoadProgress[] = [];

beforeAll(() => {
  makeTinyModels(GENERATED_DIR);
  client = new TransformersWorkerClient({
    createEndpoint: () => inThreadEndpoint(),
    env: localEnv(GENERATED_DIR),
  });
  chat = new TransformersChatEngine({
    client,
    model: TINY_GEN_MODEL,
    device: 'cpu',
    dtype: 'fp32',
    onLoadProgress: (p) => progress.push(p),
  });
  embedder = new TransformersEmbeddingEngine({
    client,
    model: TINY_EMBED_MODEL,
    device: 'cpu',
    dtype: 'fp32',
    batchSize: 2,
  });
});

afterAll(() => client.terminate());

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content }],
  ...extra,
});

describe('TransformersChatEngine', () => {
  it('describes itself', () => {
    expect(chat).toMatchObject({
      id: `transformers/${TINY_GEN_MODEL}`,
      providerId: 'transformers',
      model: TINY_GEN_MODEL,
      location: 'local',
      capabilities: { n: 'emulated', seed: 'native', streaming: true, maxConcurrency: 1 },
    });
  });

  it.each([
    [
      'greedy, max_tokens',
      { temperature: 0, max_tokens: 3 },
      ['two three four'],
      ['length'],
      { temperature: 0, max_tokens: 3, n: 1, stream: false },
      [],
    ],
    [
      'runs to EOS',
      { temperature: 0, max_tokens: 50 },
      ['two three four five six seven eight nine ten'],
      ['stop'],
      { max_tokens: 50 },
      [],
    ],
    [
      'stop string',
      { temperature: 0, stop: ['four'] },
      ['two three '],
      ['stop'],
      { stop: ['four'] },
      [],
    ],
    [
      'greedy n=2 is emulated and identical',
      { temperature: 0, max_tokens: 2, n: 2 },
      ['two three', 'two three'],
      ['length', 'length'],
      { n: 2 },
      [['n', 'emulated', /identical/]],
    ],
    [
      'greedy ignores top_p and seed',
      { temperature: 0, max_tokens: 1, top_p: 0.5, seed: 3 },
      ['two'],
      ['length'],
      { temperature: 0 },
      [
        ['top_p', 'ignored', /greedy/],
        ['seed', 'ignored', /deterministic/],
      ],
    ],
    [
      'bad n and max_tokens are clamped',
      { temperature: 0, max_tokens: 2.7, n: 0 },
      ['two three'],
      ['length'],
      { n: 1, max_tokens: 2 },
      [
        ['n', 'clamped', /0 was changed to 1/],
        ['max_tokens', 'clamped', /2\.7 was changed to 2/],
      ],
    ],
    [
      'out-of-range temperature and top_p are clamped',
      { temperature: -1, top_p: 2, max_tokens: 1 },
      ['two'],
      ['length'],
      { temperature: 0 },
      [
        ['temperature', 'clamped', /-1 was changed to 0/],
        ['top_p', 'clamped', /2 was changed to 1/],
        ['top_p', 'ignored', /greedy/],
      ],
    ],
    [
      'JSON schema falls back to the prompt',
      {
        temperature: 0,
        max_tokens: 1,
        jsonSchema: { name: 'v', schema: { type: 'object' } },
      },
      ['two'],
      ['length'],
      { structuredOutput: 'prompt-only' },
      [['jsonSchema', 'emulated', /only the prompt asks/]],
    ],
  ] as const)('%s', async (_label, extra, texts, finishes, applied, notes) => {
    const result = await chat.chat(ask('count one', extra as Partial<ChatRequest>));
    expect(result.choices.map((c) => c.text)).toEqual(texts);
    expect(result.choices.map((c) => c.finishReason)).toEqual(finishes);
    expect(result.applied).toMatchObject({ model: TINY_GEN_MODEL, ...applied });
    expect(result.notes).toHaveLength(notes.length);
    notes.forEach(([param, status, pattern], i) => {
      expect(result.notes[i]).toMatchObject({ param, status });
      expect(result.notes[i]!.message).toMatch(pattern);
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('counts the prompt once and completions over all choices', async () => {
    const result = await chat.chat(ask('count one', { temperature: 0, max_tokens: 3, n: 2 }));
    expect(result.usage).toEqual({ promptTokens: 2, completionTokens: 6, totalTokens: 8 });
  });

  it('samples n choices with seed + i and reports it', async () => {
    const request = ask('hello', { temperature: 1.5, max_tokens: 6, n: 3, seed: 40 });
    const a = await chat.chat(request);
    const b = await chat.chat(request);
    expect(a.choices.map((c) => c.text)).toEqual(b.choices.map((c) => c.text));
    expect(new Set(a.choices.map((c) => c.text)).size).toBeGreaterThan(1);
    expect(a.applied).toMatchObject({ temperature: 1.5, seed: 40, n: 3, top_p: 1 });
    expect(a.notes).toEqual([
      expect.objectContaining({
        param: 'n',
        status: 'emulated',
        message: expect.stringMatching(/40 \+ i/),
      }),
    ]);
  });

  it('streams each choice with its index', async () => {
    const seen: [string, number][] = [];
    const result = await chat.chat(
      ask('count one', { temperature: 0, n: 2, onToken: (d, i) => seen.push([d, i]) }),
    );
    for (const index of [0, 1]) {
      const streamed = seen
        .filter(([, i]) => i === index)
        .map(([d]) => d)
        .join('');
      expect(streamed).toBe(result.choices[index]!.text);
    }
    expect(result.applied.stream).toBe(true);
  });

  it.each([
    ['before the call', true],
    ['during generation', false],
  ])('cancels %s', async (_label, early) => {
    const controller = new AbortController();
    if (early) controller.abort();
    const promise = chat.chat(
      ask('hello', {
        temperature: 1,
        max_tokens: 100_000,
        signal: controller.signal,
        onToken: () => controller.abort(),
      }),
    );
    await expect(promise).rejects.toBeInstanceOf(TransformersAbortError);
    expect(client.pendingCount).toBe(0);
    // The engine stays usable after a cancellation.
    const after = await chat.chat(ask('count one', { temperature: 0, max_tokens: 1 }));
    expect(after.choices[0]!.text).toBe('two');
  });

  it('reported load progress ending at 100 %', () => {
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ fraction: 1, text: expect.stringContaining('ready') });
  });

  it('reloads after dispose', async () => {
    await chat.dispose();
    const result = await chat.chat(ask('count eight', { temperature: 0 }));
    expect(result.choices[0]!.text).toBe('nine ten');
  });
});

describe('TransformersEmbeddingEngine', () => {
  it('returns normalised vectors in input order with batch progress', async () => {
    const seen: number[] = [];
    const texts = ['a cat sat', 'the cat sat on the mat', 'stock markets fell'];
    const vectors = await embedder.embed(texts, { onProgress: (done) => seen.push(done) });
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(TINY_EMBED_DIMS);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    expect(seen).toEqual([2, 3]);
    const again = await embedder.embed([texts[1]!]);
    expect(Array.from(again[0]!)).toEqual(Array.from(vectors[1]!));
  });

  it('answers an empty request without starting a worker', async () => {
    const idle = new TransformersWorkerClient({ createEndpoint: () => inThreadEndpoint() });
    const engine = new TransformersEmbeddingEngine({
      client: idle,
      model: 'Xenova/all-MiniLM-L6-v2',
      device: 'cpu',
    });
    expect(await engine.embed([])).toEqual([]);
    expect(idle.started).toBe(false);
    expect(engine.id).toBe('transformers/Xenova/all-MiniLM-L6-v2');
  });

  it('fails loading with a clear error and retries on the next call', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiny-late-'));
    try {
      const late = new TransformersWorkerClient({
        createEndpoint: () => inThreadEndpoint(),
        env: localEnv(dir),
      });
      const engine = new TransformersEmbeddingEngine({
        client: late,
        model: TINY_EMBED_MODEL,
        device: 'cpu',
        dtype: 'fp32',
      });
      const err = await engine.embed(['x']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransformersLoadError);
      expect((err as Error).message).toContain(TINY_EMBED_MODEL);
      makeTinyModels(dir);
      expect(await engine.embed(['x'])).toHaveLength(1);
      late.terminate();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** An endpoint that never answers and can be made to crash. */
function fakeEndpoint(log: WorkerRequest[]): Endpoint & { crash(reason: string): void } {
  let fail: ((reason: string) => void) | undefined;
  return {
    post: (m) => log.push(m),
    listen: (_onMessage: (m: WorkerResponse) => void, onFailure) => {
      fail = onFailure;
    },
    terminate: () => undefined,
    crash: (reason) => fail?.(reason),
  };
}

describe('TransformersWorkerClient', () => {
  it('configures first, then fails pending requests when the worker crashes, then restarts', async () => {
    const logs: WorkerRequest[][] = [];
    const endpoints: ReturnType<typeof fakeEndpoint>[] = [];
    const crashy = new TransformersWorkerClient({
      createEndpoint: () => {
        const log: WorkerRequest[] = [];
        logs.push(log);
        const e = fakeEndpoint(log);
        endpoints.push(e);
        return e;
      },
      env: { localModelPath: '/m/' },
    });
    const spec = { task: 'feature-extraction', model: 'm', device: 'wasm', dtype: 'q8' } as const;
    const pending = crashy.request({ type: 'load', spec });
    expect(logs[0]!.map((m) => m.type)).toEqual(['configure', 'load']);
    expect(logs[0]![0]).toMatchObject({ env: { localModelPath: '/m/', allowRemoteModels: true } });
    endpoints[0]!.crash('out of memory');
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransformersWorkerError);
    expect((err as Error).message).toMatch(/out of memory.*Reload the page/);
    expect(crashy.started).toBe(false);
    void crashy.request({ type: 'load', spec }).catch(() => undefined);
    expect(logs).toHaveLength(2);
    crashy.terminate();
  });

  it('sends an abort message for the cancelled request', async () => {
    const log: WorkerRequest[] = [];
    const quiet = new TransformersWorkerClient({ createEndpoint: () => fakeEndpoint(log) });
    const controller = new AbortController();
    const spec = { task: 'feature-extraction', model: 'm', device: 'wasm', dtype: 'q8' } as const;
    const pending = quiet.request({ type: 'load', spec }, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(TransformersAbortError);
    const load = log.find((m) => m.type === 'load')!;
    expect(log.at(-1)).toMatchObject({ type: 'abort', target: load.id });
    expect(quiet.pendingCount).toBe(0);
  });
});

describe('RunnerHost', () => {
  it('turns an abort message into an aborted generation that stops producing tokens', async () => {
    const responses: WorkerResponse[] = [];
    let host: RunnerHost | undefined;
    const done = new Promise<void>((resolve) => {
      host = new RunnerHost(new TransformersRunner({ env: localEnv(GENERATED_DIR) }), (m) => {
        responses.push(m);
        if (m.type === 'token' && responses.filter((r) => r.type === 'token').length === 1) {
          host!.handle({ type: 'abort', id: 99, target: 1 });
        }
        if (m.type === 'result' || m.type === 'error') resolve();
      });
    });
    const spec = {
      task: 'text-generation',
      model: TINY_GEN_MODEL,
      device: 'cpu',
      dtype: 'fp32',
    } as const;
    host!.handle({
      type: 'generate',
      id: 1,
      params: {
        spec,
        messages: [{ role: 'user', content: 'hello' }],
        maxNewTokens: 500,
        temperature: 0,
        stream: true,
      },
    });
    await done;
    expect(responses.at(-1)).toMatchObject({ type: 'error', id: 1, error: { kind: 'aborted' } });
    expect(responses.filter((r) => r.type === 'token').length).toBeLessThanOrEqual(2);
  });

  it.each([
    [
      'configure',
      { type: 'configure', id: 5, env: {} },
      { type: 'result', id: 5, request: 'configure', result: null },
    ],
    [
      'unknown model',
      {
        type: 'load',
        id: 6,
        spec: { task: 'feature-extraction', model: 'nope', device: 'cpu', dtype: 'fp32' },
      },
      { type: 'error', id: 6, error: { kind: 'load', name: 'TransformersLoadError' } },
    ],
    [
      'bad batch size',
      {
        type: 'embed',
        id: 7,
        params: {
          spec: {
            task: 'feature-extraction',
            model: TINY_EMBED_MODEL,
            device: 'cpu',
            dtype: 'fp32',
          },
          texts: ['x'],
          batchSize: 0,
          pooling: 'mean',
          normalize: true,
        },
      },
      { type: 'error', id: 7, error: { kind: 'bad-request' } },
    ],
  ] as const)('answers %s with one message', async (_label, request, expected) => {
    const responses: WorkerResponse[] = [];
    const host = new RunnerHost(new TransformersRunner({ env: localEnv(GENERATED_DIR) }), (m) =>
      responses.push(m),
    );
    host.handle(request as WorkerRequest);
    await expect.poll(() => responses.length).toBe(1);
    expect(responses[0]).toMatchObject(expected);
  });
});

describe('LoadProgressTracker', () => {
  it.each([
    [{ status: 'initiate', file: 'config.json' }, 0, undefined, /Fetching config\.json/],
    [
      { status: 'progress', file: 'onnx/model.onnx', percent: 42.4 },
      0,
      undefined,
      /model\.onnx 42%/,
    ],
    [{ status: 'total', loaded: 5e6, total: 2e7, percent: 25 }, 0.25, 2e7, /5\.0 MB of 20\.0 MB/],
    [{ status: 'total', percent: 250 }, 1, undefined, /Loading m$/],
    [{ status: 'done', file: 'tokenizer.json' }, 0, undefined, /Loaded tokenizer\.json/],
  ] as const)('%j', (event, fraction, totalBytes, text) => {
    const tracker = new LoadProgressTracker('m', 1000);
    const p = tracker.update(event, 1500);
    expect(p.fraction).toBe(fraction);
    expect(p.totalBytes).toBe(totalBytes);
    expect(p.elapsedMs).toBe(500);
    expect(p.text).toMatch(text);
  });

  it('keeps the last overall fraction for per-file events and ends at 1', () => {
    const tracker = new LoadProgressTracker('m', 0);
    tracker.update({ status: 'total', loaded: 1, total: 4, percent: 25 }, 1);
    expect(tracker.update({ status: 'progress', file: 'f', percent: 90 }, 2).fraction).toBe(0.25);
    expect(tracker.ready(3)).toMatchObject({ fraction: 1, loadedBytes: 1, totalBytes: 4 });
  });
});
