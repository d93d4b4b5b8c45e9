// Turns WebLLM's load progress reports (a per-phase fraction plus free text) into LoadProgress.
// WebLLM restarts its fraction in every phase and only states bytes in the text, so we parse it.
import type { LoadProgress } from '../types';

/** Where a load is: WebLLM downloads shards, then copies them to the GPU, then compiles shaders. */
export type LoadPhase = 'starting' | 'downloading' | 'loading' | 'compiling' | 'ready';

/** LoadProgress with the phase, for UI text such as "Downloading 40%". */
export interface WebLlmLoadProgress extends LoadProgress {
  phase: LoadPhase;
  /** WebLLM's own fraction within the phase (0..1). */
  phaseFraction: number;
}

/** WebLLM's `InitProgressReport` (progress 0..1 within a phase, seconds, text). */
export interface InitProgressReportLike {
  progress: number;
  timeElapsed: number;
  text: string;
}

/** What the report text says. */
export interface ParsedProgressText {
  phase: LoadPhase | null;
  /** Megabytes WebLLM says it has fetched or loaded (it rounds up). */
  megabytes: number | null;
}

const MIB = 1024 * 1024;
const PHASE_PATTERNS: ReadonlyArray<[RegExp, LoadPhase]> = [
  [/^Fetching param cache/i, 'downloading'],
  [/^Start to fetch params/i, 'starting'],
  [/^Loading model from cache/i, 'loading'],
  [/^Loading GPU shader modules/i, 'compiling'],
  [/^Finish loading/i, 'ready'],
];

/**
 * Reads the phase and byte count out of a WebLLM progress text such as
 * "Fetching param cache[3/20]: 120MB fetched. 12% completed, 5 secs elapsed. ...".
 * @param text the report's text
 */
export function parseProgressText(text: string): ParsedProgressText {
  const phase = PHASE_PATTERNS.find(([pattern]) => pattern.test(text.trim()))?.[1] ?? null;
  const bytes = /(\d+(?:\.\d+)?)\s*MB\s+(?:fetched|loaded)/i.exec(text);
  return { phase, megabytes: bytes?.[1] !== undefined ? Number(bytes[1]) : null };
}

/** Overall-progress share of each phase; loading from cache dominates when nothing is fetched. */
function overallFraction(phase: LoadPhase, phaseFraction: number, downloaded: boolean): number {
  switch (phase) {
    case 'starting':
      return 0;
    case 'downloading':
      return 0.8 * phaseFraction;
    case 'loading':
      return downloaded ? 0.8 + 0.15 * phaseFraction : 0.95 * phaseFraction;
    case 'compiling':
      return 0.95 + 0.05 * phaseFraction;
    case 'ready':
      return 1;
  }
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** Accumulates WebLLM reports for one load into a monotonic overall progress. */
export class LoadProgressTracker {
  private phase: LoadPhase = 'starting';
  private fraction = 0;
  private downloaded = false;

  /** @param startMs the clock reading when the load started (elapsed time is ours, not WebLLM's) */
  constructor(private readonly startMs: number) {}

  /**
   * Folds in one WebLLM report.
   * @param report WebLLM's progress report
   * @param nowMs the current clock reading, same clock as `startMs`
   */
  update(report: InitProgressReportLike, nowMs: number): WebLlmLoadProgress {
    const parsed = parseProgressText(report.text);
    if (parsed.phase) this.phase = parsed.phase;
    if (this.phase === 'downloading') this.downloaded = true;
    const phaseFraction = clamp01(report.progress);
    this.fraction = Math.max(
      this.fraction,
      overallFraction(this.phase, phaseFraction, this.downloaded),
    );
    const progress: WebLlmLoadProgress = {
      fraction: this.fraction,
      elapsedMs: Math.max(0, nowMs - this.startMs),
      text: report.text,
      phase: this.phase,
      phaseFraction,
    };
    if (parsed.megabytes !== null && (this.phase === 'downloading' || this.phase === 'loading')) {
      progress.loadedBytes = parsed.megabytes * MIB;
      if (phaseFraction > 0) progress.totalBytes = Math.round(progress.loadedBytes / phaseFraction);
    }
    return progress;
  }
}
