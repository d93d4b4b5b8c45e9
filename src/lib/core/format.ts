// The components' number formatting: byte sizes, counts, elapsed time, load progress, dates.
// Pure functions so the wording is tested once and reads the same on every page.
import { formatBytes as formatByteSize, type ByteStyle } from './bytes';

/** Model sizes: whole numbers up to MB, one decimal for GB and TB below 100. */
const MODEL_SIZES: ByteStyle = {
  largest: 4,
  digits: (unit, value) => (unit >= 3 && value < 100 ? 1 : 0),
};

/** The parts of a model load's progress the progress line reads (engines' LoadProgress). */
export interface ProgressFacts {
  /** 0-1. */
  fraction: number;
  loadedBytes?: number;
  totalBytes?: number;
  elapsedMs: number;
}

/**
 * Formats a byte count for people: "0 B", "512 KB", "580 MB", "1.2 GB" (1 KB = 1024 B, as
 * browsers report storage). Unknown sizes read "size unknown".
 * @param bytes a byte count, or null
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) {
    return 'size unknown';
  }
  return formatByteSize(bytes, MODEL_SIZES);
}

/**
 * Formats elapsed milliseconds: "0 s", "42 s", "3 min 05 s".
 * @param ms elapsed milliseconds
 */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/**
 * One line describing a load: percent, bytes (when known) and elapsed time, e.g.
 * "42% · 120 MB of 580 MB · 12 s".
 * @param progress the load progress
 */
export function describeProgress(progress: ProgressFacts): string {
  const percent = `${Math.floor(Math.min(1, Math.max(0, progress.fraction)) * 100)}%`;
  const parts = [percent];
  if (progress.loadedBytes !== undefined) {
    parts.push(
      progress.totalBytes !== undefined
        ? `${formatBytes(progress.loadedBytes)} of ${formatBytes(progress.totalBytes)}`
        : formatBytes(progress.loadedBytes),
    );
  }
  parts.push(formatElapsed(progress.elapsedMs));
  return parts.join(' · ');
}

/**
 * Counts with thousands separators ("12,345"), independent of the browser's locale so tests and
 * screenshots read the same everywhere.
 * @param n a count
 */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A stored timestamp as a date and time in the browser's locale.
 * @param at milliseconds since the epoch, or an ISO date string
 */
export function formatDateTime(at: number | string): string {
  return new Date(at).toLocaleString();
}

/**
 * Text on one line (runs of whitespace become one space), cut to `max` characters with an
 * ellipsis, for previews of prompts and responses.
 * @param text any text
 * @param max the longest result, ellipsis included
 */
export function oneLine(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
