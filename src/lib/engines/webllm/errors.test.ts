import { describe, expect, it } from 'vitest';
import { WEBLLM_ERRORS, webLlmError } from './testing/fake-mlc-engine';
import {
  GpuDeviceLostError,
  GpuOutOfMemoryError,
  mapWebLlmError,
  ModelDownloadError,
  ModelLoadCancelledError,
  ModelStorageFullError,
  ShaderF16RequiredError,
  WebGpuUnavailableError,
  WebLlmError,
  WebLlmModelNotLoadedError,
  WebLlmUnknownModelError,
  WebLlmWorkerCrashedError,
} from './errors';

describe('mapWebLlmError', () => {
  it.each([
    ['WebGPUNotAvailableError', WEBLLM_ERRORS.webGpuNotAvailable(), WebGpuUnavailableError],
    [
      'WebGPUNotFoundError',
      webLlmError('WebGPUNotFoundError', 'Cannot find WebGPU in the environment'),
      WebGpuUnavailableError,
    ],
    ['no adapter (plain Error)', WEBLLM_ERRORS.noAdapter(), WebGpuUnavailableError],
    ['ShaderF16SupportError', WEBLLM_ERRORS.shaderF16(), ShaderF16RequiredError],
    [
      'FeatureSupportError for shader-f16',
      webLlmError(
        'FeatureSupportError',
        'This model requires feature shader-f16, which is not yet supported by this browser.',
      ),
      ShaderF16RequiredError,
    ],
    ['DeviceLostError (message mentions OOM)', WEBLLM_ERRORS.deviceLost(), GpuDeviceLostError],
    ['device lost text', new Error('GPU device is lost: reason destroyed'), GpuDeviceLostError],
    ['ArrayBuffer allocation', WEBLLM_ERRORS.outOfMemory(), GpuOutOfMemoryError],
    ['WebGPU out of memory', new Error('Out of memory while creating buffer'), GpuOutOfMemoryError],
    [
      'wasm memory',
      new RangeError('WebAssembly.Memory(): could not allocate memory'),
      GpuOutOfMemoryError,
    ],
    ['offline fetch', WEBLLM_ERRORS.offline(), ModelDownloadError],
    [
      'Cache.add network error',
      new TypeError('Cache.add() encountered a network error'),
      ModelDownloadError,
    ],
    [
      'tvm cannot fetch',
      new Error('Cannot fetch https://huggingface.co/x/resolve/main/params_shard_0.bin'),
      ModelDownloadError,
    ],
    [
      'Firefox NetworkError',
      new TypeError('NetworkError when attempting to fetch resource.'),
      ModelDownloadError,
    ],
    ['Safari load failed', new TypeError('Load failed'), ModelDownloadError],
    ['QuotaExceededError', WEBLLM_ERRORS.quota(), ModelStorageFullError],
    [
      'AbortError',
      new DOMException('The operation was aborted.', 'AbortError'),
      ModelLoadCancelledError,
    ],
    ['ModelNotFoundError', WEBLLM_ERRORS.modelNotFound('nope'), WebLlmUnknownModelError],
    [
      'ModelNotLoadedError',
      webLlmError('ModelNotLoadedError', 'Model not loaded before trying to complete'),
      WebLlmModelNotLoadedError,
    ],
    [
      'serialised from the worker',
      { name: 'ShaderF16SupportError', message: 'needs f16' },
      ShaderF16RequiredError,
    ],
  ])('%s', (_label, input, expected) => {
    const mapped = mapWebLlmError(input, 'SmolLM2-360M-Instruct-q4f32_1-MLC');
    expect(mapped).toBeInstanceOf(expected);
    expect(mapped).toBeInstanceOf(WebLlmError);
    expect((mapped as WebLlmError).advice.length).toBeGreaterThan(20);
    expect(mapped.cause ?? null).toBe(expected === WebLlmModelNotLoadedError ? null : input);
  });

  it.each([
    [
      'an unrelated WebLLM error keeps its identity',
      webLlmError('SeedTypeError', '`seed` should be an integer'),
    ],
    ['a TypeError that is not about the network', new TypeError('x is not a function')],
  ])('%s', (_label, input) => {
    expect(mapWebLlmError(input)).toBe(input);
  });

  it.each([
    ['a string', 'boom', 'Error', 'boom'],
    [
      'a { name, message } object',
      { name: 'ConfigValueError', message: 'bad' },
      'ConfigValueError',
      'bad',
    ],
    ['an empty object', {}, 'Error', '[object Object]'],
  ])('rebuilds %s as an Error with its name', (_label, input, name, message) => {
    const mapped = mapWebLlmError(input);
    expect(mapped).toBeInstanceOf(Error);
    expect([mapped.name, mapped.message]).toEqual([name, message]);
  });

  it('passes our own errors through untouched', () => {
    const own = new ModelDownloadError('m');
    expect(mapWebLlmError(own, 'other')).toBe(own);
  });
});

describe('error messages say what to do next', () => {
  it.each([
    [new WebGpuUnavailableError(), 'webgpu-unavailable', /Chrome or Edge/],
    [
      new WebGpuUnavailableError('No adapter here.'),
      'webgpu-unavailable',
      /^No adapter here\. Use/,
    ],
    [
      new ShaderF16RequiredError('gemma3-1b-it-q4f16_1-MLC'),
      'shader-f16',
      /gemma3-1b-it-q4f16_1-MLC needs .* q4f32/,
    ],
    [new GpuDeviceLostError('m'), 'device-lost', /smaller model/],
    [
      new GpuOutOfMemoryError(),
      'out-of-memory',
      /not enough GPU memory for the model\. .*smaller model/,
    ],
    [
      new ModelDownloadError('m'),
      'download',
      /check your connection.*downloaded once from Hugging Face, then cached/i,
    ],
    [new ModelStorageFullError('m'), 'storage-full', /Delete cached models/],
    [new ModelLoadCancelledError('m'), 'cancelled', /kept in the cache/],
    [new WebLlmModelNotLoadedError('m'), 'not-loaded', /Load it again/],
    [new WebLlmUnknownModelError('zzz'), 'unknown-model', /no model called zzz/],
    [new WebLlmWorkerCrashedError('script 404'), 'worker-crashed', /\(script 404\)\. Retry/],
  ])('%s', (error, code, pattern) => {
    expect(error.code).toBe(code);
    expect(error.message).toMatch(pattern);
    expect(error.name).toBe(error.constructor.name);
  });
});
