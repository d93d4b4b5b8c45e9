import type { AppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import type { WebGpuProbe } from '../../platform/webgpu';
import {
  GpuDeviceLostError,
  ModelDownloadError,
  ModelLoadCancelledError,
  ShaderF16RequiredError,
  WebGpuUnavailableError,
  WebLlmModelNotLoadedError,
  WebLlmUnknownModelError,
  WebLlmWorkerCrashedError,
} from './errors';
import {
  FakeMlcEngine,
  FakeWebLlmModule,
  fakeRecord,
  inProcessPortFactory,
  WEBLLM_ERRORS,
  type FakeScript,
  SMOL_MODEL,
  SWIFTSHADER_PROBE,
} from './testing/fake-mlc-engine';
import { WebLlmModelManager, type WebLlmManagerOptions, type WebLlmManagerState } from './manager';
import type { WebLlmLoadProgress } from './progress';

const SMOL = SMOL_MODEL;
const SMOL_F16 = 'SmolLM2-360M-Instruct-q4f16_1-MLC';
const GEMMA_F16 = 'gemma3-1b-it-q4f16_1-MLC';
const PREBUILT: AppConfig = {
  model_list: [
    fakeRecord(SMOL, { vram_required_MB: 579.61 }),
    fakeRecord(SMOL_F16, { vram_required_MB: 376.06, required_features: ['shader-f16'] }),
    fakeRecord(GEMMA_F16, { vram_required_MB: 711.07 }),
    fakeRecord('Big-Instruct-q4f32_1-MLC', { vram_required_MB: 9000 }),
  ],
};
const SWIFTSHADER = SWIFTSHADER_PROBE;
/** Polls until `condition` holds (the in-process worker hops through macrotasks). */
async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
const NO_GPU: WebGpuProbe = { available: false, reason: 'This browser does not expose WebGPU.' };
const PROGRESS = [
  { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
  {
    progress: 0.5,
    timeElapsed: 1,
    text: 'Fetching param cache[1/2]: 290MB fetched. 50% completed, 1 secs elapsed.',
  },
  {
    progress: 1,
    timeElapsed: 2,
    text: 'Fetching param cache[2/2]: 580MB fetched. 100% completed, 2 secs elapsed.',
  },
  { progress: 1, timeElapsed: 3, text: 'Finish loading on WebGPU - swiftshader' },
];

function setup(
  script: FakeScript = {},
  options: WebLlmManagerOptions & { probeResult?: WebGpuProbe } = {},
) {
  const engine = new FakeMlcEngine({
    reply: (_r, choice, call) => `reply ${call}.${choice}`,
    ...script,
  });
  const module = new FakeWebLlmModule(engine, PREBUILT);
  const port = inProcessPortFactory(module);
  let probes = 0;
  const states: WebLlmManagerState['status'][] = [];
  const manager = new WebLlmModelManager({
    createPort: port.factory,
    probe: async () => {
      probes += 1;
      return options.probeResult ?? SWIFTSHADER;
    },
    stallTimeoutMs: 0,
    ...options,
  });
  manager.subscribe((state) => {
    if (states.at(-1) !== state.status) states.push(state.status);
  });
  return { engine, module, port, manager, states, probes: () => probes };
}

describe('WebLlmModelManager: model list', () => {
  it.each([
    ['SwiftShader (no f16)', SWIFTSHADER, [SMOL], SMOL],
    ['a GPU with f16', { ...SWIFTSHADER, hasShaderF16: true }, [SMOL_F16, SMOL, GEMMA_F16], SMOL],
    ['no GPU', NO_GPU, [], null],
  ])('%s', async (_label, probeResult, ids, preferred) => {
    const { manager, port } = setup({}, { probeResult });
    expect((await manager.runnableModels()).map((m) => m.id)).toEqual(ids);
    expect((await manager.defaultModel())?.id ?? null).toBe(preferred);
    expect(port.stats.created).toBe(probeResult.available ? 1 : 0);
  });

  it('probes once and reads the list from the worker once', async () => {
    const { manager, port, probes } = setup();
    await manager.runnableModels();
    await manager.defaultModel();
    await manager.listModels();
    expect(probes()).toBe(1);
    expect(port.stats.sent.filter((t) => t === 'models')).toHaveLength(1);
  });

  it('honours a VRAM budget override', async () => {
    const { manager } = setup({}, { vramBudgetMB: 10_000 });
    expect((await manager.runnableModels()).map((m) => m.id)).toEqual([
      SMOL,
      'Big-Instruct-q4f32_1-MLC',
    ]);
  });
});

describe('WebLlmModelManager: load', () => {
  it('reports progress, becomes ready, and chats through the worker', async () => {
    const { manager, states } = setup({ progress: PROGRESS });
    const seen: WebLlmLoadProgress[] = [];
    const engine = await manager.load(SMOL, { onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.phase)).toEqual(['starting', 'downloading', 'downloading', 'ready']);
    expect(seen.map((p) => p.fraction)).toEqual([0, 0.4, 0.8, 1]);
    expect(seen[1]).toMatchObject({ loadedBytes: 290 * 1024 ** 2, totalBytes: 580 * 1024 ** 2 });
    expect(states).toEqual(['loading', 'ready']);
    expect(manager.state).toEqual({ status: 'ready', modelId: SMOL });

    const plain = await engine.chat({ messages: [{ role: 'user', content: 'hi' }], n: 2 });
    expect(plain.choices.map((c) => c.text)).toEqual(['reply 0.0', 'reply 0.1']);
    const deltas: string[] = [];
    const streamed = await engine.chat({
      messages: [{ role: 'user', content: 'hi' }],
      onToken: (d) => deltas.push(d),
    });
    expect(streamed.choices[0]?.text).toBe('reply 1.0');
    expect(deltas.join('')).toBe('reply 1.0');
    expect(streamed.usage?.completionTokens).toBe(2);
    expect(await manager.load(SMOL)).toBe(engine);
  });

  it('interrupts a streamed chat in the worker when aborted', async () => {
    const { manager, engine: fake } = setup({
      reply: () => 'a b c d e f g h i j',
      tokenDelayMs: 2,
    });
    const engine = await manager.load(SMOL);
    const controller = new AbortController();
    let count = 0;
    const call = engine.chat({
      messages: [{ role: 'user', content: 'hi' }],
      signal: controller.signal,
      onToken: () => {
        count += 1;
        if (count === 2) controller.abort();
      },
    });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    await waitFor(() => fake.interrupts >= 1);
    const after = await engine.chat({ messages: [{ role: 'user', content: 'again' }] });
    expect(after.choices[0]?.text).toBe('a b c d e f g h i j');
  });

  it.each([
    [
      'no WebGPU -> GPU error before any worker or download',
      {},
      NO_GPU,
      SMOL,
      WebGpuUnavailableError,
      0,
    ],
    ['f16 model on SwiftShader (declared)', {}, SWIFTSHADER, SMOL_F16, ShaderF16RequiredError, 1],
    [
      'f16 model on SwiftShader (only in the id)',
      {},
      SWIFTSHADER,
      GEMMA_F16,
      ShaderF16RequiredError,
      1,
    ],
    ['unknown model', {}, SWIFTSHADER, 'nope-MLC', WebLlmUnknownModelError, 1],
    ['offline', { loadError: WEBLLM_ERRORS.offline() }, SWIFTSHADER, SMOL, ModelDownloadError, 1],
    [
      'device lost',
      { loadError: WEBLLM_ERRORS.deviceLost() },
      SWIFTSHADER,
      SMOL,
      GpuDeviceLostError,
      1,
    ],
  ])('%s', async (_label, script, probeResult, modelId, expected, workers) => {
    const { manager, engine, port } = setup(script, { probeResult });
    const error = await manager.load(modelId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(expected);
    expect(manager.state).toEqual({ status: 'error', modelId, error });
    expect(port.stats.created).toBe(workers);
    expect(port.stats.terminated).toBe(workers);
    expect(engine.reloads.length).toBe(
      expected === ModelDownloadError || expected === GpuDeviceLostError ? 1 : 0,
    );
  });

  it('retries after a failed download in a fresh worker', async () => {
    const { manager, engine, port, states } = setup({ loadError: WEBLLM_ERRORS.offline() });
    await expect(manager.load(SMOL)).rejects.toBeInstanceOf(ModelDownloadError);
    delete engine.script.loadError;
    const ready = await manager.load(SMOL);
    expect(ready.model).toBe(SMOL);
    expect(port.stats.created).toBe(2);
    expect(states).toEqual(['loading', 'error', 'loading', 'ready']);
  });

  it('cancels a load by terminating the worker, then loads again lazily', async () => {
    const { manager, engine, port, states } = setup({
      holdLoad: true,
      progress: PROGRESS.slice(0, 2),
    });
    const controller = new AbortController();
    const load = manager.load(SMOL, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'downloading') controller.abort();
      },
    });
    await expect(load).rejects.toBeInstanceOf(ModelLoadCancelledError);
    expect(port.stats.terminated).toBe(1);
    expect(manager.state).toEqual({ status: 'idle' });
    engine.script.holdLoad = false;
    await manager.load(SMOL);
    expect(port.stats.created).toBe(2);
    expect(states).toEqual(['loading', 'idle', 'loading', 'ready']);
  });

  it('does not start with an aborted signal', async () => {
    const { manager, port } = setup();
    const signal = AbortSignal.abort();
    await expect(manager.load(SMOL, { signal })).rejects.toBeInstanceOf(ModelLoadCancelledError);
    expect(port.stats.sent).not.toContain('load');
  });

  it.each([
    ['while the first downloads in the worker', true, [SMOL, 'Big-Instruct-q4f32_1-MLC']],
    ['before the first reached the worker', false, ['Big-Instruct-q4f32_1-MLC']],
  ])('a second load cancels the first %s', async (_label, reachedWorker, reloads) => {
    const { manager, engine } = setup({ holdLoad: true });
    const first = manager.load(SMOL);
    if (reachedWorker) await waitFor(() => engine.reloads.length === 1);
    engine.script.holdLoad = false;
    const second = manager.load('Big-Instruct-q4f32_1-MLC');
    await expect(first).rejects.toBeInstanceOf(ModelLoadCancelledError);
    expect((await second).model).toBe('Big-Instruct-q4f32_1-MLC');
    expect(manager.state).toEqual({ status: 'ready', modelId: 'Big-Instruct-q4f32_1-MLC' });
    expect(engine.reloads.map((r) => r.modelId)).toEqual(reloads);
  });

  it('fails a stalled download instead of hanging', async () => {
    const { manager } = setup({ holdLoad: true }, { stallTimeoutMs: 40 });
    const error = await manager.load(SMOL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelDownloadError);
    expect(String((error as Error).cause)).toContain('No progress for 0 s');
  });

  it('reports a crashed worker', async () => {
    const { manager, port, engine } = setup({ holdLoad: true });
    const load = manager.load(SMOL);
    await waitFor(() => engine.reloads.length === 1);
    port.crash('script failed');
    await expect(load).rejects.toBeInstanceOf(WebLlmWorkerCrashedError);
  });

  it('passes a smaller context window to WebLLM', async () => {
    const { manager, engine } = setup();
    await manager.load(SMOL, { contextWindowSize: 1024 });
    expect(engine.reloads).toEqual([{ modelId: SMOL, chatOpts: { context_window_size: 1024 } }]);
  });
});

describe('WebLlmModelManager: unload and stale engines', () => {
  it.each([
    ['unload()', async (m: WebLlmModelManager) => m.unload()],
    [
      'loading another model',
      async (m: WebLlmModelManager) => void (await m.load('Big-Instruct-q4f32_1-MLC')),
    ],
    ['dispose()', async (m: WebLlmModelManager) => m.dispose()],
  ])('an engine is unusable after %s', async (_label, act) => {
    const { manager } = setup();
    const engine = await manager.load(SMOL);
    await act(manager);
    await expect(
      engine.chat({ messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(WebLlmModelNotLoadedError);
  });

  it('a chat in flight when the manager is disposed fails as not loaded', async () => {
    const { manager, engine: fake } = setup({ reply: () => 'a b c d e f', tokenDelayMs: 5 });
    const engine = await manager.load(SMOL);
    const call = engine.chat({
      messages: [{ role: 'user', content: 'x' }],
      onToken: () => undefined,
    });
    await waitFor(() => fake.requests.length === 1);
    manager.dispose();
    await expect(call).rejects.toBeInstanceOf(WebLlmModelNotLoadedError);
  });

  it('engine.dispose() unloads the model in the worker', async () => {
    const { manager, engine: fake } = setup();
    const engine = await manager.load(SMOL);
    await engine.dispose();
    expect(fake.unloads).toBe(1);
    expect(manager.state).toEqual({ status: 'idle' });
  });

  it('unloading during a load cancels it', async () => {
    const { manager, port } = setup({ holdLoad: true });
    const load = manager.load(SMOL);
    await waitFor(() => port.stats.sent.includes('load'));
    await manager.unload();
    await expect(load).rejects.toBeInstanceOf(ModelLoadCancelledError);
    expect(port.stats.terminated).toBe(1);
  });
});

describe('WebLlmModelManager: cache and storage', () => {
  it('lists, checks and deletes cached models with the engine’s appConfig', async () => {
    const { manager, module } = setup({}, { app: { cacheBackend: 'indexeddb' } });
    module.cached.add(SMOL);
    await manager.load(SMOL);
    expect(await manager.listCached([SMOL, 'Big-Instruct-q4f32_1-MLC'])).toEqual([
      { modelId: SMOL, sizeBytes: null },
    ]);
    expect(await manager.hasCached(SMOL)).toBe(true);
    await manager.deleteCached(SMOL);
    expect(await manager.hasCached(SMOL)).toBe(false);
    expect(manager.state).toEqual({ status: 'idle' });
    const configs = [...module.engineConfigs, ...module.cacheCalls.map((c) => c.appConfig)];
    expect(configs.every((c) => c.cacheBackend === 'indexeddb')).toBe(true);
  });
});
