// Errors of the transformers.js engine: one class per failure, each message says what to do.
// The worker flattens errors to WireError; the client turns them back into these classes.
import type { ErrorKind, WireError } from './protocol';

/** Base class of every transformers.js engine error. */
export class TransformersEngineError extends Error {
  /** The worker-side failure kind. */
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** The caller cancelled (AbortSignal). Named `AbortError` like fetch's, so callers can match it. */
export class TransformersAbortError extends TransformersEngineError {
  override name = 'AbortError';
  constructor(message = 'The local model request was cancelled.') {
    super('aborted', message);
  }
}

/** Model files could not be fetched or parsed. */
export class TransformersLoadError extends TransformersEngineError {
  override name = 'TransformersLoadError';
  constructor(message: string) {
    super('load', message);
  }

  /** The error for `model`, with advice for the user. */
  static for(model: string, cause: string): TransformersLoadError {
    return new TransformersLoadError(
      `Could not load the local model "${model}": ${cause}. Check your internet connection ` +
        '(the first use downloads the model) and try again, or pick another model in Settings.',
    );
  }

  /** The error for `model` when the browser is offline and the model is not stored. */
  static offline(model: string): TransformersLoadError {
    return new TransformersLoadError(
      `You are offline and the local model "${model}" is not stored in this browser. ` +
        'Connect once and download it under Settings › Local models on the CPU; it then works offline.',
    );
  }
}

/** The requested device (WebGPU) cannot run the model. */
export class TransformersDeviceError extends TransformersEngineError {
  override name = 'TransformersDeviceError';
  constructor(message: string) {
    super('device', message);
  }

  /** The error with advice for the user. */
  static for(cause: string): TransformersDeviceError {
    return new TransformersDeviceError(
      `The browser could not run the local model on this device: ${cause}. ` +
        "Switch the local engine's device to WASM (CPU) in Settings and try again.",
    );
  }
}

/** Inference itself failed after the model loaded. */
export class TransformersInferenceError extends TransformersEngineError {
  override name = 'TransformersInferenceError';
  constructor(message: string) {
    super('inference', message);
  }

  /** The error for `model`, with advice for the user. */
  static for(model: string, cause: string): TransformersInferenceError {
    return new TransformersInferenceError(
      `The local model "${model}" failed while running: ${cause}. Try again; if it keeps ` +
        'failing, reload the page or pick a smaller model.',
    );
  }
}

/** The worker broke (script failed to load, crashed, or was terminated). */
export class TransformersWorkerError extends TransformersEngineError {
  override name = 'TransformersWorkerError';
  constructor(cause: string) {
    super(
      'inference',
      `The local model worker stopped unexpectedly (${cause}). Reload the page and try again.`,
    );
  }
}

/** A malformed request: a bug in the caller, not something the user can fix. */
export class TransformersRequestError extends TransformersEngineError {
  override name = 'TransformersRequestError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

/**
 * Rebuild an engine error from its wire form. Load/device/inference messages are already
 * complete sentences written by the worker, so they are kept verbatim.
 */
export function errorFromWire(wire: WireError): TransformersEngineError {
  switch (wire.kind) {
    case 'aborted':
      return new TransformersAbortError(wire.message);
    case 'load':
      return new TransformersLoadError(wire.message);
    case 'device':
      return new TransformersDeviceError(wire.message);
    case 'bad-request':
      return new TransformersRequestError(wire.message);
    case 'inference':
      return new TransformersInferenceError(wire.message);
  }
}

/** Flatten any thrown value for postMessage; engine errors keep their kind and text. */
export function errorToWire(err: unknown, fallback: ErrorKind = 'inference'): WireError {
  if (err instanceof TransformersEngineError) {
    return { kind: err.kind, name: err.name, message: err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: fallback, name: 'TransformersEngineError', message };
}

/** Short text of a thrown value, for wrapping into a user-facing message. */
export function causeText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300) || 'unknown error';
}
