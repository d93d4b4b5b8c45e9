// General (task-agnostic) diversity metrics the paper compares against functional diversity:
// vocabulary (Jaccard) distance, embedding cosine distance and gzip compression ratio.
import { gzip } from 'pako';

const WORD_PATTERN = /[\p{L}\p{N}]+/gu;

/**
 * Splits a text into lower-cased runs of Unicode letters and digits.
 * The text is NFC-normalised first so that a precomposed `é` and `e` + combining accent
 * yield the same word (a bare combining mark is not a letter and would split the word).
 * Lower-casing happens after matching because some lower-case forms (e.g. of `İ`) contain
 * combining marks that the pattern would otherwise treat as separators.
 * @param text Any text.
 * @returns The words in order of appearance, duplicates kept.
 */
export function words(text: string): string[] {
  const matches = text.normalize('NFC').match(WORD_PATTERN);
  return matches === null ? [] : matches.map((word) => word.toLowerCase());
}

function jaccardDistance(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let intersection = 0;
  for (const word of small) {
    if (large.has(word)) intersection += 1;
  }
  const union = a.size + b.size - intersection;
  // Two texts without any words share everything they have, so they are not different.
  return union === 0 ? 0 : 1 - intersection / union;
}

/**
 * Vocabulary distance of the paper: `1 - |A∩B| / |A∪B|` over the word sets of two texts.
 * @param a First text.
 * @param b Second text.
 * @returns A value in [0, 1]; 0 when both texts contain no words.
 */
export function vocabularyDistance(a: string, b: string): number {
  return jaccardDistance(new Set(words(a)), new Set(words(b)));
}

/**
 * Embedding distance of the paper: `1 - cos(u, v)`.
 * Zero vectors have no direction, so cosine similarity is undefined for them; we choose:
 * both zero -> 0 (indistinguishable), exactly one zero -> 1 (treated as orthogonal).
 * @param u First vector.
 * @param v Second vector, same length as `u`.
 * @returns A value in [0, 2].
 * @throws RangeError when the lengths differ or a component is not finite.
 */
export function cosineDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  if (u.length !== v.length) {
    throw new RangeError(`cosineDistance: vector lengths differ (${u.length} vs ${v.length})`);
  }
  let dot = 0;
  let normU = 0;
  let normV = 0;
  for (let k = 0; k < u.length; k += 1) {
    const x = u[k] ?? 0;
    const y = v[k] ?? 0;
    dot += x * y;
    normU += x * x;
    normV += y * y;
  }
  if (!Number.isFinite(dot) || !Number.isFinite(normU) || !Number.isFinite(normV)) {
    throw new RangeError('cosineDistance: vectors contain non-finite components (or overflow)');
  }
  if (normU === 0 && normV === 0) return 0;
  if (normU === 0 || normV === 0) return 1;
  const similarity = dot / (Math.sqrt(normU) * Math.sqrt(normV));
  // Rounding can push |similarity| slightly past 1; clamp so the distance stays in [0, 2].
  return 1 - Math.min(1, Math.max(-1, similarity));
}

const utf8 = new TextEncoder();

/** Byte counts behind one compression ratio, so callers and tests can check them exactly. */
export interface CompressionSizes {
  /** UTF-8 bytes of the texts joined by single spaces. */
  utf8Bytes: number;
  /** Bytes of the gzip member (10-byte header, DEFLATE data, 8-byte trailer) at level 9. */
  gzipBytes: number;
}

/**
 * Sizes of `' '.join(texts)` before and after gzip at level 9, equal byte for byte to Python's
 * `len(gzip.compress(data, 9))`. pako is a line-by-line port of zlib's deflate, so with zlib's classic
 * hash it picks the same matches and blocks as the zlib behind Python's gzip; fflate's encoder and
 * Node's (Chromium) zlib do not (fflate differed by up to ~5%). The header carries no file name and a fixed 4-byte mtime, so its size never varies.
 * @param texts The responses to one prompt.
 * @returns UTF-8 and gzip byte counts (gzip of an empty input is 20 bytes).
 */
export function compressionSizes(texts: readonly string[]): CompressionSizes {
  const data = utf8.encode(texts.join(' '));
  // legacyHash: pako 3 otherwise uses Chromium zlib's faster hash (as Node's zlib does), which
  // finds different matches; the classic hash is what canonical zlib, and so Python, uses.
  return { utf8Bytes: data.length, gzipBytes: gzip(data, { level: 9, legacyHash: true }).length };
}

/**
 * Gzip compression ratio of the responses joined by single spaces (Shaib et al., 2024), defined as
 * in the diversity-metrics libraries: `len(data) / len(gzip.compress(data, 9))` with
 * `data = ' '.join(texts).encode('utf-8')`. Higher means more repetitive, i.e. LESS diverse. The
 * gzip size includes its 18-byte header and trailer, so very short inputs have ratios below 1.
 * We keep full precision (the `diversity` package rounds to 3 decimals for display).
 * @param texts The responses to one prompt.
 * @returns The ratio, or 0 when the joined text is empty (there is nothing to compress).
 */
export function compressionRatio(texts: readonly string[]): number {
  const { utf8Bytes, gzipBytes } = compressionSizes(texts);
  return utf8Bytes === 0 ? 0 : utf8Bytes / gzipBytes;
}

/**
 * Mean of a distance over all unordered pairs `{i, j}`, `i < j`.
 * @param items The items to compare.
 * @param distance Symmetric distance; called once per unordered pair.
 * @returns The mean, or 0 for fewer than two items (no pair exists to differ).
 */
export function meanPairwise<T>(items: readonly T[], distance: (a: T, b: T) => number): number {
  const n = items.length;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      sum += distance(items[i] as T, items[j] as T);
    }
  }
  return sum / ((n * (n - 1)) / 2);
}

/**
 * Mean pairwise vocabulary distance of a set of responses.
 * @param texts The responses.
 * @returns A value in [0, 1]; 0 for fewer than two responses.
 */
export function vocabularyDiversity(texts: readonly string[]): number {
  // Tokenise each text once instead of once per pair.
  const sets = texts.map((text) => new Set(words(text)));
  return meanPairwise(sets, jaccardDistance);
}

/**
 * Mean pairwise cosine distance of response embeddings.
 * @param vectors One embedding per response, all of the same length.
 * @returns A value in [0, 2]; 0 for fewer than two vectors.
 * @throws RangeError when vector lengths differ.
 */
export function embeddingDiversity(vectors: readonly ArrayLike<number>[]): number {
  return meanPairwise(vectors, cosineDistance);
}

/** The three general metrics for one set of responses. */
export interface GeneralMetrics {
  /** Mean pairwise vocabulary distance; higher = more diverse. */
  vocabulary: number;
  /** Mean pairwise embedding cosine distance (higher = more diverse), or null without embeddings. */
  embedding: number | null;
  /** Gzip compression ratio; higher = more repetitive, i.e. LESS diverse. */
  compression: number;
}

/**
 * Computes the paper's three general diversity metrics for one prompt's responses.
 * @param texts The responses.
 * @param embeddings Optional embeddings, one per response, in the same order.
 * @returns The metrics; `embedding` is null when no embeddings are given.
 * @throws RangeError when the number of embeddings differs from the number of texts.
 */
export function summarizeGeneralMetrics(
  texts: readonly string[],
  embeddings?: readonly ArrayLike<number>[],
): GeneralMetrics {
  if (embeddings !== undefined && embeddings.length !== texts.length) {
    throw new RangeError(
      `summarizeGeneralMetrics: ${embeddings.length} embeddings for ${texts.length} texts`,
    );
  }
  return {
    vocabulary: vocabularyDiversity(texts),
    embedding: embeddings === undefined ? null : embeddingDiversity(embeddings),
    compression: compressionRatio(texts),
  };
}
