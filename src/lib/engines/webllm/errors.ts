// Typed WebLLM failures whose messages tell the user what to do next.
// WebLLM does not export its error classes, so mapWebLlmError matches on `name` and message text.

/** Machine-readable kind of a WebLLM failure, for UI branching (e.g. offer a smaller model). */
export type WebLlmErrorCode =
  | 'webgpu-unavailable'
  | 'shader-f16'
  | 'device-lost'
  | 'out-of-memory'
  | 'download'
  | 'storage-full'
  | 'cancelled'
  | 'not-loaded'
  | 'unknown-model'
  | 'worker-crashed';

/** Base class of every WebLLM engine error; `advice` is the user-facing next step. */
export class WebLlmError extends Error {
  readonly code: WebLlmErrorCode;
  readonly advice: string;

  /**
   * @param code failure kind
   * @param problem what went wrong, in user terms
   * @param advice what the user should do next
   * @param cause the underlying error, kept for debugging
   */
  constructor(code: WebLlmErrorCode, problem: string, advice: string, cause?: unknown) {
    super(`${problem} ${advice}`, cause === undefined ? undefined : { cause });
    this.name = 'WebLlmError';
    this.code = code;
    this.advice = advice;
  }
}

function modelLabel(modelId: string | undefined): string {
  return modelId ? `the model ${modelId}` : 'the model';
}

/** No WebGPU, or no usable adapter: local WebLLM models cannot run in this browser. */
export class WebGpuUnavailableError extends WebLlmError {
  /**
   * @param reason the probe's explanation, if known
   * @param cause the underlying error
   */
  constructor(reason?: string, cause?: unknown) {
    super(
      'webgpu-unavailable',
      reason ?? 'WebGPU is not available in this browser, so WebLLM models cannot run here.',
      'Use a recent Chrome or Edge with hardware acceleration enabled, or choose the CPU (transformers.js) engine or a cloud model in Settings.',
      cause,
    );
    this.name = 'WebGpuUnavailableError';
  }
}

/** The model uses 16-bit float shaders and this GPU/browser lacks `shader-f16`. */
export class ShaderF16RequiredError extends WebLlmError {
  /**
   * @param modelId the model that needs shader-f16
   * @param cause the underlying error
   */
  constructor(modelId?: string, cause?: unknown) {
    super(
      'shader-f16',
      `${capitalise(modelLabel(modelId))} needs the WebGPU feature shader-f16, which this GPU or browser does not offer.`,
      'Pick the q4f32 (32-bit float) variant of the model instead; the model list only offers models this device can run.',
      cause,
    );
    this.name = 'ShaderF16RequiredError';
  }
}

/** The WebGPU device was lost (driver reset, or memory exhausted while allocating). */
export class GpuDeviceLostError extends WebLlmError {
  /**
   * @param modelId the model that was loading or running
   * @param cause the underlying error
   */
  constructor(modelId?: string, cause?: unknown) {
    super(
      'device-lost',
      `The GPU device was lost while using ${modelLabel(modelId)}, most often because it ran out of memory.`,
      'Reload the page, close other GPU-heavy tabs, and pick a smaller model or a -1k (short context) variant.',
      cause,
    );
    this.name = 'GpuDeviceLostError';
  }
}

/** An allocation failed: the model does not fit in this device's GPU (or WASM) memory. */
export class GpuOutOfMemoryError extends WebLlmError {
  /**
   * @param modelId the model that did not fit
   * @param cause the underlying error
   */
  constructor(modelId?: string, cause?: unknown) {
    super(
      'out-of-memory',
      `There is not enough GPU memory for ${modelLabel(modelId)}.`,
      'Close other GPU-heavy tabs and pick a smaller model (fewer parameters, q4 quantisation) or a -1k (short context) variant.',
      cause,
    );
    this.name = 'GpuOutOfMemoryError';
  }
}

/** The weights, config or model library could not be fetched (offline, blocked, server error). */
export class ModelDownloadError extends WebLlmError {
  /**
   * @param modelId the model being downloaded
   * @param cause the underlying error
   */
  constructor(modelId?: string, cause?: unknown) {
    super(
      'download',
      `Could not download ${modelLabel(modelId)}.`,
      'Check your connection and retry; the model is downloaded once from Hugging Face, then cached in this browser for offline use.',
      cause,
    );
    this.name = 'ModelDownloadError';
  }
}

/** The browser refused to cache more data. */
export class ModelStorageFullError extends WebLlmError {
  /**
   * @param modelId the model being cached
   * @param cause the underlying QuotaExceededError
   */
  constructor(modelId?: string, cause?: unknown) {
    super(
      'storage-full',
      `Browser storage is full, so ${modelLabel(modelId)} cannot be cached.`,
      'Delete cached models you no longer need in Settings, request persistent storage, or free disk space, then retry.',
      cause,
    );
    this.name = 'ModelStorageFullError';
  }
}

/** The user cancelled a load; already-downloaded parts stay cached. */
export class ModelLoadCancelledError extends WebLlmError {
  /**
   * @param modelId the model whose load was cancelled
   * @param cause the underlying AbortError, if any
   */
  constructor(modelId?: string, cause?: unknown) {
    super(
      'cancelled',
      `Loading ${modelLabel(modelId)} was cancelled.`,
      'Start it again when you are ready; the parts already downloaded are kept in the cache.',
      cause,
    );
    this.name = 'ModelLoadCancelledError';
  }
}

/** A chat was sent to an engine whose model was unloaded or replaced. */
export class WebLlmModelNotLoadedError extends WebLlmError {
  /** @param modelId the model the engine was created for */
  constructor(modelId?: string) {
    super(
      'not-loaded',
      `${capitalise(modelLabel(modelId))} is no longer loaded.`,
      'Load it again in Settings (it is cached, so this is quick) and rerun.',
    );
    this.name = 'WebLlmModelNotLoadedError';
  }
}

/** The model id is not in WebLLM's model list (nor in the app's extra records). */
export class WebLlmUnknownModelError extends WebLlmError {
  /**
   * @param modelId the id that was asked for
   * @param cause the underlying error
   */
  constructor(modelId?: string, cause?: unknown) {
    super(
      'unknown-model',
      `WebLLM has no model called ${modelId ?? '(none)'}.`,
      'Pick a model from the list in Settings; ids look like SmolLM2-360M-Instruct-q4f32_1-MLC.',
      cause,
    );
    this.name = 'WebLlmUnknownModelError';
  }
}

/** The worker died (script failed to load, or the browser killed it). */
export class WebLlmWorkerCrashedError extends WebLlmError {
  /**
   * @param detail what the worker reported, if anything
   * @param cause the underlying error event or error
   */
  constructor(detail?: string, cause?: unknown) {
    super(
      'worker-crashed',
      `The WebLLM worker stopped unexpectedly${detail ? ` (${detail})` : ''}.`,
      'Retry; if it keeps failing, reload the page.',
      cause,
    );
    this.name = 'WebLlmWorkerCrashedError';
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const GPU_UNAVAILABLE_NAMES = new Set(['WebGPUNotAvailableError', 'WebGPUNotFoundError']);
const GPU_UNAVAILABLE_TEXT =
  /unable to find a compatible gpu|webgpu is not supported|cannot find webgpu/i;
const OOM_TEXT =
  /out of memory|\boom\b|allocation failed|could not allocate|cannot allocate|failed to allocate/i;
const DEVICE_LOST_TEXT = /device (was |is |has been )?lost/i;
const NETWORK_TEXT =
  /failed to fetch|networkerror|network error|load failed|cannot fetch|err_internet_disconnected|err_name_not_resolved|err_connection|err_network/i;

function nameAndMessage(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message };
  if (typeof err === 'object' && err !== null) {
    const record = err as { name?: unknown; message?: unknown };
    return {
      name: typeof record.name === 'string' ? record.name : 'Error',
      message: typeof record.message === 'string' ? record.message : String(err),
    };
  }
  return { name: 'Error', message: String(err) };
}

/**
 * Turns whatever WebLLM (or the browser under it) threw into one of this module's error classes.
 * Unknown failures come back as an `Error` carrying the original name and message, so nothing is
 * hidden. Order matters: WebLLM's DeviceLostError message mentions OOM, so names win over text.
 * @param err the thrown value (an Error, a DOMException, or a `{ name, message }` from a worker)
 * @param modelId the model involved, for the message
 */
export function mapWebLlmError(err: unknown, modelId?: string): Error {
  if (err instanceof WebLlmError) return err;
  const { name, message } = nameAndMessage(err);
  if (GPU_UNAVAILABLE_NAMES.has(name) || GPU_UNAVAILABLE_TEXT.test(message)) {
    return new WebGpuUnavailableError(undefined, err);
  }
  if (
    name === 'ShaderF16SupportError' ||
    (name === 'FeatureSupportError' && message.includes('shader-f16'))
  ) {
    return new ShaderF16RequiredError(modelId, err);
  }
  if (name === 'DeviceLostError') return new GpuDeviceLostError(modelId, err);
  if (name === 'ModelNotFoundError' || name === 'SpecifiedModelNotFoundError') {
    return new WebLlmUnknownModelError(modelId, err);
  }
  if (name === 'ModelNotLoadedError' || name === 'WorkerEngineModelNotLoadedError') {
    return new WebLlmModelNotLoadedError(modelId);
  }
  if (name === 'AbortError') return new ModelLoadCancelledError(modelId, err);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) {
    return new ModelStorageFullError(modelId, err);
  }
  if (OOM_TEXT.test(message)) return new GpuOutOfMemoryError(modelId, err);
  if (DEVICE_LOST_TEXT.test(message)) return new GpuDeviceLostError(modelId, err);
  if (NETWORK_TEXT.test(message) || (name === 'TypeError' && /fetch|network/i.test(message))) {
    return new ModelDownloadError(modelId, err);
  }
  if (err instanceof Error) return err;
  const plain = new Error(message);
  plain.name = name;
  return plain;
}
