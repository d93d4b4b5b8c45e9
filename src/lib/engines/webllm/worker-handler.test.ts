import type { AppConfig, ChatCompletionRequest } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import {
  FakeMlcEngine,
  FakeWebLlmModule,
  fakeRecord,
  WEBLLM_ERRORS,
  type FakeScript,
} from './testing/fake-mlc-engine';
import type { WorkerRequest, WorkerResponse } from './protocol';
import { buildAppConfig } from './protocol';
import {
  cachedModelBytes,
  createWebLlmWorkerHandler,
  modelCachePrefix,
  type CacheStorageLike,
} from './worker-handler';

const SMOL = 'SmolLM2-360M-Instruct-q4f32_1-MLC';
const PREBUILT: AppConfig = { model_list: [fakeRecord(SMOL), fakeRecord('Other-q4f32_1-MLC')] };
const APP = { cacheBackend: 'indexeddb' as const };
const USER: ChatCompletionRequest = { messages: [{ role: 'user', content: 'hi' }] };

function setup(script: FakeScript = {}, caches?: CacheStorageLike) {
  const engine = new FakeMlcEngine({ reply: () => 'hello there', ...script });
  const module = new FakeWebLlmModule(engine, PREBUILT);
  const posted: WorkerResponse[] = [];
  const handle = createWebLlmWorkerHandler({
    webllm: module,
    post: (m) => posted.push(m),
    ...(caches ? { caches } : {}),
  });
  return { engine, module, posted, handle };
}

/** A fake Cache API holding `entries` (url -> bytes) in the given scope. */
function fakeCaches(
  scopes: Record<string, Record<string, number>>,
  lengthHeader = true,
): CacheStorageLike {
  return {
    open: async (name) => {
      const entries = scopes[name] ?? {};
      return {
        keys: async () => Object.keys(entries).map((url) => ({ url })),
        match: async (url) => {
          const size = entries[url];
          if (size === undefined) return undefined;
          return {
            headers: {
              get: (h: string) => (lengthHeader && h === 'content-length' ? String(size) : null),
            },
            blob: async () => ({ size }),
          };
        },
      };
    },
  };
}

describe('worker handler: models and loading', () => {
  it('serves the prebuilt list plus extra records, extra ones replacing same ids', async () => {
    const { posted, handle } = setup();
    const extra = fakeRecord(SMOL, { model: 'http://127.0.0.1/models/smol' });
    await handle({
      type: 'models',
      id: 1,
      app: { extraModels: [extra, fakeRecord('Mine-q4f32')] },
    });
    expect(posted).toEqual([
      {
        type: 'result',
        id: 1,
        kind: 'models',
        value: [PREBUILT.model_list[1], extra, fakeRecord('Mine-q4f32')],
      },
    ]);
  });

  it('forwards progress with the load request id, then the result', async () => {
    const progress = [
      { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
      { progress: 1, timeElapsed: 2, text: 'Finish loading on WebGPU - swiftshader' },
    ];
    const { engine, module, posted, handle } = setup({ progress });
    await handle({
      type: 'load',
      id: 7,
      modelId: SMOL,
      app: APP,
      chatOptions: { context_window_size: 1024 },
    });
    expect(posted).toEqual([
      { type: 'progress', id: 7, report: progress[0] },
      { type: 'progress', id: 7, report: progress[1] },
      { type: 'result', id: 7, kind: 'load', value: { modelId: SMOL } },
    ]);
    expect(engine.reloads).toEqual([{ modelId: SMOL, chatOpts: { context_window_size: 1024 } }]);
    expect(module.engineConfigs[0]).toEqual(buildAppConfig(PREBUILT, APP));
  });

  it('reuses the engine for a second load, with the new progress id', async () => {
    const progress = [
      { progress: 0.5, timeElapsed: 1, text: 'Loading model from cache[1/2]: 1MB loaded.' },
    ];
    const { module, posted, handle } = setup({ progress });
    await handle({ type: 'load', id: 1, modelId: SMOL, app: APP });
    posted.length = 0;
    await handle({ type: 'load', id: 2, modelId: 'Other-q4f32_1-MLC', app: {} });
    expect(module.engineConfigs).toHaveLength(1);
    expect(module.engine.appConfig?.cacheBackend).toBe('cache');
    expect(posted.map((m) => [m.type, m.id])).toEqual([
      ['progress', 2],
      ['result', 2],
    ]);
  });

  it.each([
    ['offline', WEBLLM_ERRORS.offline(), { name: 'TypeError', message: 'Failed to fetch' }],
    [
      'no f16',
      WEBLLM_ERRORS.shaderF16(),
      { name: 'ShaderF16SupportError', message: expect.stringContaining('shader-f16') },
    ],
    [
      'device lost',
      WEBLLM_ERRORS.deviceLost(),
      { name: 'DeviceLostError', message: expect.stringContaining('lost') },
    ],
  ])('serialises a load failure (%s) with name and message', async (_label, loadError, error) => {
    const { posted, handle } = setup({ loadError });
    await handle({ type: 'load', id: 3, modelId: SMOL, app: {} });
    expect(posted).toEqual([{ type: 'error', id: 3, error }]);
  });
});

describe('worker handler: chat', () => {
  it('refuses to chat before a model is loaded', async () => {
    const { posted, handle } = setup();
    await handle({ type: 'chat', id: 1, request: USER });
    expect(posted).toEqual([
      { type: 'error', id: 1, error: { name: 'ModelNotLoadedError', message: expect.any(String) } },
    ]);
  });

  it.each([
    ['non-streaming: one result with the completion', false, ['result'], 'hello there'],
    [
      'streaming: chunks, then a null result',
      true,
      ['chunk', 'chunk', 'chunk', 'chunk', 'result'],
      null,
    ],
  ])('%s', async (_label, stream, types, content) => {
    const { posted, handle } = setup();
    await handle({ type: 'load', id: 1, modelId: SMOL, app: {} });
    posted.length = 0;
    const request: ChatCompletionRequest = stream
      ? { ...USER, stream: true, stream_options: { include_usage: true } }
      : USER;
    await handle({ type: 'chat', id: 2, request } as WorkerRequest);
    expect(posted.map((m) => m.type)).toEqual(types);
    expect(posted.every((m) => m.id === 2)).toBe(true);
    const last = posted.at(-1)!;
    expect(last.type === 'result' && last.kind === 'chat').toBe(true);
    const value = last.type === 'result' ? last.value : undefined;
    expect(
      value === null
        ? null
        : (value as { choices: Array<{ message: { content: string } }> }).choices[0]?.message
            .content,
    ).toBe(content);
  });

  it('turns abort(target) into interruptGenerate for a running chat only', async () => {
    const { engine, posted, handle } = setup({ reply: () => 'a b c d e f', tokenDelayMs: 3 });
    await handle({ type: 'load', id: 1, modelId: SMOL, app: {} });
    await handle({ type: 'abort', id: 2, target: 99 });
    expect(engine.interrupts).toBe(0);
    const chat = handle({ type: 'chat', id: 3, request: { ...USER, stream: true } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await handle({ type: 'abort', id: 4, target: 3 });
    await chat;
    expect(engine.interrupts).toBeGreaterThanOrEqual(1);
    const chunks = posted.filter((m) => m.type === 'chunk');
    expect(chunks.length).toBeLessThan(7);
    expect(posted.at(-1)).toEqual({ type: 'result', id: 3, kind: 'chat', value: null });
    expect(posted.some((m) => m.id === 2 || m.id === 4)).toBe(false);
  });

  it('unloads the engine', async () => {
    const { engine, posted, handle } = setup();
    await handle({ type: 'load', id: 1, modelId: SMOL, app: {} });
    await handle({ type: 'unload', id: 2 });
    await handle({ type: 'chat', id: 3, request: USER });
    expect(engine.unloads).toBe(1);
    expect(posted.slice(-2).map((m) => m.type)).toEqual(['result', 'error']);
  });
});

describe('worker handler: cache', () => {
  const prefix = modelCachePrefix(fakeRecord(SMOL).model);
  const lib = fakeRecord(SMOL).model_lib;

  it.each([
    ['https://huggingface.co/mlc-ai/X', 'https://huggingface.co/mlc-ai/X/resolve/main/'],
    ['https://huggingface.co/mlc-ai/X/', 'https://huggingface.co/mlc-ai/X/resolve/main/'],
    ['https://huggingface.co/mlc-ai/X/resolve/v2/', 'https://huggingface.co/mlc-ai/X/resolve/v2/'],
    ['http://127.0.0.1:4173/models/X/resolve/main', 'http://127.0.0.1:4173/models/X/resolve/main/'],
  ])('modelCachePrefix(%s)', (model, expected) => {
    expect(modelCachePrefix(model)).toBe(expected);
  });

  it.each([
    ['content-length headers', true],
    ['blob sizes when there is no header', false],
  ])('sums a model’s bytes over WebLLM’s caches from %s', async (_label, header) => {
    const caches = fakeCaches(
      {
        'webllm/model': {
          [`${prefix}params_shard_0.bin`]: 1000,
          [`${prefix}params_shard_1.bin`]: 500,
          'https://huggingface.co/mlc-ai/Other/resolve/main/p.bin': 7,
        },
        'webllm/config': { [`${prefix}mlc-chat-config.json`]: 20 },
        'webllm/wasm': { [lib]: 300 },
      },
      header,
    );
    const appConfig = buildAppConfig(PREBUILT, {});
    expect(await cachedModelBytes(fakeRecord(SMOL), appConfig, caches)).toBe(1820);
  });

  it.each([
    ['another backend', { cacheBackend: 'indexeddb' as const }, fakeCaches({})],
    ['no Cache API', {}, undefined],
    [
      'an unreadable cache',
      {},
      { open: async () => Promise.reject(new Error('SecurityError')) } as CacheStorageLike,
    ],
  ])('sizes are unknown with %s', async (_label, app, caches) => {
    expect(
      await cachedModelBytes(fakeRecord(SMOL), buildAppConfig(PREBUILT, app), caches),
    ).toBeNull();
  });

  it('lists cached models (skipping unknown ids) and deletes with the same appConfig', async () => {
    const caches = fakeCaches({ 'webllm/model': { [`${prefix}params_shard_0.bin`]: 42 } });
    const { module, posted, handle } = setup({}, caches);
    module.cached.add(SMOL);
    await handle({ type: 'hasCached', id: 1, modelId: SMOL, app: {} });
    await handle({
      type: 'listCached',
      id: 2,
      modelIds: [SMOL, 'Other-q4f32_1-MLC', 'not-a-model'],
      app: {},
    });
    await handle({ type: 'deleteCached', id: 3, modelId: SMOL, app: {} });
    await handle({ type: 'hasCached', id: 4, modelId: SMOL, app: {} });
    expect(posted).toEqual([
      { type: 'result', id: 1, kind: 'hasCached', value: true },
      { type: 'result', id: 2, kind: 'listCached', value: [{ modelId: SMOL, sizeBytes: 42 }] },
      { type: 'result', id: 3, kind: 'deleteCached', value: null },
      { type: 'result', id: 4, kind: 'hasCached', value: false },
    ]);
    expect(module.deleted).toEqual([SMOL]);
    expect(new Set(module.cacheCalls.map((c) => JSON.stringify(c.appConfig))).size).toBe(1);
  });
});
