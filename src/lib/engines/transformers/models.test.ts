// Tests of the device and dtype choice for transformers.js models.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRANSFORMERS_CHAT_MODEL,
  DEFAULT_TRANSFORMERS_EMBEDDING_MODEL,
  TRANSFORMERS_CHAT_MODELS,
  resolveDevice,
  resolveDtype,
  type GpuFacts,
} from './models';

const realGpu: GpuFacts = { available: true, isFallbackAdapter: false, hasShaderF16: true };
const realGpuNoF16: GpuFacts = { available: true, isFallbackAdapter: false, hasShaderF16: false };
const swiftShader: GpuFacts = { available: true, isFallbackAdapter: true, hasShaderF16: false };
const noGpu: GpuFacts = { available: false };

describe('resolveDevice', () => {
  it.each([
    ['auto, real GPU', 'auto', realGpu, true, 'webgpu'],
    ['auto, SwiftShader', 'auto', swiftShader, true, 'wasm'],
    ['auto, no GPU', 'auto', noGpu, true, 'wasm'],
    ['auto, probe skipped', 'auto', undefined, true, 'wasm'],
    ['auto outside a browser', 'auto', realGpu, false, 'cpu'],
    ['explicit wasm on a real GPU', 'wasm', realGpu, true, 'wasm'],
    ['explicit webgpu on SwiftShader', 'webgpu', swiftShader, true, 'webgpu'],
    ['explicit cpu', 'cpu', undefined, false, 'cpu'],
  ] as const)('%s -> %s', (_label, pref, gpu, browser, expected) => {
    expect(resolveDevice(pref, gpu, browser)).toBe(expected);
  });
});

describe('resolveDtype', () => {
  it.each([
    [
      'default chat on wasm',
      DEFAULT_TRANSFORMERS_CHAT_MODEL,
      'text-generation',
      'wasm',
      undefined,
      'q4',
    ],
    [
      'default chat on webgpu+f16',
      DEFAULT_TRANSFORMERS_CHAT_MODEL,
      'text-generation',
      'webgpu',
      realGpu,
      'q4f16',
    ],
    [
      'default chat on webgpu without f16',
      DEFAULT_TRANSFORMERS_CHAT_MODEL,
      'text-generation',
      'webgpu',
      realGpuNoF16,
      'q4',
    ],
    [
      'MiniLM on wasm',
      DEFAULT_TRANSFORMERS_EMBEDDING_MODEL,
      'feature-extraction',
      'wasm',
      undefined,
      'q8',
    ],
    [
      'MiniLM on webgpu',
      DEFAULT_TRANSFORMERS_EMBEDDING_MODEL,
      'feature-extraction',
      'webgpu',
      realGpu,
      'fp32',
    ],
    ['unknown chat model on cpu', 'me/custom', 'text-generation', 'cpu', undefined, 'q4'],
    [
      'unknown chat model on webgpu+f16',
      'me/custom',
      'text-generation',
      'webgpu',
      realGpu,
      'q4f16',
    ],
    ['unknown embedder on wasm', 'me/embed', 'feature-extraction', 'wasm', undefined, 'q8'],
    ['unknown embedder on webgpu', 'me/embed', 'feature-extraction', 'webgpu', realGpu, 'fp32'],
    [
      'chat id used as embedder',
      DEFAULT_TRANSFORMERS_CHAT_MODEL,
      'feature-extraction',
      'wasm',
      undefined,
      'q8',
    ],
  ] as const)('%s -> %s', (_label, model, task, device, gpu, expected) => {
    expect(resolveDtype(model, task, device, gpu)).toBe(expected);
  });

  it('every catalogue chat model states a size for each dtype it uses', () => {
    for (const m of TRANSFORMERS_CHAT_MODELS) {
      const used = [m.dtypes.wasm, m.dtypes.webgpu, m.dtypes.webgpuF16].filter(Boolean);
      for (const d of used) expect(m.sizeMB[d!]).toBeGreaterThan(0);
    }
  });
});
