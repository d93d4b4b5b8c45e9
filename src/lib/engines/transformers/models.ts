// Default transformers.js models and the rules picking a device and weight variant for them.
// Sizes are the Hub's ONNX file sizes, shown to users before they download anything.
import type { TransformersDevice, TransformersDtype, TransformersTask } from './protocol';

/** A model offered for the transformers.js engine. */
export interface TransformersModelInfo {
  id: string;
  task: TransformersTask;
  label: string;
  /** Weight variant per device; `webgpuF16` is used when the adapter has `shader-f16`. */
  dtypes: { wasm: TransformersDtype; webgpu: TransformersDtype; webgpuF16?: TransformersDtype };
  /** Approximate download size in MB per dtype. */
  sizeMB: Partial<Record<TransformersDtype, number>>;
}

/** Chat models small enough for WASM; the first is the default. */
export const TRANSFORMERS_CHAT_MODELS: readonly TransformersModelInfo[] = [
  {
    id: 'HuggingFaceTB/SmolLM2-360M-Instruct',
    task: 'text-generation',
    label: 'SmolLM2 360M Instruct',
    dtypes: { wasm: 'q4', webgpu: 'q4', webgpuF16: 'q4f16' },
    sizeMB: { q4: 417, q4f16: 299, fp16: 819 },
  },
  {
    id: 'HuggingFaceTB/SmolLM2-135M-Instruct',
    task: 'text-generation',
    label: 'SmolLM2 135M Instruct (fastest, weakest)',
    dtypes: { wasm: 'q4', webgpu: 'q4', webgpuF16: 'q4f16' },
    sizeMB: { q4: 200, q4f16: 134, fp16: 327 },
  },
];

/** Sentence-embedding models; the first (the model transformers.js's docs use) is the default. */
export const TRANSFORMERS_EMBEDDING_MODELS: readonly TransformersModelInfo[] = [
  {
    id: 'Xenova/all-MiniLM-L6-v2',
    task: 'feature-extraction',
    label: 'all-MiniLM-L6-v2 (384 dims)',
    dtypes: { wasm: 'q8', webgpu: 'fp32' },
    sizeMB: { q8: 23, fp32: 90 },
  },
];

/** Default chat model id. */
export const DEFAULT_TRANSFORMERS_CHAT_MODEL = TRANSFORMERS_CHAT_MODELS[0]!.id;
/** Default embedding model id. */
export const DEFAULT_TRANSFORMERS_EMBEDDING_MODEL = TRANSFORMERS_EMBEDDING_MODELS[0]!.id;

/** What the caller asked for: a concrete device, or `auto` to choose by probing WebGPU. */
export type DevicePreference = TransformersDevice | 'auto';

/** The subset of the WebGPU probe the choice needs. */
export interface GpuFacts {
  available: boolean;
  isFallbackAdapter?: boolean;
  hasShaderF16?: boolean;
}

/**
 * Pick the execution device. `auto` uses WebGPU only on a real GPU: a fallback (software)
 * adapter such as SwiftShader is slower than WASM. Outside a browser it is onnxruntime-node.
 */
export function resolveDevice(
  preference: DevicePreference,
  gpu: GpuFacts | undefined,
  inBrowser: boolean,
): TransformersDevice {
  if (preference !== 'auto') return preference;
  if (!inBrowser) return 'cpu';
  return gpu?.available && !gpu.isFallbackAdapter ? 'webgpu' : 'wasm';
}

/**
 * Pick the weight variant: the catalogue's choice for the device, else q4 for chat models and
 * q8 for embeddings on CPU/WASM (fp32 on WebGPU), which every transformers.js export ships.
 */
export function resolveDtype(
  model: string,
  task: TransformersTask,
  device: TransformersDevice,
  gpu?: GpuFacts,
): TransformersDtype {
  const info = [...TRANSFORMERS_CHAT_MODELS, ...TRANSFORMERS_EMBEDDING_MODELS].find(
    (m) => m.id === model && m.task === task,
  );
  if (info) {
    if (device === 'webgpu')
      return (gpu?.hasShaderF16 && info.dtypes.webgpuF16) || info.dtypes.webgpu;
    return info.dtypes.wasm;
  }
  if (task === 'text-generation') return device === 'webgpu' && gpu?.hasShaderF16 ? 'q4f16' : 'q4';
  return device === 'webgpu' ? 'fp32' : 'q8';
}
