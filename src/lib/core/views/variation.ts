// Measured variation in [0, 1] (0 = homogeneous, 1 = maximally varied) for each diversity metric,
// with the axis label and explanation a chart shows; the x coordinate of the MMHS quadrant map.

import type { AnalysisLevel } from '../mmhs';
import type { ResultPoint } from './points';

/** The metrics the quadrant map can place points by. */
export type VariationMetric = 'functional' | 'embedding' | 'vocabulary' | 'compression';

/** The task-agnostic metrics of the paper (everything but functional diversity). */
export type GeneralMetric = Exclude<VariationMetric, 'functional'>;

/** All variation metrics, functional (the default) first. */
export const VARIATION_METRICS: readonly VariationMetric[] = [
  'functional',
  'embedding',
  'vocabulary',
  'compression',
];

/** The general metrics in the paper's order. */
export const GENERAL_METRICS: readonly GeneralMetric[] = ['vocabulary', 'embedding', 'compression'];

/**
 * How a compression ratio becomes a variation.
 * - 'inverse' (default): `min(1, 1 / ratio)`, the share of the text gzip could not remove. It is
 *   absolute, so a point only moves when its own responses change, never because other points
 *   were filtered in or out; that keeps animations between strategies and models honest.
 * - 'min-max': `(max - ratio) / (max - min)` over the points being shown. It spreads the points
 *   over the whole axis but is relative to the selection.
 */
export type CompressionMapping = 'inverse' | 'min-max';

/** Options of the variation functions. */
export interface VariationOptions {
  /** Default 'inverse'. */
  compression?: CompressionMapping;
}

/** What a chart shows about a metric. */
export interface VariationMetricInfo {
  id: VariationMetric;
  /** Legend and selector label. */
  label: string;
  /** Axis title, including how the value was normalised. */
  axisLabel: string;
  /** One or two sentences a student reads next to the axis. */
  explanation: string;
  /** The framework's level of analysis the metric works at. */
  level: AnalysisLevel;
  /** Whether the metric needs an LLM judge (task-anchored) or is computed from the text alone. */
  source: 'judge' | 'text';
}

/** Labels and explanations of every metric. */
export const VARIATION_METRIC_INFO: Readonly<Record<VariationMetric, VariationMetricInfo>> = {
  functional: {
    id: 'functional',
    label: 'Functional diversity',
    axisLabel: 'Functional variation, (classes - 1) / (k - 1)',
    explanation:
      'Task-anchored: a judge decides which responses are functionally equivalent for the task category; 0 means all k responses fall in one class, 1 means every response is functionally different.',
    level: 'functional',
    source: 'judge',
  },
  embedding: {
    id: 'embedding',
    label: 'Embedding diversity',
    axisLabel: 'Embedding variation, mean pairwise cosine distance (clamped to [0, 1])',
    explanation:
      'Semantic: mean of 1 - cosine similarity over all response pairs. Cosine distance can reach 2, but text embeddings of answers to one prompt almost never point in opposite directions, so values above 1 are clamped to 1 (orthogonal or beyond). Embeddings of responses to the same prompt are usually close, so values tend to be small.',
    level: 'semantic',
    source: 'text',
  },
  vocabulary: {
    id: 'vocabulary',
    label: 'Vocabulary diversity',
    axisLabel: 'Vocabulary variation, mean pairwise Jaccard distance of word sets',
    explanation:
      'Lexical: mean of 1 - |shared words| / |all words| over all response pairs; already in [0, 1]. Different wording of the same idea still counts as variation.',
    level: 'lexical',
    source: 'text',
  },
  compression: {
    id: 'compression',
    label: 'Compression diversity',
    axisLabel: 'Compression variation, 1 / gzip ratio (clamped to [0, 1])',
    explanation:
      'Lexical: the k responses are joined and gzipped; repeated text compresses well, so a high ratio means homogeneous output. The view plots 1 / ratio, the share gzip could not remove. Ordinary prose compresses 2-3x even without repetition, so values rarely pass 0.5: compare points with each other rather than with the pole boundary.',
    level: 'lexical',
    source: 'text',
  },
};

/** Axis label for a compression mapping (the min-max variant is relative and says so). */
export function variationAxisLabel(
  metric: VariationMetric,
  options: VariationOptions = {},
): string {
  if (metric === 'compression' && options.compression === 'min-max') {
    return 'Compression variation, gzip ratio min-max scaled over the shown points (inverted)';
  }
  return VARIATION_METRIC_INFO[metric].axisLabel;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

/**
 * Functional variation `(classes - 1) / (k - 1)`. The class count may be a mean across judges and
 * so fractional; values outside [1, k] (possible only from inconsistent records) are clamped.
 * @param classCount Functionally unique responses, or null.
 * @param k Number of responses.
 * @returns A value in [0, 1], or null when unmeasured or when k < 2 (one response cannot vary).
 */
export function functionalVariation(classCount: number | null, k: number): number | null {
  if (classCount === null || !Number.isFinite(classCount) || !Number.isFinite(k) || k < 2) {
    return null;
  }
  return clamp01((classCount - 1) / (k - 1));
}

/**
 * Embedding variation: the mean pairwise cosine distance clamped to [0, 1] (see the metric info).
 * @param distance Mean pairwise cosine distance in [0, 2], or null.
 * @returns A value in [0, 1], or null.
 */
export function embeddingVariation(distance: number | null): number | null {
  return distance === null || !Number.isFinite(distance) ? null : clamp01(distance);
}

/**
 * Vocabulary variation: the mean pairwise Jaccard distance, already in [0, 1].
 * @param distance Mean pairwise Jaccard distance, or null.
 * @returns A value in [0, 1], or null.
 */
export function vocabularyVariation(distance: number | null): number | null {
  return distance === null || !Number.isFinite(distance) ? null : clamp01(distance);
}

/** Range of compression ratios used by the 'min-max' mapping. */
export interface RatioRange {
  min: number;
  max: number;
}

/**
 * Compression variation.
 * @param ratio Gzip compression ratio; ratios <= 0 mean empty text and give null.
 * @param mapping 'inverse' (default) or 'min-max'.
 * @param range Required for 'min-max'; a range of width 0 gives null (nothing to scale by).
 * @returns A value in [0, 1], or null.
 */
export function compressionVariation(
  ratio: number | null,
  mapping: CompressionMapping = 'inverse',
  range: RatioRange | null = null,
): number | null {
  if (ratio === null || !Number.isFinite(ratio) || ratio <= 0) return null;
  if (mapping === 'inverse') return clamp01(1 / ratio);
  if (range === null || !(range.max > range.min)) return null;
  return clamp01((range.max - ratio) / (range.max - range.min));
}

/**
 * Smallest and largest positive compression ratio among the points.
 * @returns The range, or null when no point has a usable ratio.
 */
export function compressionRange(points: readonly ResultPoint[]): RatioRange | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    const r = p.compression;
    if (r === null || !Number.isFinite(r) || r <= 0) continue;
    if (r < min) min = r;
    if (r > max) max = r;
  }
  return min <= max ? { min, max } : null;
}

/**
 * Returns a function giving each point's variation for one metric. The dataset-relative range of
 * the 'min-max' compression mapping is computed once here, over `points`.
 * @param points The points being shown (only read for 'min-max').
 * @param metric The metric.
 * @param options Compression mapping.
 * @returns point -> variation in [0, 1], or null when the point lacks the measurement.
 */
export function variationScale(
  points: readonly ResultPoint[],
  metric: VariationMetric,
  options: VariationOptions = {},
): (point: ResultPoint) => number | null {
  switch (metric) {
    case 'functional':
      return (p) => functionalVariation(p.classCount, p.k);
    case 'embedding':
      return (p) => embeddingVariation(p.embedding);
    case 'vocabulary':
      return (p) => vocabularyVariation(p.vocabulary);
    case 'compression': {
      const mapping = options.compression ?? 'inverse';
      const range = mapping === 'min-max' ? compressionRange(points) : null;
      return (p) => compressionVariation(p.compression, mapping, range);
    }
  }
}
