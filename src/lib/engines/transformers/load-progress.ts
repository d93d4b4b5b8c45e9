// Turns the transformers.js worker's per-file download events into the app's LoadProgress: one
// overall fraction, bytes loaded of total, elapsed time and a short text.
import type { LoadProgress } from '../types';
import type { FileProgress } from './protocol';

function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Turns the worker's file events into the app's LoadProgress, tracking the overall fraction. */
export class LoadProgressTracker {
  readonly #model: string;
  readonly #started: number;
  #fraction = 0;
  #loaded: number | undefined;
  #total: number | undefined;

  /**
   * @param model shown in progress texts
   * @param started `performance.now()` when loading began
   */
  constructor(model: string, started = performance.now()) {
    this.#model = model;
    this.#started = started;
  }

  /** The LoadProgress after one more file event. */
  update(p: FileProgress, now = performance.now()): LoadProgress {
    let text: string;
    if (p.status === 'total') {
      this.#fraction = Math.min(1, Math.max(0, (p.percent ?? 0) / 100));
      this.#loaded = p.loaded;
      this.#total = p.total;
      text =
        p.total !== undefined && p.loaded !== undefined
          ? `Loading ${this.#model}: ${formatMB(p.loaded)} of ${formatMB(p.total)}`
          : `Loading ${this.#model}`;
    } else if (p.status === 'progress') {
      text = `Loading ${this.#model}: ${p.file ?? 'file'} ${Math.round(p.percent ?? 0)}%`;
    } else if (p.status === 'done') {
      text = `Loaded ${p.file ?? 'file'} of ${this.#model}`;
    } else {
      text = `Fetching ${p.file ?? 'files'} of ${this.#model}`;
    }
    return {
      fraction: this.#fraction,
      ...(this.#loaded !== undefined ? { loadedBytes: this.#loaded } : {}),
      ...(this.#total !== undefined ? { totalBytes: this.#total } : {}),
      elapsedMs: Math.round(now - this.#started),
      text,
    };
  }

  /** The final progress once the model is ready. */
  ready(now = performance.now()): LoadProgress {
    this.#fraction = 1;
    return {
      fraction: 1,
      ...(this.#loaded !== undefined ? { loadedBytes: this.#loaded } : {}),
      ...(this.#total !== undefined ? { totalBytes: this.#total } : {}),
      elapsedMs: Math.round(now - this.#started),
      text: `${this.#model} is ready`,
    };
  }
}
