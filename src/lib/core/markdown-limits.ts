// When model output is too big or too deeply nested to format as markdown without freezing the page
// (marked recurses per nesting level and lays out megabytes slowly), and what to show instead.
import { formatBytes, utf8Length } from './importers/text';

/** Largest text formatted as markdown: 100 KB of UTF-8, far above a normal model response. */
export const MARKDOWN_MAX_BYTES = 100 * 1024;

/** Deepest nesting of block quotes and lists formatted as markdown. */
export const MARKDOWN_MAX_NESTING = 16;

/** Characters of an over-long text shown as plain text; laying out more takes the page seconds. */
export const PLAIN_SHOWN_CHARS = 20_000;

/** Why a text is shown as plain text. */
export type PlainReason = 'size' | 'nesting' | 'error';

/** How to show a text: formatted, or as plain text with a notice saying why. */
export type MarkdownPlan =
  | { kind: 'markdown' }
  | {
      kind: 'plain';
      reason: PlainReason;
      /** One sentence for the reader: why it is plain and what to do. */
      notice: string;
      /** The part to show (the start of the text when it is longer than PLAIN_SHOWN_CHARS). */
      shown: string;
      /** Whether `shown` is only the start of the text. */
      truncated: boolean;
    };

/** Limits for {@link planMarkdown}; the defaults are the exported constants. */
export interface MarkdownLimits {
  maxBytes?: number;
  maxNesting?: number;
  shownChars?: number;
}

const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const FENCE = /^(`{3,}|~{3,})/;

/**
 * The deepest nesting of block quotes and list items in markdown text, found in one linear pass
 * without parsing: each `>` before a line's content counts one level, and a list item counts one
 * more level per two columns of indentation. Lines inside fenced code blocks are skipped.
 */
export function markdownNesting(text: string): number {
  let deepest = 0;
  let fence: string | null = null;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let quotes = 0;
    let columns = 0;
    let i = start;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x3e) quotes++;
      else if (c === 0x20) columns++;
      else if (c === 0x09) columns += 4 - (columns % 4);
      else break;
    }
    const rest = text.slice(i, Math.min(end, i + 12));
    const fenceMatch = FENCE.exec(rest);
    if (fence !== null) {
      if (fenceMatch !== null && fenceMatch[1]![0] === fence[0]) fence = null;
    } else if (fenceMatch !== null) {
      fence = fenceMatch[1]!;
    } else {
      const list = LIST_MARKER.test(rest) ? Math.floor(columns / 2) + 1 : 0;
      deepest = Math.max(deepest, quotes + list);
    }
    start = end + 1;
  }
  return deepest;
}

/** `text` cut to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = (text.charCodeAt(max - 1) & 0xfc00) === 0xd800 ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * Plain-text view of a text, with the notice for `reason`.
 * @param detail the size or depth found, or the formatter's error message
 */
export function plainPlan(
  text: string,
  reason: PlainReason,
  detail: string,
  limits: MarkdownLimits = {},
): MarkdownPlan & { kind: 'plain' } {
  const shownChars = limits.shownChars ?? PLAIN_SHOWN_CHARS;
  const shown = cut(text, shownChars);
  const truncated = shown.length < text.length;
  const because =
    reason === 'size'
      ? `Shown as plain text because it is ${detail} (responses over ${formatBytes(limits.maxBytes ?? MARKDOWN_MAX_BYTES)} are not formatted).`
      : reason === 'nesting'
        ? `Shown as plain text because it nests ${detail} levels deep (formatting stops at ${limits.maxNesting ?? MARKDOWN_MAX_NESTING}).`
        : `Shown as plain text because it could not be formatted (${detail}).`;
  const rest = truncated
    ? ` Only the first ${formatBytes(utf8Length(shown))} are shown; download the full text to read all of it.`
    : '';
  return { kind: 'plain', reason, notice: because + rest, shown, truncated };
}

/**
 * Decides how to show untrusted markdown: formatted when it is small and shallow enough, otherwise
 * as plain text with a notice (and only its start when it is very long).
 */
export function planMarkdown(text: string, limits: MarkdownLimits = {}): MarkdownPlan {
  const maxBytes = limits.maxBytes ?? MARKDOWN_MAX_BYTES;
  // A UTF-16 unit is 1 to 3 UTF-8 bytes. Bytes are counted only where that leaves the answer
  // open: counting 10 MB takes a cold page ~200 ms, so a text longer than the limit in UTF-16
  // units is reported by that length (exact for ASCII, a lower bound otherwise).
  if (text.length > maxBytes) return plainPlan(text, 'size', formatBytes(text.length), limits);
  if (text.length * 3 > maxBytes) {
    const bytes = utf8Length(text);
    if (bytes > maxBytes) return plainPlan(text, 'size', formatBytes(bytes), limits);
  }
  const depth = markdownNesting(text);
  if (depth > (limits.maxNesting ?? MARKDOWN_MAX_NESTING)) {
    return plainPlan(text, 'nesting', depth.toLocaleString('en'), limits);
  }
  return { kind: 'markdown' };
}
