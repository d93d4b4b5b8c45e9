// WebLlmModels over the real manager and worker handler with a fake WebLLM: probe, runnable
// models only, default selection, load with progress, errors, retry, cancel, cache and storage.
import { describe, expect, it, vi } from 'vitest';
import type { WebGpuProbe } from '../platform/webgpu';
import {
  FakeMlcEngine,
  FakeWebLlmModule,
  WEBLLM_ERRORS,
  fakeRecord,
  inProcessPortFactory,
  type FakeScript,
  GIB,
  SMOL_MODEL,
  SWIFTSHADER_PROBE,
} from '../engines/webllm/testing/fake-mlc-engine';
import { WebLlmModelManager } from '../engines/webllm/manager';
import { MemorySettingsStore } from './testing/memory-settings-store';
import { StorageStatus } from './storage-status.svelte';
import { WebLlmModels } from './webllm-models.svelte';

const SMOL = SMOL_MODEL;
const QWEN = 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC';
const SMOL_F16 = 'SmolLM2-360M-Instruct-q4f16_1-MLC';
const SWIFTSHADER = SWIFTSHADER_PROBE;
const STORAGE = {
  estimate: async () => ({ usage: 2048, quota: 10 * GIB }),
  persist: async () => false,
  persisted: async () => false,
};

function setup(script: FakeScript = {}, probe: WebGpuProbe = SWIFTSHADER) {
  const engine = new FakeMlcEngine(script);
  const module = new FakeWebLlmModule(engine, {
    model_list: [
      fakeRecord(QWEN, { vram_required_MB: 1060 }),
      fakeRecord(SMOL_F16, { vram_required_MB: 376, required_features: ['shader-f16'] }),
      fakeRecord(SMOL, { vram_required_MB: 579.61 }),
    ],
  });
  const manager = new WebLlmModelManager({
    createPort: inProcessPortFactory(module).factory,
    probe: async () => probe,
  });
  const store = new MemorySettingsStore();
  const usage = new StorageStatus(() => STORAGE);
  const models = new WebLlmModels(async () => manager, store, undefined, usage);
  return { models, module, engine, store, manager, usage };
}

describe('WebLlmModels', () => {
  it.each<[string, WebGpuProbe, string | null, string | null, string]>([
    ['WebGPU, nothing remembered', SWIFTSHADER, null, SMOL, 'idle'],
    ['WebGPU, a remembered model', SWIFTSHADER, QWEN, QWEN, 'idle'],
    ['no WebGPU', { available: false, reason: 'none' }, QWEN, null, 'unavailable'],
  ])(
    'init (%s) probes and restores the selection without the worker',
    async (_n, probe, stored, selected, state) => {
      const store = new MemorySettingsStore();
      if (stored) await store.setSetting('local-models', { webllmModel: stored });
      let managerCalls = 0;
      const models = new WebLlmModels(
        async () => {
          managerCalls += 1;
          throw new Error('the worker must not start');
        },
        store,
        async () => probe,
      );
      await models.init();
      expect([models.selected, models.listState, managerCalls]).toEqual([selected, state, 0]);
    },
  );

  it('replaces a remembered model this device cannot run by the suggested one', async () => {
    const { models, store } = setup();
    await store.setSetting('local-models', { webllmModel: SMOL_F16 });
    await models.init();
    expect(models.selected).toBe(SMOL_F16);
    await models.loadList();
    expect(models.selected).toBe(SMOL);
  });

  it('offers only runnable (non-f16) models, smallest first, with the default selected', async () => {
    const { models, usage } = setup();
    await models.loadList();
    expect(models.listState).toBe('ready');
    expect(models.options.map((o) => [o.id, o.sizeLabel])).toEqual([
      [SMOL, '580 MB'],
      [QWEN, '1.0 GB'],
    ]);
    expect(models.selected).toBe(SMOL);
    expect(models.defaultId).toBe(SMOL);
    // The site's storage use (shown in Settings › Storage) is re-read with the list.
    await vi.waitFor(() => expect(usage.estimate).toMatchObject({ usage: 2048, quota: 10 * GIB }));
    expect(models.cached).toEqual([]);
  });

  it('says plainly when WebGPU is missing and lists nothing', async () => {
    const { models } = setup(
      {},
      { available: false, reason: 'This browser does not expose WebGPU.' },
    );
    await models.loadList();
    expect(models.listState).toBe('unavailable');
    expect(models.options).toEqual([]);
    expect(models.probe).toMatchObject({ available: false });
  });

  it('loads with progress, then lists the model as cached', async () => {
    const { models, module, engine } = setup({
      holdLoad: true,
      progress: [
        {
          progress: 0.5,
          timeElapsed: 1,
          text: 'Fetching param cache[1/2]: 290MB fetched. 50% completed',
        },
      ],
    });
    await models.loadList();
    const loading = models.loadSelected();
    for (let i = 0; i < 100 && !(models.load.status === 'loading' && models.load.progress); i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(models.load).toMatchObject({
      status: 'loading',
      modelId: SMOL,
      progress: { phase: 'downloading', fraction: 0.4, loadedBytes: 290 * 1024 ** 2 },
    });
    engine.finishLoad();
    await loading;
    module.cached.add(SMOL);
    await models.refreshCache();
    expect(models.load).toEqual({ status: 'ready', modelId: SMOL });
    expect(models.cached.map((c) => c.modelId)).toEqual([SMOL]);
  });

  it.each([
    ['offline', WEBLLM_ERRORS.offline(), 'download', /Check your connection/],
    ['storage full', WEBLLM_ERRORS.quota(), 'storage-full', /Browser storage is full/],
  ])(
    'ends a failed (%s) load in a clear error, and Retry loads again',
    async (_n, error, code, text) => {
      const { models, engine } = setup({ loadError: error });
      await models.loadList();
      await models.loadSelected();
      expect(models.load).toMatchObject({ status: 'error', modelId: SMOL, code });
      expect(models.load.status === 'error' && models.load.message).toMatch(text);
      engine.script = {};
      await models.loadSelected();
      expect(models.load).toEqual({ status: 'ready', modelId: SMOL });
    },
  );

  it('cancels a running load', async () => {
    const { models } = setup({ holdLoad: true });
    await models.loadList();
    const loading = models.loadSelected();
    await new Promise((r) => setTimeout(r, 20));
    expect(models.load.status).toBe('loading');
    models.cancel();
    await loading;
    expect(models.load).toEqual({ status: 'cancelled', modelId: SMOL });
  });

  it('remembers the selected model and deletes cached ones', async () => {
    const { models, store, module, manager } = setup();
    await models.loadList();
    await models.select(QWEN);
    module.cached.add(QWEN);
    await models.refreshCache();
    expect(models.cached.map((c) => c.modelId)).toEqual([QWEN]);
    await models.deleteCached(QWEN);
    expect(module.deleted).toEqual([QWEN]);
    expect(models.cached).toEqual([]);
    const again = new WebLlmModels(async () => manager, store);
    await again.loadList();
    expect(again.selected).toBe(QWEN);
  });
});
