import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import {
  defaultModel,
  filterRunnableModels,
  formatMegabytes,
  isLowResourceDevice,
  judgeModel,
  requiresShaderF16,
  vramBudgetMB,
  type DeviceLimits,
  type WebLlmModelRecord,
} from './models';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** SwiftShader under `--enable-unsafe-webgpu`: 1 GiB limits, no shader-f16. */
const NO_F16: DeviceLimits = {
  hasShaderF16: false,
  maxBufferSize: GIB,
  maxStorageBufferBindingSize: GIB,
};
/** A discrete GPU or Apple silicon: 4 GiB buffers, shader-f16. */
const F16: DeviceLimits = {
  hasShaderF16: true,
  maxBufferSize: 4 * GIB,
  maxStorageBufferBindingSize: 2 * GIB,
};
/** A phone-class GPU: 256 MiB buffers, 128 MiB bindings. */
const SMALL: DeviceLimits = {
  hasShaderF16: false,
  maxBufferSize: 256 * MIB,
  maxStorageBufferBindingSize: 128 * MIB,
};
const PROBES = { 'no f16': NO_F16, f16: F16, 'small buffer': SMALL } as const;

const REAL = prebuiltAppConfig.model_list;
const byId = (id: string): WebLlmModelRecord => {
  const record = REAL.find((r) => r.model_id === id);
  if (!record) throw new Error(`WebLLM 0.2.86 has no ${id}`);
  return record;
};

describe('requiresShaderF16', () => {
  it.each([
    ['SmolLM2-360M-Instruct-q4f16_1-MLC', true], // declares shader-f16
    ['gemma3-1b-it-q4f16_1-MLC', true], // f16 in the id but no required_features
    ['Qwen3-0.6B-q0f16-MLC', true],
    ['SmolLM2-360M-Instruct-q4f32_1-MLC', false],
    ['Ministral-3-3B-Instruct-2512-BF16-q4f32_1-MLC', false], // BF16 = source dtype
    ['snowflake-arctic-embed-s-q0f32-MLC-b4', false],
  ])('%s -> %s', (id, expected) => {
    expect(requiresShaderF16(byId(id))).toBe(expected);
  });

  it.each([
    [{ model_id: 'custom-model', required_features: ['shader-f16'] }, true],
    [{ model_id: 'custom-model', required_features: [] }, false],
    [{ model_id: '' }, false],
  ])('custom record %j -> %s', (record, expected) => {
    expect(requiresShaderF16(record)).toBe(expected);
  });
});

describe('vramBudgetMB and isLowResourceDevice', () => {
  it.each([
    ['no f16 (1 GiB buffers)', NO_F16, 4096, false],
    ['f16 (4 GiB buffers)', F16, 16384, false],
    ['small buffer', SMALL, 1024, true],
    ['tiny buffers clamp to 1 GB', { ...SMALL, maxBufferSize: 16 * MIB }, 1024, true],
    ['override wins', { ...SMALL, vramBudgetMB: 9000 }, 9000, true],
    [
      'just under 1 GiB binding is low-resource',
      { ...NO_F16, maxStorageBufferBindingSize: GIB - 4 },
      4096,
      true,
    ],
  ])('%s', (_label, limits, budget, low) => {
    expect(vramBudgetMB(limits)).toBe(budget);
    expect(isLowResourceDevice(limits)).toBe(low);
  });
});

describe('formatMegabytes', () => {
  it.each([
    [0, '0 MB'],
    [579.61, '580 MB'],
    [999.4, '999 MB'],
    [1000, '1.0 GB'],
    [1128.82, '1.1 GB'],
    [31153.13, '30.4 GB'],
    [undefined, 'size unknown'],
    [null, 'size unknown'],
    [Number.NaN, 'size unknown'],
  ])('%s -> %s', (mb, label) => {
    expect(formatMegabytes(mb)).toBe(label);
  });
});

describe('judgeModel on real WebLLM records', () => {
  it.each([
    ['SmolLM2-360M-Instruct-q4f32_1-MLC', NO_F16, null],
    ['SmolLM2-360M-Instruct-q4f16_1-MLC', NO_F16, /shader-f16/],
    ['SmolLM2-360M-Instruct-q4f16_1-MLC', F16, null],
    ['gemma3-1b-it-q4f16_1-MLC', NO_F16, /shader-f16/],
    ['Llama-3.1-8B-Instruct-q4f32_1-MLC', NO_F16, /6\.0 GB of GPU memory; .* 4\.0 GB/],
    ['Llama-3.1-8B-Instruct-q4f32_1-MLC', F16, null],
    ['Llama-3-70B-Instruct-q3f16_1-MLC', F16, /30\.4 GB/],
    ['snowflake-arctic-embed-s-q0f32-MLC-b4', F16, /Embedding model/],
    ['Phi-3.5-vision-instruct-q4f16_1-MLC', F16, /Vision model/],
    ['gemma-2b-it-q4f32_1-MLC-1k', SMALL, /GPU memory/],
    ['TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC-1k', SMALL, null],
    [
      'Qwen2.5-Coder-1.5B-Instruct-q4f32_1-MLC',
      { ...SMALL, vramBudgetMB: 4096 },
      /limited \(phone-class\)/,
    ],
  ] as const)('%s', (id, probe, reason) => {
    const verdict = judgeModel(byId(id), probe);
    if (reason === null) expect(verdict).toEqual({ runnable: true });
    else expect(verdict.runnable ? '' : verdict.reason).toMatch(reason);
  });

  it('rejects a model whose storage buffer needs exceed the device', () => {
    const record = { ...byId('gemma-2b-it-q4f32_1-MLC-1k') };
    expect(judgeModel(record, { ...SMALL, vramBudgetMB: 4096 })).toEqual({
      runnable: false,
      reason: 'Needs larger GPU storage buffers than this device allows.',
    });
  });

  it('finds nothing runnable without WebGPU', () => {
    expect(filterRunnableModels(REAL, { available: false })).toEqual([]);
    expect(defaultModel(REAL, { available: false })).toBeNull();
  });
});

describe('filterRunnableModels on the real prebuilt list', () => {
  it.each(Object.entries(PROBES))(
    '%s: sorted by VRAM, f16 only with shader-f16',
    (_name, probe) => {
      const options = filterRunnableModels(REAL, probe);
      expect(options.length).toBeGreaterThan(3);
      const vram = options.map((o) => o.vramMB ?? Infinity);
      expect(vram).toEqual([...vram].sort((a, b) => a - b));
      expect(options.every((o) => (o.vramMB ?? 0) <= vramBudgetMB(probe))).toBe(true);
      expect(options.some((o) => o.needsShaderF16)).toBe(probe.hasShaderF16);
      if (!probe.hasShaderF16) expect(options.filter((o) => o.id.includes('f16'))).toEqual([]);
      expect(options.some((o) => o.id.includes('embed') || o.id.includes('vision'))).toBe(false);
    },
  );

  it.each([
    ['no f16', 'SmolLM2-360M-Instruct-q4f32_1-MLC', 'SmolLM2-360M-Instruct-q4f32_1-MLC', NO_F16],
    ['f16', 'SmolLM2-135M-Instruct-q0f16-MLC', 'SmolLM2-360M-Instruct-q4f32_1-MLC', F16],
    [
      'small buffer',
      'SmolLM2-360M-Instruct-q4f32_1-MLC',
      'SmolLM2-360M-Instruct-q4f32_1-MLC',
      SMALL,
    ],
  ])('%s: smallest is %s, default is %s', (_name, smallest, preferred, probe) => {
    expect(filterRunnableModels(REAL, probe)[0]?.id).toBe(smallest);
    expect(defaultModel(REAL, probe)?.id).toBe(preferred);
  });

  it('shows sizes and context windows', () => {
    const smol = filterRunnableModels(REAL, NO_F16).find(
      (o) => o.id === 'SmolLM2-360M-Instruct-q4f32_1-MLC',
    );
    expect(smol).toEqual({
      id: 'SmolLM2-360M-Instruct-q4f32_1-MLC',
      vramMB: 579.61,
      sizeLabel: '580 MB',
      needsShaderF16: false,
      lowResource: true,
      contextWindow: 4096,
    });
  });

  it('lists the small buffer device only low-resource models under 1 GB', () => {
    const ids = filterRunnableModels(REAL, SMALL).map((o) => o.id);
    expect(ids).toEqual([
      'SmolLM2-360M-Instruct-q4f32_1-MLC',
      'SmolLM2-135M-Instruct-q0f32-MLC',
      'TinyLlama-1.1B-Chat-v0.4-q4f32_1-MLC-1k',
      'TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC-1k',
      'TinyLlama-1.1B-Chat-v0.4-q4f32_1-MLC',
      'TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC',
    ]);
  });
});

describe('defaultModel fallbacks', () => {
  const rec = (model_id: string, vram_required_MB?: number): WebLlmModelRecord => ({
    model_id,
    vram_required_MB,
    low_resource_required: true,
  });
  it.each([
    ['empty list', [], null],
    [
      'second preference when the first is absent',
      [
        rec('Llama-3.2-1B-Instruct-q4f32_1-MLC', 1128),
        rec('Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 1060),
      ],
      'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    ],
    [
      'smallest instruct model when no preferred one fits',
      [
        rec('base-model-q4f32', 100),
        rec('Big-Instruct-q4f32', 900),
        rec('Small-Instruct-q4f32', 300),
      ],
      'Small-Instruct-q4f32',
    ],
    ['smallest model when none is instruct', [rec('b-q4f32', 300), rec('a-q4f32', 200)], 'a-q4f32'],
    [
      'unknown sizes sort last',
      [rec('sized-chat-q4f32', 3000), rec('unsized-chat-q4f32')],
      'sized-chat-q4f32',
    ],
    ['only f16 models on a device without f16', [rec('x-Instruct-q4f16_1', 100)], null],
    ['only models over budget', [rec('SmolLM2-360M-Instruct-q4f32_1-MLC', 5000)], null],
  ])('%s', (_label, records, expected) => {
    expect(defaultModel(records, NO_F16)?.id ?? null).toBe(expected);
  });
});
