// Chooses which WebLLM prebuilt models this device can run, from the WebGPU probe's limits.
// Pure functions over WebLLM's model records (the list itself comes from the worker at run time).
import type { ModelRecord } from '@mlc-ai/web-llm';

/** The adapter limits the filter needs; a successful `WebGpuProbe` satisfies this. */
export interface DeviceLimits {
  hasShaderF16: boolean;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  /** Overrides the VRAM heuristic (e.g. a "show larger models" setting). */
  vramBudgetMB?: number;
}

/** A probe that found no usable adapter: nothing is runnable. */
export interface NoDevice {
  available: false;
}

/** The subset of a WebLLM model record this module reads. */
export type WebLlmModelRecord = Pick<
  ModelRecord,
  | 'model_id'
  | 'vram_required_MB'
  | 'low_resource_required'
  | 'required_features'
  | 'buffer_size_required_bytes'
  | 'model_type'
> & { overrides?: { context_window_size?: number } };

/** A model offered in the picker. */
export interface ModelOption {
  id: string;
  /** WebLLM's estimate of the VRAM needed, in MB; null when the record has none. */
  vramMB: number | null;
  /** `vramMB` for people, e.g. "580 MB" or "1.1 GB". */
  sizeLabel: string;
  needsShaderF16: boolean;
  /** WebLLM marks it as runnable on limited devices such as phones. */
  lowResource: boolean;
  contextWindow: number | null;
}

/** Whether a model can run here, and if not, why (for a "why is X missing?" hint). */
export type ModelVerdict = { runnable: true } | { runnable: false; reason: string };

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** WebLLM's `ModelType.embedding` and `ModelType.VLM` (an enum we may only import as a type). */
const EMBEDDING_TYPE = 1;
const VISION_TYPE = 2;

/** Tried in order by `defaultModel`: small instruct models in 32-bit float (no f16 needed). */
export const DEFAULT_MODEL_PREFERENCE = [
  'SmolLM2-360M-Instruct-q4f32_1-MLC',
  'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  'Llama-3.2-1B-Instruct-q4f32_1-MLC',
] as const;

/**
 * Whether the model needs the WebGPU `shader-f16` feature. Some q4f16 records omit
 * `required_features` and only fail after the download, so any id containing `f16` counts.
 * The match is case-sensitive on purpose: `...-BF16-q4f32_1` names the source weights' dtype,
 * while the runtime dtype is the lowercase `q4f32` suffix.
 * @param record a WebLLM model record
 */
export function requiresShaderF16(
  record: Pick<WebLlmModelRecord, 'model_id' | 'required_features'>,
): boolean {
  return record.model_id.includes('f16') || (record.required_features ?? []).includes('shader-f16');
}

/**
 * The VRAM budget (MB) assumed for a device. WebGPU does not reveal memory size, so this is a
 * heuristic on `maxBufferSize`: drivers cap one buffer well below total memory, and devices that
 * allow a B-byte buffer have had at least ~4B of memory in practice (1 GiB buffers on 4 GB iGPUs
 * and SwiftShader, 4 GiB - the WebGPU maximum - on 8-24 GB discrete GPUs and Apple silicon).
 * The result is clamped to 1-16 GB; `vramBudgetMB` on the probe overrides it.
 * @param limits the adapter's limits
 */
export function vramBudgetMB(limits: DeviceLimits): number {
  if (limits.vramBudgetMB !== undefined) return limits.vramBudgetMB;
  const fourBuffers = (4 * limits.maxBufferSize) / MIB;
  return Math.min(16 * 1024, Math.max(1024, Math.round(fourBuffers)));
}

/**
 * Whether the device looks like a phone-class GPU: WebLLM's own rule of thumb is a
 * `maxStorageBufferBindingSize` under 1 GiB, and on such devices only models marked
 * `low_resource_required` are offered.
 * @param limits the adapter's limits
 */
export function isLowResourceDevice(limits: DeviceLimits): boolean {
  return limits.maxStorageBufferBindingSize < GIB;
}

/**
 * Formats a size given in MB for people: "580 MB" below 1 GB, "1.1 GB" above.
 * @param megabytes size in MB (1 GB = 1024 MB, as WebLLM's estimates use)
 */
export function formatMegabytes(megabytes: number | null | undefined): string {
  if (megabytes === null || megabytes === undefined || !Number.isFinite(megabytes)) {
    return 'size unknown';
  }
  if (megabytes < 1000) return `${Math.round(megabytes)} MB`;
  return `${(megabytes / 1024).toFixed(1)} GB`;
}

/**
 * Says whether one model can run on this device, and why not when it cannot.
 * Only text chat models qualify: embedding models cannot chat, and vision models carry an image
 * encoder this app (text-only messages) would load for nothing.
 * @param record a WebLLM model record
 * @param probe the device's limits, or a failed probe
 */
export function judgeModel(
  record: WebLlmModelRecord,
  probe: DeviceLimits | NoDevice,
): ModelVerdict {
  if ('available' in probe && probe.available === false) {
    return { runnable: false, reason: 'WebGPU is not available in this browser.' };
  }
  const limits = probe as DeviceLimits;
  const type = Number(record.model_type ?? 0);
  if (type === EMBEDDING_TYPE)
    return { runnable: false, reason: 'Embedding model, not a chat model.' };
  if (type === VISION_TYPE)
    return { runnable: false, reason: 'Vision model; this app sends text only.' };
  if (requiresShaderF16(record) && !limits.hasShaderF16) {
    return { runnable: false, reason: 'Needs shader-f16, which this GPU does not offer.' };
  }
  const budget = vramBudgetMB(limits);
  if (record.vram_required_MB !== undefined && record.vram_required_MB > budget) {
    return {
      runnable: false,
      reason: `Needs about ${formatMegabytes(record.vram_required_MB)} of GPU memory; this device is assumed to have ${formatMegabytes(budget)}.`,
    };
  }
  if (
    record.buffer_size_required_bytes !== undefined &&
    record.buffer_size_required_bytes > limits.maxStorageBufferBindingSize
  ) {
    return { runnable: false, reason: 'Needs larger GPU storage buffers than this device allows.' };
  }
  if (isLowResourceDevice(limits) && record.low_resource_required !== true) {
    return { runnable: false, reason: 'Too heavy for a limited (phone-class) GPU.' };
  }
  return { runnable: true };
}

function toOption(record: WebLlmModelRecord): ModelOption {
  return {
    id: record.model_id,
    vramMB: record.vram_required_MB ?? null,
    sizeLabel: formatMegabytes(record.vram_required_MB),
    needsShaderF16: requiresShaderF16(record),
    lowResource: record.low_resource_required === true,
    contextWindow: record.overrides?.context_window_size ?? null,
  };
}

/**
 * The chat models this device can run, smallest VRAM need first (unknown sizes last, ties by id).
 * @param records WebLLM's `prebuiltAppConfig.model_list` (plus any custom records)
 * @param probe the device's limits, or a failed probe (gives an empty list)
 */
export function filterRunnableModels(
  records: readonly WebLlmModelRecord[],
  probe: DeviceLimits | NoDevice,
): ModelOption[] {
  return records
    .filter((record) => judgeModel(record, probe).runnable)
    .map(toOption)
    .sort(
      (a, b) =>
        (a.vramMB ?? Number.POSITIVE_INFINITY) - (b.vramMB ?? Number.POSITIVE_INFINITY) ||
        a.id.localeCompare(b.id),
    );
}

/**
 * The model to preselect: the first of DEFAULT_MODEL_PREFERENCE that runs here, else the
 * smallest runnable instruct/chat model, else the smallest runnable model, else null.
 * @param records WebLLM's model list
 * @param probe the device's limits, or a failed probe
 */
export function defaultModel(
  records: readonly WebLlmModelRecord[],
  probe: DeviceLimits | NoDevice,
): ModelOption | null {
  const runnable = filterRunnableModels(records, probe);
  for (const id of DEFAULT_MODEL_PREFERENCE) {
    const preferred = runnable.find((option) => option.id === id);
    if (preferred) return preferred;
  }
  const instruct = runnable.find((option) => /instruct|-it-|chat/i.test(option.id));
  return instruct ?? runnable[0] ?? null;
}
